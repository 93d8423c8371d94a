#!/usr/bin/env bash
# The master key's file (issue 14, deployment): relais refuses to start —
# `relais serve` as every other command — when the key file can be read or
# written by group or others, with a message naming the file and the chmod
# to run; it starts with mode 0600 (what `relais init` and `make run`
# create) or 0400 (a server: /etc/relais/master.key, apart from the
# database).  The checks are on the mode bits, so they hold under root too.
# TAP output.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-keyfile-XXXXXX)
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/tap.sh"

db=$dir/var/relais.db
key=$dir/etc/relais/master.key
mkdir -p "$dir/var" "$dir/etc/relais"
chmod 700 "$dir/etc/relais"

# refuses MODE: serve exits at once with status 1, naming the file and the fix.
refuses() {
	chmod "$1" "$key"
	local out status
	out=$(timeout 20 "$BIN" serve --db "$db" --key-file "$key" --listen 127.0.0.1:0 2>&1)
	status=$?
	[ $status -eq 1 ] && grep -qF "key file $key" <<<"$out" && grep -qF "chmod 600 $key" <<<"$out" &&
		grep -qF "group or others" <<<"$out" || { echo "status $status: $out"; return 1; }
}
# starts MODE: serve is still running after two seconds (timeout ends it: 124).
starts() {
	chmod "$1" "$key"
	timeout 2 "$BIN" serve --db "$db" --key-file "$key" --listen 127.0.0.1:0 >"$dir/serve.out" 2>&1
	local status=$?
	[ $status -eq 124 ] || { echo "status $status"; cat "$dir/serve.out"; return 1; }
}

ok "init writes the key apart from the database" "$BIN" init --db "$db" --key-file "$key"
ok "the key is created mode 0600" test "$(stat -c %a "$key")" = 600
ok "serve starts with 0600" starts 600
ok "serve starts with 0400 (a server)" starts 400
ok "serve refuses a key readable by group" refuses 640
ok "serve refuses a key readable by others" refuses 604
ok "serve refuses a key writable by group" refuses 620
ok "serve refuses a key writable by others" refuses 602
ok "serve refuses a key executable by group" refuses 610
chmod 644 "$key"
ok "other commands refuse it too (purge)" sh -c "'$BIN' purge --db '$db' --key-file '$key' --dry-run >/dev/null 2>&1; test \$? -eq 1"
ok "… with the same message" sh -c "'$BIN' purge --db '$db' --key-file '$key' --dry-run 2>&1 | grep -qF 'chmod 600 $key'"
chmod 400 "$key"
ok "and run once it is fixed" sh -c "'$BIN' purge --db '$db' --key-file '$key' --dry-run | grep -q 'person(s) due'"

# make run's local layout: the key beside the database, mode 0600, starts.
local_db=$dir/local/relais.db
mkdir -p "$dir/local"
ok "the local layout (make run) creates DB.key" "$BIN" init --db "$local_db"
ok "mode 0600" test "$(stat -c %a "$local_db.key")" = 600
ok "and starts" sh -c "timeout 2 '$BIN' serve --db '$local_db' --listen 127.0.0.1:0 >/dev/null 2>&1; test \$? -eq 124"

echo "1..$n"
[ $fails -eq 0 ]
