#!/usr/bin/env bash
# The SQL injection sweep (issue 12, item 7): sqlmap against the real server.
#
# Starts `relais serve` on loopback over a fresh demo database, enrols an
# account of each role (worker, head, admin, auditor, employer) through its
# enrolment link and signs it in with a code of its second factor
# (tests/lib/accounts.sh), and for every target of
# tests/sqlmap/targets (every route of src/routes/routes.c that takes a
# parameter, for each role that may call it) first sends the baseline
# request itself (the session cookie, the CSRF header): a baseline that does
# not end in a 2xx fails the target.  Then sqlmap runs on it: on the path
# parameters (marked with sqlmap's `*`) and the body (form or JSON) when the
# path holds any, and on the query, the body and, from level 2 on, the
# cookie (level 3: the User-Agent and Referer headers too) when there is a
# query, a body not yet tested or a level above 1.  The
# requests sqlmap sent and the statuses it got are read from its traffic
# file; a finding ("injectable", an injection point identified, a non-empty
# log of injection points) fails the target.  TAP output.
#
#   SQLMAP_LEVEL   sqlmap's --level (1 to 5) [1]
#   SQLMAP_RISK    sqlmap's --risk [1: no payload that alters data by itself]
#   SQLMAP_ONLY    an extended regular expression: only the targets whose
#                  "role METHOD path" matches (the setup lines always run)
#   SQLMAP_BASELINE_ONLY=1   check the baselines, run no sqlmap
#   SQLMAP_KEEP=DIR          keep sqlmap's output and traffic under DIR
#
# No network beyond 127.0.0.1: the server listens there and sqlmap is given
# no other target.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${RELAIS_BIN:-build/relais}
LEVEL=${SQLMAP_LEVEL:-1}
RISK=${SQLMAP_RISK:-1}
ONLY=${SQLMAP_ONLY:-}
TARGETS=tests/sqlmap/targets
dir=$(mktemp -d /tmp/relais-sqlmap-XXXXXX)
pid=""
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; fi
	if [ -n "${SQLMAP_KEEP:-}" ]; then mkdir -p "$SQLMAP_KEEP" && cp -r "$dir"/. "$SQLMAP_KEEP"/; fi
	rm -rf "$dir"
}
trap cleanup EXIT
. tests/cli/tap.sh
. tests/lib/accounts.sh

if ! command -v sqlmap >/dev/null 2>&1; then
	echo "not ok 1 - sqlmap is installed (scripts/install-deps.sh --test)"
	echo "1..1"
	exit 1
fi

# ---- a demo service, an admin account, the server ----
db=$dir/demo.db
"$BIN" init --db "$db" >/dev/null 2>&1 || { echo "Bail out! relais init failed"; exit 1; }
# The reference demo (2006–2009, its 2008 bilan published): the targets name
# that year, whatever the day the scan runs.
"$BIN" demo --db "$db" --today 2009-12-31 >"$dir/demo.out" 2>&1 || { echo "Bail out! relais demo failed"; exit 1; }
# Every account enrols through its link (issue 13): the demo's links, and
# those of our two accounts.
acct_add --db "$db" --login admin.scan --name "Admin" --role admin || { echo "Bail out! user add failed"; exit 1; }
admin_token=$ACCT_TOKEN
# The account whose sign-in form is scanned (sqlmap's wrong passwords slow
# it down, and no other).
acct_add --db "$db" --login login.scan --name "Connexion" --role worker || { echo "Bail out! user add failed"; exit 1; }
login_token=$ACCT_TOKEN
# The one of the JSON sign-in, for the same reason.
acct_add --db "$db" --login api.scan --name "Connexion API" --role worker || { echo "Bail out! user add failed"; exit 1; }
api_token=$ACCT_TOKEN
# The account whose own password and sessions are scanned ("self").
acct_add --db "$db" --login self.scan --name "Compte personnel" --role worker || { echo "Bail out! user add failed"; exit 1; }
self_token=$ACCT_TOKEN
"$BIN" serve --db "$db" --listen 127.0.0.1:0 --session-idle 86400 --session-max 86400 \
	>"$dir/serve.out" 2>"$dir/serve.err" &
pid=$!
for _ in $(seq 100); do grep -q listening "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$dir/serve.out")
case $url in http://127.0.0.1:*) ;; *) echo "Bail out! the server did not start"; cat "$dir/serve.err"; exit 1 ;; esac

# One account per role: the demo's and ours, each enrolled with its password.
declare -A login=([worker]=as.durand [head]=responsable [auditor]=dpo [employer]=rh.montreuil
	[admin]=admin.scan [self]=self.scan)
declare -A password=()
# The targets' placeholders (see placeholder() below).
declare -A var
# "anonymous" sends no session cookie and no CSRF header (the public
# routes): only, as a browser that has loaded /login, the sign-in form's
# pre-session cookie (src/http/signin.c), whose token the form carries
# ({signin_token}).
declare -A cookie=([anonymous]="") csrf=([anonymous]="")
enrol_all() { # the demo's accounts of the roles above, admin.scan, login.scan
	local token l
	for token in $(acct_tokens <"$dir/demo.out"); do
		curl -s -o "$dir/b" "$url/api/v1/enrolment/$token" || return 1
		l=$(jq -r .login "$dir/b")
		case " ${login[*]} " in *" $l "*) ;; *) continue ;; esac
		password[$l]="sqlmap password of $l"
		acct_enrol "$url" "$token" "${password[$l]}" || return 1
	done
	password[admin.scan]="sqlmap admin password"
	acct_enrol "$url" "$admin_token" "${password[admin.scan]}" || return 1
	password[self.scan]="sqlmap self password"
	acct_enrol "$url" "$self_token" "${password[self.scan]}" || return 1
	acct_enrol "$url" "$login_token" "sqlmap login password" || return 1
	var[login_secret]=$ACCT_SECRET
	# The step its enrolment used: {totp} gives the next ones.
	echo "${_acct_last_step[$ACCT_SECRET]}" >"$dir/code.login_secret"
	acct_enrol "$url" "$api_token" "sqlmap api password" || return 1
	var[api_secret]=$ACCT_SECRET
	echo "${_acct_last_step[$ACCT_SECRET]}" >"$dir/code.api_secret"
	local role
	for role in "${!login[@]}"; do
		[ -n "${password[${login[$role]}]:-}" ] || { echo "no enrolment link for ${login[$role]}"; return 1; }
	done
}
ok "the accounts enrol through their links" enrol_all
presession() {
	curl -s -o "$dir/login.html" -D "$dir/login.headers" -c "$dir/anonymous.jar" \
		"${url/127.0.0.1/localhost}/login" || return 1
	local c
	c=$(tr -d '\r' <"$dir/login.headers" |
		sed -n 's/^[Ss]et-[Cc]ookie: \(\(__Host-\)\{0,1\}relais_login=[^;]*\).*/\1/p' | head -1)
	[ -n "$c" ] || { echo "no pre-session cookie on /login"; return 1; }
	grep -q "name=\"login_token\" value=\"${c#*=}\"" "$dir/login.html" ||
		{ echo "the sign-in form does not carry its pre-session token"; return 1; }
	cookie[anonymous]=$c
	var[signin_token]=${c#*=}
}
ok "a visitor holds the sign-in form's pre-session" presession
# A value of a JSON document: json FILE KEY.PATH (a dotted path, numbers
# index arrays, [key=value] picks an array's first element whose key has
# that JSON value).
json() {
	python3 - "$1" "$2" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    if k.startswith("[") and k.endswith("]"):
        key, want = k[1:-1].split("=", 1)
        v = next(e for e in v if json.dumps(e.get(key)) in (want, json.dumps(want)))
    else:
        v = v[int(k)] if isinstance(v, list) else v[k]
print(v)
PY
}
signin() { # ROLE
	local role=$1 l=${login[$1]}
	acct_signin "$url" "$l" "${password[$l]}" || return 1
	cookie[$role]=$ACCT_COOKIE
	csrf[$role]=$ACCT_CSRF
	[ -n "${csrf[$role]}" ]
}
for role in worker head admin auditor employer self; do
	ok "$role (${login[$role]}) signs in" signin "$role"
done
# Two more sessions of self.scan, for the scans that end one of its
# sessions (API, form).
ok "self (self.scan) signs in a second time" acct_signin "$url" self.scan "${password[self.scan]}"
ok "and a third" acct_signin "$url" self.scan "${password[self.scan]}"
# {totp_NAME}: a code of the second-factor secret {NAME}, one time step
# after the last one given for it (kept in a file: placeholders are
# expanded in subshells); the server takes the step after the current one
# too, and the targets that sign in come minutes apart.  {totp} is
# login.scan's.
fresh_code() { # NAME
	local secret=${var[$1]:-} last now step
	[ -n "$secret" ] || { echo "unknown placeholder {$1}" >&2; return 1; }
	now=$(($(date +%s) / 30))
	last=$(cat "$dir/code.$1" 2>/dev/null || echo -1)
	step=$((last >= now ? last + 1 : now))
	[ "$step" -le $((now + 1)) ] || { echo "no fresh code left for {$1} in this window" >&2; return 1; }
	echo "$step" >"$dir/code.$1"
	oathtool --totp --base32 -N "@$((step * 30))" "$secret"
}

# ---- the targets ----
# {role} is the role a scan line runs as (for values that must differ
# between its roles: a code, a login); {totp} a fresh second-factor code of
# login.scan, {totp_NAME} one of the secret {NAME}; {date+N} and {date-N} the date N
# days from today, {wday+N} its ISO weekday (1 is Monday): the records
# the targets write keep to the rules on past and future dates whatever
# the day the scan runs.
placeholder() { # NAME: its value, or an error
	case $1 in
	totp) fresh_code login_secret ;;
	totp_*) fresh_code "${1#totp_}" ;;
	date[+-]*) date -d "${1#date} day" +%F ;;
	wday[+-]*) date -d "${1#wday} day" +%u ;;
	*)
		[ -n "${var[$1]+x}" ] || { echo "unknown placeholder {$1}" >&2; return 1; }
		printf '%s' "${var[$1]}"
		;;
	esac
}
expand() { # TEXT [MARK]: {name} replaced by its value (followed by MARK)
	local s=$1 mark=${2:-} name value out=""
	while [[ $s =~ \{([a-z_0-9]+|(date|wday)[+-][0-9]+)\} ]]; do
		name=${BASH_REMATCH[1]}
		value=$(placeholder "$name") || return 1
		out+="${s%%"{$name}"*}$value$mark"
		s=${s#*"{$name}"}
	done
	printf '%s' "$out$s"
}
# A BODY "multipart:name=value&file=@NAME:CONTENT" is an upload (issue 16):
# multipart/form-data, each pair a part, one with "@" a file named NAME.
MP_BOUNDARY=relaisScanBoundary
multipart_body() { # SPEC (without "multipart:")
	local IFS='&' part name value out="" crlf=$'\r\n'
	for part in $1; do
		name=${part%%=*} value=${part#*=}
		out+="--$MP_BOUNDARY${crlf}Content-Disposition: form-data; name=\"$name\""
		if [[ $value == @* ]]; then
			value=${value#@}
			out+="; filename=\"${value%%:*}\"${crlf}Content-Type: application/octet-stream"
			value=${value#*:}
		fi
		out+="$crlf$crlf$value$crlf"
	done
	printf '%s--%s--\r\n' "$out" "$MP_BOUNDARY"
}
body_of() { # BODY_PATTERN: expanded, an upload's spec made its multipart body
	local body
	body=$(expand "$1") || return 1
	if [[ $body == multipart:* ]]; then multipart_body "${body#multipart:}"; else printf '%s' "$body"; fi
}
content_type() {
	case $1 in
	'{'*) echo application/json ;;
	"--$MP_BOUNDARY"*) echo "multipart/form-data; boundary=$MP_BOUNDARY" ;;
	*) echo application/x-www-form-urlencoded ;;
	esac
}

# send ROLE METHOD URL BODY: the request as the server sees it from a
# browser or a client: the session cookie, the CSRF header, redirects
# followed (a form's 303).  Leaves the first and the final status in
# $dir/status, the final body in $dir/body.
send() {
	local role=$1 method=$2 target=$3 body=$4
	local args=(-s -o "$dir/body" -D "$dir/headers" -w '%{http_code} %{num_redirects} %{url_effective}')
	if [ "$role" != anonymous ]; then
		args+=(-H "Cookie: ${cookie[$role]}" -H "X-CSRF-Token: ${csrf[$role]}")
	else
		# The pre-session's jar (none before it is read); the cookie a
		# sign-in sets kept across its redirect.
		args+=(-b "$dir/anonymous.jar")
	fi
	if [ -n "$body" ]; then args+=(-H "Content-Type: $(content_type "$body")"); fi
	# A POST follows its 303 with a GET, as a browser does after a form
	# (curl keeps the method of -X across redirects: not given for POST).
	case $method in
	POST) args+=(-L --data-binary "$body") ;;
	*) args+=(-X "$method"); [ -n "$body" ] && args+=(--data-binary "$body") ;;
	esac
	# An anonymous request goes to "localhost", which curl (as a browser)
	# takes for a secure origin: the Secure cookies of a sign-in are sent
	# back over plain HTTP on loopback.
	local base=$url
	[ "$role" = anonymous ] && base=${url/127.0.0.1/localhost}
	curl "${args[@]}" "$base$target" >"$dir/status" || return 1
	# A new session (a password change rotates the token) replaces the
	# role's cookie and CSRF token, as in a browser.
	if [ "$role" != anonymous ]; then
		local fresh
		fresh=$(tr -d '\r' <"$dir/headers" | acct_cookie /dev/stdin)
		if [ -n "$fresh" ]; then
			cookie[$role]=$fresh
			# The API's answer, or the page's forms.
			fresh=$(jq -r '.csrf_token // empty' "$dir/body" 2>/dev/null ||
				grep -o 'name="csrf_token" value="[^"]*"' "$dir/body" | head -1 | sed 's/.*value="//; s/"$//')
			[ -n "$fresh" ] && csrf[$role]=$fresh
		fi
	fi
	return 0
}
baseline_ok() { # the final answer is a 2xx, and not the sign-in page
	local code redirects effective
	read -r code redirects effective <"$dir/status"
	[[ $code == 2?? ]] && [[ $effective != */login* ]] ||
		{
			echo "baseline: $code after $redirects redirect(s) ($effective)"
			# The API's error, or the form's messages.
			grep -o '"error":{[^}]*}' "$dir/body" | head -3
			grep -o '<small class="error-field"[^<]*</small>\|role="alert"[^<]*<[^<]*' "$dir/body" | head -5
			return 1
		}
}

# sqlmap_run NAME ROLE METHOD URL BODY: one sqlmap pass; leaves its
# request count and statuses in $dir/runs/NAME/summary; fails on a finding,
# a server error or the server gone.
sqlmap_run() {
	local name=$1 role=$2 method=$3 target=$4 body=$5
	local out=$dir/runs/$name
	mkdir -p "$out"
	local args=(-u "$url$target" --method="$method" --batch --level="$LEVEL" --risk="$RISK"
		--drop-set-cookie --output-dir="$out/out" -t "$out/traffic" --disable-coloring
		--flush-session --ignore-code="$ignore_codes"
		--answers="resend original POST data=N,try URI injections=N")
	# A form's 303 is followed with a GET, as a browser does: not the POST
	# sent again to the new location (sqlmap's default under --batch).  A
	# cookie sqlmap has altered is a 401: not a reason to stop.  The path is
	# tested by the run with marks, not again by sqlmap's own URI guess.
	# A target whose baseline used its object up (scan-once) answers 404
	# (or 409, a proposal already decided) from then on: sqlmap takes that as the page and still sends every
	# payload to the lookup.
	if [ "$role" != anonymous ]; then
		args+=(--cookie="${cookie[$role]}" --headers="X-CSRF-Token: ${csrf[$role]}")
	elif [ -n "${cookie[anonymous]}" ]; then
		args+=(--cookie="${cookie[anonymous]}")
	fi
	if [ -n "$body" ]; then args+=(--data="$body"); fi
	if [[ $body == "--$MP_BOUNDARY"* ]]; then
		args+=(--headers="X-CSRF-Token: ${csrf[$role]}"$'\n'"Content-Type: $(content_type "$body")")
	fi
	HOME=$dir sqlmap "${args[@]}" >"$out/log" 2>&1
	local rc=$?
	local requests statuses
	requests=$(grep -c '^HTTP request \[#' "$out/traffic" 2>/dev/null)
	statuses=$(grep -o '^HTTP response \[#[0-9]*\] ([0-9]*' "$out/traffic" 2>/dev/null |
		awk '{ print $4 }' | tr -d '(' | sort | uniq -c | awk '{ printf "%s%s: %s", (NR > 1 ? ", " : ""), $2, $1 }')
	echo "${requests:-0} ${statuses:-none}" >"$out/summary"
	if [ $rc -ne 0 ] || grep -q 'CRITICAL\] \(unable to connect\|connection refused\|.*not able to connect\)' "$out/log"; then
		echo "sqlmap exited with $rc"
		tail -5 "$out/log"
		return 1
	fi
	# sqlmap gave up on the target before the end of its tests.
	if grep -v 'all tested parameters do not appear to be injectable' "$out/log" |
		grep -q 'skipping to the next target\|no parameter(s) found for testing'; then
		echo "sqlmap stopped early:"
		grep 'skipping to the next target\|no parameter(s) found' "$out/log" | head -3
		return 1
	fi
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "the server is gone"
		tail -5 "$dir/serve.err"
		return 1
	fi
	# Bad input is a 4xx, never a server error.
	if grep -q '^HTTP response \[#[0-9]*\] (5' "$out/traffic" 2>/dev/null; then
		echo "server errors:"
		grep -B2 -A0 '^HTTP response \[#[0-9]*\] (5' "$out/traffic" | head -5
		awk '/^HTTP request \[#/ { req = $0; getline line; r = line } /^HTTP response \[#[0-9]*\] \(5/ { print r; n++ } n >= 3 { exit }' "$out/traffic"
		return 1
	fi
	# What sqlmap says when it finds something (confirmed: a candidate it
	# then reports as a false positive is not one), when a response showed a
	# database error (its heuristic "might be injectable"), and the log it
	# keeps of the injection points.
	if grep -qE "identified the following injection point|parameter '[^']*' is vulnerable|might be injectable" "$out/log" ||
		[ -s "$out/out/127.0.0.1/log" ]; then
		echo "FINDING:"
		grep -E "injectable|injection point|Parameter:|Type:|Title:|Payload:" "$out/log" | grep -v "not injectable\|not appear\|might not be" | head -20
		return 1
	fi
}

# A setup request: its answer must be a 2xx; CAPTURE (name=key.path or -)
# keeps a value of its JSON answer for the targets' placeholders
# (name=key.path:last: the value's last path segment, a URL's file).
setup() { # ROLE CAPTURE METHOD PATH [BODY]
	local role=$1 capture=$2 method=$3 path body
	path=$(expand "$4") || return 1
	body=$(body_of "${5:-}") || return 1
	send "$role" "$method" "$path" "$body" || { echo "curl failed"; return 1; }
	baseline_ok || return 1
	if [ "$capture" != - ]; then
		local name=${capture%%=*} key=${capture#*=} value
		value=$(json "$dir/body" "${key%:last}") || { head -c 400 "$dir/body"; return 1; }
		[ "$key" != "${key%:last}" ] && value=${value##*/}
		var[$name]=$value
	fi
}

# scan ROLE METHOD PATH [BODY]: the baseline, then sqlmap.
scan() {
	local role=$1 method=$2 pattern=$3 body_pattern=${4:-}
	local path marked body
	var[role]=$role
	path=$(expand "$pattern") || return 1
	# sqlmap's mark after each value of the path proper (not the query's).
	marked=$(expand "${pattern%%\?*}" '*') || return 1
	[[ $path == *\?* ]] && marked+="?${path#*\?}"
	body=$(body_of "$body_pattern") || return 1
	send "$role" "$method" "$path" "$body" || { echo "curl failed"; return 1; }
	baseline_ok || return 1
	[ -n "${SQLMAP_BASELINE_ONLY:-}" ] && return 0
	local status=0 runs=() r t0=$SECONDS
	count=$((count + 1))
	# The path's own parameters (ids, codes, logins), and the body's (sqlmap
	# reads a body's parameters even when the URL holds its marks, not the
	# query's, the cookie's or the headers').
	if [ "$marked" != "$path" ]; then
		sqlmap_run "$count.path" "$role" "$method" "$marked" "$body" || status=1
		runs+=("$count.path")
	fi
	# The query, the body if not done above, the cookie from level 2 (an
	# anonymous request has none) and the headers from level 3.
	local headers=0
	if [ "$LEVEL" -ge 3 ] || { [ "$LEVEL" -ge 2 ] && [ "$role" != anonymous ]; }; then headers=1; fi
	if [[ $path == *\?* ]] || [ $headers -eq 1 ] || { [ -n "$body" ] && [ "$marked" = "$path" ]; }; then
		sqlmap_run "$count.params" "$role" "$method" "$path" "$body" || status=1
		runs+=("$count.params")
	fi
	for r in "${runs[@]}"; do
		echo "# ${r#*.}: $(cut -d' ' -f1 "$dir/runs/$r/summary") requests (statuses $(cut -d' ' -f2- "$dir/runs/$r/summary"))" >>"$dir/report"
	done
	echo "# $((SECONDS - t0)) s" >>"$dir/report"
	return $status
}

count=0
total_requests=0
ignore_codes=401
setup_seconds=$SECONDS # the demo database, the server, the sign-ins
declare -A covered
mkdir -p "$dir/runs"
# Set-up lines always run; a scan line that SQLMAP_ONLY leaves out is
# still counted as covered (the route list check below).
while read -r kind rest; do
	case $kind in '' | '#'*) continue ;; esac
	case $kind in
	set)
		var[${rest%%=*}]=${rest#*=}
		;;
	setup)
		read -r role capture method path body <<<"$rest"
		ok "setup: $role $method $path" setup "$role" "$capture" "$method" "$path" "$body"
		;;
	none)
		read -r method path _ <<<"$rest"
		covered["$method $path"]=1
		;;
	scan | scan-once)
		ignore_codes=401
		[ "$kind" = scan-once ] && ignore_codes=401,404,409
		read -r roles method path body <<<"$rest"
		covered["$method ${path%%\?*}"]=1
		for role in ${roles//,/ }; do
			if [ -n "$ONLY" ] && ! [[ "$role $method $path" =~ $ONLY ]]; then continue; fi
			: >"$dir/report"
			ok "sqlmap level $LEVEL: $role $method $path" scan "$role" "$method" "$path" "$body"
			cat "$dir/report"
			total_requests=$((total_requests + $(awk '{ s += $3 } END { print s + 0 }' "$dir/report")))
		done
		;;
	*) echo "Bail out! $TARGETS: unknown line kind '$kind'"; exit 1 ;;
	esac
done <"$TARGETS"

# Every route of the table is a target or is stated to take no parameter.
# The patterns are the table's, with the placeholders' names of the targets
# file ({case} for {id}, …): compared with the names blanked.
missing() {
	local m p k blank=0 key
	declare -A have
	for k in "${!covered[@]}"; do have["$(sed 's/{[^}]*}/{}/g' <<<"$k")"]=1; done
	while read -r m p; do
		key="$m $(sed 's/{[^}]*}/{}/g' <<<"$p")"
		[ -n "${have[$key]+x}" ] || { echo "not in $TARGETS: $m $p"; blank=1; }
	done < <(sed -n 's/^[[:space:]]*{M_\([A-Z]*\), "\([^"]*\)".*/\1 \2/p' src/routes/routes.c)
	return $blank
}
ok "every route of src/routes/routes.c is a target or takes no parameter" missing
echo "# sqlmap level $LEVEL, risk $RISK: $count targets, $total_requests requests, in $SECONDS s ($setup_seconds s to set up)"
echo "1..$n"
[ "$fails" -eq 0 ]
