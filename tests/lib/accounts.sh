# Accounts through the enrolment flow of issue 13, for the shell tests, the
# SQL injection sweep and the benchmarks: source this file (it needs curl,
# jq and oathtool; scripts/install-deps.sh --test installs them).
#
# An account is created by `relais user add`, which prints its enrolment
# link; the person (here curl) opens the link through the API, sets her
# password and proves her second factor with a code of the secret shown;
# she then signs in with login, password and a current code.
#
#   acct_add ARGS…            relais user add ARGS…: sets ACCT_TOKEN (the
#                             link's token); its output in ACCT_OUT
#   acct_tokens               a filter: every enrolment token of a command's
#                             output ("…/inscription/TOKEN"), one a line
#   acct_enrol URL TOKEN PASSWORD
#                             GET and POST /api/v1/enrolment/TOKEN: sets
#                             ACCT_LOGIN, ACCT_SECRET (base32) and
#                             ACCT_RECOVERY (the ten recovery codes, one a
#                             line), and keeps the secret and the codes for
#                             acct_signin
#   acct_code SECRET          sets ACCT_CODE: a code of a time step newer
#                             than any this shell used for SECRET (1 when
#                             none is left in the server's window)
#   acct_signin URL LOGIN PASSWORD [SECRET]
#                             POST /api/v1/session: sets ACCT_STATUS, and on
#                             200 ACCT_COOKIE ("name=value" of the cookie
#                             whose name ends in relais_session) and
#                             ACCT_CSRF; 0 on 200
#   acct_cookie FILE          prints the session cookie of a response's
#                             headers (curl -D FILE)
#
# Codes: the server refuses a code whose time step is not newer than the
# last it accepted for the account (RFC 6238's reuse rule), and accepts the
# steps next to the current one (TOTP_WINDOW, src/support/totp.h).  So this
# file never sleeps for a window: each code it computes is one step after
# the last it used for the secret (the current step, then the next one);
# when both are spent, acct_signin signs in with one of the account's
# recovery codes.  Call these functions in the script's own shell, not in
# $(…), so that what they remember stays.
#
# BIN (the relais binary) must be set before acct_add is called; the
# responses are kept under ACCT_DIR (default: the script's $dir, else $work),
# which the script removes.

declare -A _acct_last_step=()  # secret -> the last step this shell used
declare -A _acct_secret=()     # login -> secret
declare -A _acct_recovery=()   # login -> recovery codes not yet used, space-separated
ACCT_TOKEN="" ACCT_OUT="" ACCT_LOGIN="" ACCT_SECRET="" ACCT_RECOVERY="" ACCT_CODE=""
ACCT_STATUS="" ACCT_COOKIE="" ACCT_CSRF=""
_acct_tmp=${ACCT_DIR:-${dir:-${work:-}}}
if [ -z "$_acct_tmp" ] || [ ! -d "$_acct_tmp" ]; then
	echo "tests/lib/accounts.sh: set ACCT_DIR (or \$dir) to a scratch folder before sourcing it" >&2
	return 1
fi

acct_tokens() {
	grep -o '/inscription/[A-Za-z0-9_-]\{43\}' | sed 's|^/inscription/||'
}

acct_add() {
	ACCT_TOKEN=""
	ACCT_OUT=$("$BIN" user add "$@" 2>&1) || { echo "relais user add $*: $ACCT_OUT" >&2; return 1; }
	ACCT_TOKEN=$(sed -n 's|^enrolment link: .*/inscription/||p' <<<"$ACCT_OUT" | head -1)
	[ -n "$ACCT_TOKEN" ] || { echo "relais user add $*: no enrolment link in: $ACCT_OUT" >&2; return 1; }
}

acct_code() {
	local secret=$1 now step
	now=$(( $(date +%s) / 30 ))
	step=$now
	if [ -n "${_acct_last_step[$secret]+x}" ] && [ "${_acct_last_step[$secret]}" -ge "$step" ]; then
		step=$((_acct_last_step[$secret] + 1))
	fi
	# Beyond the next step the server would refuse it: wait or another way.
	[ "$step" -le $((now + 1)) ] || return 1
	ACCT_CODE=$(oathtool --totp --base32 -N "@$((step * 30))" "$secret") || return 1
	_acct_last_step[$secret]=$step
}

acct_enrol() {
	local url=$1 token=$2 password=$3 status body
	status=$(curl -s -o "$_acct_tmp/enrol.json" -w '%{http_code}' "$url/api/v1/enrolment/$token")
	[ "$status" = 200 ] || { echo "GET /api/v1/enrolment: $status $(cat "$_acct_tmp/enrol.json")" >&2; return 1; }
	ACCT_LOGIN=$(jq -r .login "$_acct_tmp/enrol.json")
	ACCT_SECRET=$(jq -r .totp_secret "$_acct_tmp/enrol.json")
	[ -n "$ACCT_LOGIN" ] && [ -n "$ACCT_SECRET" ] && [ "$ACCT_SECRET" != null ] ||
		{ echo "GET /api/v1/enrolment: no login or secret: $(cat "$_acct_tmp/enrol.json")" >&2; return 1; }
	acct_code "$ACCT_SECRET" || return 1
	body=$(jq -cn --arg p "$password" --arg c "$ACCT_CODE" '{password: $p, code: $c}')
	status=$(curl -s -o "$_acct_tmp/enrolled.json" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data-binary "$body" "$url/api/v1/enrolment/$token")
	[ "$status" = 200 ] || { echo "POST /api/v1/enrolment ($ACCT_LOGIN): $status $(cat "$_acct_tmp/enrolled.json")" >&2; return 1; }
	ACCT_RECOVERY=$(jq -r '.recovery_codes[]' "$_acct_tmp/enrolled.json")
	[ "$(wc -l <<<"$ACCT_RECOVERY")" -eq 10 ] ||
		{ echo "POST /api/v1/enrolment ($ACCT_LOGIN): not ten recovery codes: $(cat "$_acct_tmp/enrolled.json")" >&2; return 1; }
	_acct_secret[$ACCT_LOGIN]=$ACCT_SECRET
	_acct_recovery[$ACCT_LOGIN]=$(tr '\n' ' ' <<<"$ACCT_RECOVERY")
}

acct_cookie() {
	sed -n 's/^[Ss]et-[Cc]ookie: *\([^=;[:space:]]*relais_session=[^;[:space:]]\+\).*/\1/p' "$1" | head -1
}

acct_signin() {
	local url=$1 login=$2 password=$3 secret=${4:-${_acct_secret[$2]:-}} code body rest
	ACCT_STATUS="" ACCT_COOKIE="" ACCT_CSRF=""
	if [ -n "$secret" ] && acct_code "$secret"; then
		code=$ACCT_CODE
	else
		# Both steps of the window spent (or no secret known): a recovery code.
		read -r code rest <<<"${_acct_recovery[$login]:-}"
		[ -n "$code" ] || { echo "acct_signin $login: no code left" >&2; return 1; }
		_acct_recovery[$login]=$rest
	fi
	body=$(jq -cn --arg l "$login" --arg p "$password" --arg c "$code" '{login: $l, password: $p, code: $c}')
	ACCT_STATUS=$(curl -s -D "$_acct_tmp/h" -o "$_acct_tmp/b" -w '%{http_code}' \
		-H 'Content-Type: application/json' --data-binary "$body" "$url/api/v1/session") || return 1
	[ "$ACCT_STATUS" = 200 ] || { echo "POST /api/v1/session ($login): $ACCT_STATUS $(cat "$_acct_tmp/b")" >&2; return 1; }
	ACCT_COOKIE=$(tr -d '\r' <"$_acct_tmp/h" | acct_cookie /dev/stdin)
	ACCT_CSRF=$(jq -r '.csrf_token // empty' "$_acct_tmp/b")
	[ -n "$ACCT_COOKIE" ] || { echo "POST /api/v1/session ($login): no relais_session cookie" >&2; return 1; }
}
