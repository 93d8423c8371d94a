#!/usr/bin/env bash
# relais behind nginx (the README's configuration, without TLS): the
# codings and the caching of issue 15 pass through the proxy unchanged.
# The hashed assets in brotli and gzip as the client asks (decoded by curl
# and compared with the files), immutable, revalidated by ETag; a signed-in
# page gzip'd when asked and identical once decoded to the same page
# fetched from relais directly; nothing compressed for a client that did
# not ask; HEAD.  Skipped, with the reason, when nginx is not installed
# (nginx-light, the test list of scripts/install-deps.sh).  TAP output.
set -u
cd "$(dirname "$0")/../.."
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-nginx-XXXXXX)
relais_pid=""
nginx_pid=""
cleanup() {
	[ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
	[ -n "$relais_pid" ] && kill "$relais_pid" 2>/dev/null && wait "$relais_pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
. tests/cli/tap.sh

if ! command -v nginx >/dev/null 2>&1; then
	echo "ok 1 - relais behind nginx # SKIP nginx is not installed (nginx-light)"
	echo "1..1"
	exit 0
fi

fail_setup() { # WHAT FILE
	echo "not ok 1 - $1"
	[ -f "$2" ] && sed 's/^/# /' "$2" | head -20
	echo "1..1"
	exit 1
}

db=$dir/t.db
"$BIN" init --db "$db" >"$dir/init.out" 2>&1 || fail_setup "relais init" "$dir/init.out"
ACCT_DIR=$dir
. tests/lib/accounts.sh
PW='nginx test password 123'
acct_add --db "$db" --login as1 --name "Assistante" --role worker 2>"$dir/acct.err" ||
	fail_setup "relais user add" "$dir/acct.err"
token=$ACCT_TOKEN

"$BIN" serve --db "$db" --listen 127.0.0.1:0 >"$dir/serve.out" 2>"$dir/serve.err" &
relais_pid=$!
for _ in $(seq 100); do grep -q listening "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
direct=$(sed -n 's/^listening on //p' "$dir/serve.out")
[ -n "$direct" ] || fail_setup "relais serve" "$dir/serve.err"
acct_enrol "$direct" "$token" "$PW" 2>"$dir/acct.err" || fail_setup "enrolment" "$dir/acct.err"

# A free port for nginx (asked of the kernel, then released).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
. bench/nginx.sh
nginx_conf "$dir" "  upstream relais {
    server ${direct#http://};
    keepalive 16;
    keepalive_timeout 20s;
  }
  server {
    listen 127.0.0.1:$port;
    client_max_body_size 1m;
    location / {
      proxy_pass http://relais;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Host \$host;
      proxy_set_header X-Real-IP \$remote_addr;
    }
  }"
nginx -c "$dir/nginx.conf" -p "$dir" 2>"$dir/nginx.start" &
nginx_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
proxy=http://127.0.0.1:$port
curl -s -o /dev/null -f "$proxy/healthz" || fail_setup "nginx in front of relais" "$dir/nginx.err"
acct_signin "$proxy" as1 "$PW" 2>"$dir/acct.err" || fail_setup "sign-in through nginx" "$dir/acct.err"
cookie=$ACCT_COOKIE

# The hashed names the login page links to, through nginx.
curl -s "$proxy/login" | grep -o '/assets/[a-z.]*\.[0-9a-f]\{16\}\.\(css\|js\)' | sort -u >"$dir/assets"

# header FILE NAME — the value of a header of a curl -D file ("" when absent).
header() {
	tr -d '\r' <"$1" | awk -v n="$(tr 'A-Z' 'a-z' <<<"$2")" -F': ' 'tolower($1) == n { print $2; exit }'
}
# expect WHAT GOT WANTED
expect() {
	[ "$2" = "$3" ] && return 0
	echo "$1: got '$2', wanted '$3'"
	return 1
}

# asset_via_nginx PATH CODING — fetched with Accept-Encoding CODING: sent in
# that coding, its length as announced, immutable, decoded to the file.
asset_via_nginx() {
	local path=$1 coding=$2 name file
	name=${path##*/}
	name=$(sed -E 's/\.[0-9a-f]{16}\././' <<<"$name")
	file=$(ls node_modules/@picocss/pico/css/"$name" node_modules/htmx.org/dist/"$name" \
		src/web/assets/"$name" 2>/dev/null | head -1)
	[ -n "$file" ] || { echo "no file for $path"; return 1; }
	curl -s -D "$dir/h" -o "$dir/raw" -H "Accept-Encoding: $coding" "$proxy$path" || return 1
	expect "Content-Encoding" "$(header "$dir/h" Content-Encoding)" "$coding" &&
		expect "Content-Length" "$(header "$dir/h" Content-Length)" "$(stat -c %s "$dir/raw")" &&
		expect "Vary" "$(header "$dir/h" Vary)" "Accept-Encoding" &&
		expect "Cache-Control" "$(header "$dir/h" Cache-Control)" "public, max-age=31536000, immutable" ||
		return 1
	curl -s --compressed -H "Accept-Encoding: $coding" -o "$dir/decoded" "$proxy$path" || return 1
	cmp "$dir/decoded" "$file" || return 1
	[ "$(stat -c %s "$dir/raw")" -lt "$(stat -c %s "$file")" ] || { echo "not smaller"; return 1; }
}

assets_listed() { [ "$(wc -l <"$dir/assets")" -eq 3 ] || { cat "$dir/assets"; return 1; }; }
ok "the login page through nginx links three hashed assets" assets_listed
while read -r a; do
	ok "$a in brotli through nginx" asset_via_nginx "$a" br
	ok "$a in gzip through nginx" asset_via_nginx "$a" gzip
done <"$dir/assets"

asset_plain() {
	local a
	a=$(head -1 "$dir/assets")
	curl -s -D "$dir/h" -o "$dir/raw" "$proxy$a" || return 1
	expect "Content-Encoding" "$(header "$dir/h" Content-Encoding)" "" &&
		expect "Content-Length" "$(header "$dir/h" Content-Length)" "$(stat -c %s "$dir/raw")"
}
ok "an asset as is through nginx when the client does not ask" asset_plain

asset_revalidated() {
	local a etag
	a=$(head -1 "$dir/assets")
	curl -s -D "$dir/h" -o /dev/null -H 'Accept-Encoding: br' "$proxy$a" || return 1
	etag=$(header "$dir/h" ETag)
	expect "ETag" "${etag: -4}" '-br"' || return 1
	expect "status" "$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: br' \
		-H "If-None-Match: $etag" "$proxy$a")" 304
}
ok "an asset revalidated by its variant's ETag through nginx (304)" asset_revalidated

page_via_nginx() {
	curl -s -H "Cookie: $cookie" -o "$dir/direct.html" "$direct/" || return 1
	curl -s -D "$dir/h" -o "$dir/page.gz" -H "Cookie: $cookie" -H 'Accept-Encoding: gzip' "$proxy/" || return 1
	expect "Content-Encoding" "$(header "$dir/h" Content-Encoding)" gzip &&
		expect "Content-Length" "$(header "$dir/h" Content-Length)" "$(stat -c %s "$dir/page.gz")" &&
		expect "Vary" "$(header "$dir/h" Vary)" "Accept-Encoding" || return 1
	gzip -dc <"$dir/page.gz" >"$dir/page.html" || return 1
	cmp "$dir/page.html" "$dir/direct.html" || return 1
	[ "$(stat -c %s "$dir/direct.html")" -ge 1024 ] || { echo "page below the threshold"; return 1; }
}
ok "a signed-in page gzip'd through nginx, identical once decoded" page_via_nginx

page_plain_via_nginx() {
	curl -s -D "$dir/h" -o "$dir/plain.html" -H "Cookie: $cookie" "$proxy/" || return 1
	expect "Content-Encoding" "$(header "$dir/h" Content-Encoding)" "" &&
		cmp "$dir/plain.html" "$dir/direct.html"
}
ok "the page as is through nginx when the client does not ask" page_plain_via_nginx

head_via_nginx() {
	curl -s -I -o "$dir/h" -H "Cookie: $cookie" -H 'Accept-Encoding: gzip' "$proxy/" || return 1
	expect "Content-Encoding" "$(header "$dir/h" Content-Encoding)" gzip &&
		expect "Content-Length" "$(header "$dir/h" Content-Length)" "$(stat -c %s "$dir/page.gz")"
}
ok "HEAD through nginx: the gzip'd page's headers" head_via_nginx

echo "1..$n"
[ "$fails" -eq 0 ]
