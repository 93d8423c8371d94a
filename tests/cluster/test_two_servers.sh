#!/usr/bin/env bash
# Two relais servers on one PostgreSQL database behind nginx (issue 15,
# item 5): the README's upstream (round robin) in front of app1 and app2,
# each naming itself in X-Relais-Server.  One flow whose consecutive
# requests land on different servers: enrolment (the link opened on one,
# the password set on the other), sign-in and the session (used and ended
# on the other server), a TOTP code spent on one refused on the other,
# CSRF (a form's token from one page accepted by the other server, a
# wrong one refused), the sign-in delay (failures alternating between the
# servers counted together), a reference list change seen at once by the
# other server, writes from both at once (all acknowledged, all read back,
# each audited), and the access log: one chain in order, `relais audit
# verify` with every anchor file, while serving and after both stopped.
#
# Environment: RELAIS_BIN; RELAIS_TEST_DB (a postgresql:// URI of an empty
# database; without it a throw-away cluster is started).  Skips, saying
# why, without PostgreSQL or nginx.  TAP output.
set -u
cd "$(dirname "$0")/../.."
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-two-XXXXXX)
chmod 755 "$dir"
pgdir=""
cleanup() {
	cluster_stop >/dev/null 2>&1
	[ -n "$pgdir" ] && bash scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1
	rm -rf "$dir"
}
trap cleanup EXIT
. tests/cli/tap.sh
. bench/nginx.sh
CLUSTER_DIR=$dir
. tests/lib/cluster.sh

skip_all() { # the suite runner counts a skipped test, not an empty run
	echo "ok 1 # SKIP $1"
	echo "1..1"
	exit 0
}
command -v nginx >/dev/null 2>&1 || skip_all "nginx is not installed (install-deps.sh --test)"
db=${RELAIS_TEST_DB:-}
if [ -z "$db" ]; then
	pgdir=$dir/pg
	db=$(bash scripts/pg-cluster.sh start "$pgdir" 2>"$dir/pg.err")
	case $? in
	0) ;;
	3) pgdir=""; skip_all "PostgreSQL is not installed" ;;
	*) pgdir=""; echo "not ok 1 - a throw-away PostgreSQL cluster starts"; sed 's/^/# /' "$dir/pg.err"; exit 1 ;;
	esac
fi
case $db in
postgresql://* | postgres://*) ;;
*) skip_all "RELAIS_TEST_DB is not a PostgreSQL URI: two servers share PostgreSQL only" ;;
esac
key=$dir/k.key
base=(--db "$db" --key-file "$key")
PW='deux serveurs, un mot de passe'

"$BIN" init "${base[@]}" >"$dir/init.out" 2>&1 || { echo "not ok 1 - relais init"; sed 's/^/# /' "$dir/init.out"; exit 1; }
"$BIN" config two-person off "${base[@]}" >/dev/null 2>&1
"$BIN" organisation add "${base[@]}" --code acme --name ACME --kind entreprise >/dev/null 2>&1
ACCT_DIR=$dir
. tests/lib/accounts.sh
acct_add "${base[@]}" --login admin1 --name "Admin Un" --role admin
admin_token=$ACCT_TOKEN
acct_add "${base[@]}" --login w1 --name "Assistante Une" --role worker
w1_token=$ACCT_TOKEN
acct_add "${base[@]}" --login head1 --name "Responsable" --role head
head_token=$ACCT_TOKEN

cluster_serve app1 "${base[@]}" && cluster_serve app2 "${base[@]}" ||
	{ echo "not ok 1 - two servers start"; exit 1; }
cluster_nginx "${CLUSTER_PORTS[@]}" || { echo "not ok 1 - nginx starts in front"; exit 1; }
url=$CLUSTER_URL

# call METHOD PATH [JSON] — one request through nginx as $cookie (with
# $csrf as X-CSRF-Token when set): sets status, served (the server that
# answered), body in $dir/b; appends served to the flow's list.
cookie="" csrf="" status="" served=""
flow=()
call() {
	local args=(-s -o "$dir/b" -D "$dir/h" -w '%{http_code}' -X "$1")
	[ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
	[ -n "$csrf" ] && args+=(-H "X-CSRF-Token: $csrf")
	[ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
	status=$(curl "${args[@]}" "$url$2")
	served=$(tr -d '\r' <"$dir/h" | sed -n 's/^[Xx]-[Rr]elais-[Ss]erver: //p')
	flow+=("$served")
}
# The servers of the last two requests differ (and both are named).
switched() {
	local n=${#flow[@]}
	[ "$n" -ge 2 ] && [ -n "${flow[n - 1]}" ] && [ -n "${flow[n - 2]}" ] &&
		[ "${flow[n - 1]}" != "${flow[n - 2]}" ] ||
		{ echo "requests served by: ${flow[*]}"; return 1; }
}
is() { [ "$1" = "$2" ] || { echo "got «$1», want «$2»"; return 1; }; }

# ---- enrolment: the link opened on one server, the password set on the other
enrol() { # enrol TOKEN — as acct_enrol, one request each side
	local token=$1 body
	call GET "/api/v1/enrolment/$token"
	[ "$status" = 200 ] || { echo "GET enrolment: $status $(cat "$dir/b")"; return 1; }
	ACCT_LOGIN=$(jq -r .login "$dir/b")
	ACCT_SECRET=$(jq -r .totp_secret "$dir/b")
	acct_code "$ACCT_SECRET" || return 1
	body=$(jq -cn --arg p "$PW" --arg c "$ACCT_CODE" '{password: $p, code: $c}')
	call POST "/api/v1/enrolment/$token" "$body"
	[ "$status" = 200 ] || { echo "POST enrolment: $status $(cat "$dir/b")"; return 1; }
	_acct_secret[$ACCT_LOGIN]=$ACCT_SECRET
	switched
}
ok "enrolment: the link read on one server, the password and code set on the other" enrol "$admin_token"
ok "the worker's enrolment the same way" enrol "$w1_token"
ok "the head's too" enrol "$head_token"

# ---- sign-in and the session
signin() { # signin LOGIN [CODE] — sets cookie and csrf on 200
	local code=${2:-}
	if [ -z "$code" ]; then
		acct_code "${_acct_secret[$1]}" || return 1
		code=$ACCT_CODE
	fi
	last_code=$code
	cookie="" csrf=""
	call POST /api/v1/session "$(jq -cn --arg l "$1" --arg p "$PW" --arg c "$code" \
		'{login: $l, password: $p, code: $c}')"
	[ "$status" = 200 ] || return 1
	cookie=$(tr -d '\r' <"$dir/h" | acct_cookie /dev/stdin)
	csrf=$(jq -r .csrf_token "$dir/b")
}
ok "sign-in" signin admin1
admin_cookie=$cookie admin_csrf=$csrf admin_code=$last_code
me() { call GET /api/v1/me && is "$status" 200 && is "$(jq -r .user.login "$dir/b")" "$1" && switched; }
ok "the session opened on one server is known to the other" me admin1
ok "and again on the first" me admin1
ok "a TOTP code spent on one server is refused by the other" \
	eval '! signin admin1 "$admin_code" && is "$status" 401 && switched'
cookie=$admin_cookie csrf=$admin_csrf

# ---- CSRF: the form's token from a page on one server, posted to the other
csrf_form() {
	call GET "/admin/reference?liste=mode"
	is "$status" 200 || return 1
	local token
	token=$(grep -o 'name="csrf_token" value="[^"]*"' "$dir/b" | head -1 | sed 's/.*value="//; s/"$//')
	[ -n "$token" ] || { echo "no csrf_token in the page"; return 1; }
	local saved=$csrf
	csrf=""
	status=$(curl -s -o "$dir/b" -D "$dir/h" -w '%{http_code}' -H "Cookie: $cookie" \
		--data-urlencode "csrf_token=$token" --data-urlencode list=mode \
		--data-urlencode code=atelier --data-urlencode "label=Atelier collectif" \
		"$url/admin/reference")
	flow+=("$(tr -d '\r' <"$dir/h" | sed -n 's/^[Xx]-[Rr]elais-[Ss]erver: //p')")
	csrf=$saved
	is "$status" 303 && switched
}
ok "a form's CSRF token from one server is accepted by the other" csrf_form
bad_csrf() {
	local saved=$csrf
	csrf=not-the-token
	call PATCH /api/v1/reference/mode/atelier '{"label":"Jamais"}'
	csrf=$saved
	is "$status" 403
}
ok "a wrong CSRF token is refused" bad_csrf
ok "and the one of the session works on either server" \
	eval 'call PATCH /api/v1/reference/mode/atelier "{\"label\":\"Atelier\"}" && is "$status" 200 &&
	      call PATCH /api/v1/reference/mode/atelier "{\"label\":\"Atelier collectif\"}" && is "$status" 200 && switched'

# ---- a reference list change, seen at once by the other server
label_now() { # label_now LIST CODE — the label listed by the server answering
	call GET /api/v1/reference && is "$status" 200 &&
		label=$(jq -r --arg l "$1" --arg c "$2" '.lists[$l][] | select(.code == $c) | .label' "$dir/b")
}
refchange() {
	# Both servers list the lists first (each has them cached).
	label_now mode telephone && is "$label" "Téléphone" || return 1
	label_now mode telephone && is "$label" "Téléphone" && switched || return 1
	call PATCH /api/v1/reference/mode/telephone '{"label":"Entretien téléphonique"}'
	is "$status" 200 || return 1
	label_now mode telephone && is "$label" "Entretien téléphonique" && switched || return 1
	label_now mode telephone && is "$label" "Entretien téléphonique" && switched
}
ok "a reference list changed through one server is what the other lists next" refchange
ok "so is an entry added by the other" \
	eval 'call POST /api/v1/reference/mode "{\"code\":\"jardin\",\"label\":\"Au jardin\"}" && is "$status" 201 &&
	      label_now mode jardin && is "$label" "Au jardin" && switched'

# ---- the sign-in delay: failures alternating between servers count together
throttle() {
	# THROTTLE_LOGIN: 3 failures free, then 1 s, 2 s, 4 s…  Counted per
	# server, the sixth failure would leave each at three: no delay.
	local failures=0 attempts=0 retry seen=""
	delays=""
	cookie="" csrf=""
	while [ "$failures" -lt 6 ] && [ "$attempts" -lt 20 ]; do
		attempts=$((attempts + 1))
		call POST /api/v1/session '{"login":"intrus","password":"pas le bon mot de passe","code":"123456"}'
		case $status in
		401) failures=$((failures + 1)); seen+=" ${served}" ;;
		429)
			retry=$(tr -d '\r' <"$dir/h" | sed -n 's/^[Rr]etry-[Aa]fter: //p')
			delays+=" ${retry:-?}"
			sleep "${retry:-1}"
			;;
		*) echo "sign-in answered $status"; return 1 ;;
		esac
	done
	[ "$failures" -eq 6 ] || { echo "$failures failures in $attempts attempts"; return 1; }
	grep -q app1 <<<"$seen" && grep -q app2 <<<"$seen" || { echo "failures served by:$seen"; return 1; }
	call POST /api/v1/session '{"login":"intrus","password":"pas le bon mot de passe","code":"123456"}'
	is "$status" 429 || return 1
	retry=$(tr -d '\r' <"$dir/h" | sed -n 's/^[Rr]etry-[Aa]fter: //p')
	[ "${retry:-0}" -ge 1 ] || { echo "Retry-After: $retry"; return 1; }
	call POST /api/v1/session '{"login":"intrus","password":"pas le bon mot de passe","code":"123456"}'
	is "$status" 429 && switched
}
ok "failed sign-ins on both servers add up to one delay, kept by both" throttle
echo "# delays met on the way (Retry-After):${delays:- none}"

# ---- writes from both servers at once
ok "the worker signs in" signin w1
w1_cookie=$cookie w1_csrf=$csrf
ok "the head signs in" signin head1
ok "the head assigns the worker to the organisation" \
	eval 'call POST /api/v1/organisations/acme/workers "{\"login\":\"w1\"}" && is "$status" 200'
cookie=$w1_cookie csrf=$w1_csrf
person_id="" case_id=""
ok "a person and her case, on both servers" eval '
	call POST /api/v1/persons "{\"organisation\":\"acme\",\"last_name\":\"Durand\",\"first_name\":\"Léa\",\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}" &&
	is "$status" 201 && person_id=$(jq -r .id "$dir/b") &&
	call POST /api/v1/cases "{\"person_id\":$person_id,\"opened_on\":\"2024-02-03\",\"referral_source\":\"agent\",\"domains\":[\"budget\"]}" &&
	is "$status" 201 && case_id=$(jq -r .id "$dir/b") && switched'

WRITES=60
concurrent() {
	local body='{"date":"2024-03-06","duration_minutes":30,"mode":"bureau","kind":"entretien"}'
	seq "$WRITES" | xargs -P 8 -I{} curl -s -o /dev/null -D "$dir/w{}.h" -w '%{http_code}\n' \
		-H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
		--data-binary "$body" "$url/api/v1/cases/$case_id/interventions" >"$dir/codes"
	local created
	created=$(grep -c '^201$' "$dir/codes")
	[ "$created" -eq "$WRITES" ] || { echo "created $created of $WRITES: $(sort "$dir/codes" | uniq -c)"; return 1; }
	cat "$dir"/w*.h | tr -d '\r' | sed -n 's/^[Xx]-[Rr]elais-[Ss]erver: //p' | sort | uniq -c >"$dir/by_server"
	grep -q ' app1$' "$dir/by_server" && grep -q ' app2$' "$dir/by_server" ||
		{ echo "served by: $(cat "$dir/by_server")"; return 1; }
}
ok "$WRITES interventions written at once, 8 at a time, all acknowledged, by both servers" concurrent
ok "every acknowledged write is read back" eval '
	call GET "/api/v1/cases/$case_id/interventions?limit=200" && is "$status" 200 &&
	is "$(jq ".interventions | length" "$dir/b")" "$WRITES"'

# ---- the session ended on one server is ended on the other
ok "signing out on one server ends the session on the other" eval '
	call DELETE /api/v1/session && is "$status" 204 && call GET /api/v1/me && is "$status" 401 && switched'

# ---- the access log: one chain, in order, nothing lost
sql() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$db" -c "$1"; }
chain_in_order() {
	is "$(sql 'SELECT COUNT(*) FROM audit_log a JOIN audit_log b ON b.id = a.id + 1 WHERE b.prev_hash <> a.hash')" 0 &&
		is "$(sql 'SELECT MAX(id) - MIN(id) + 1 - COUNT(*) FROM audit_log')" 0 &&
		is "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'intervention.create'")" "$WRITES"
}
ok "the access log is one chain: each entry links the one before, no gap, every write logged" chain_in_order
# Each server's anchor lines (one a commit, appended after it, so two
# commits at once may land in either order) name it and an entry of the
# chain with that entry's hash.
anchors_match() {
	local name values
	for name in app1 app2; do
		[ -s "$dir/$name.anchor" ] || { echo "$name.anchor is empty"; return 1; }
		awk -v me="$name" '$2 == "head" && $3 != me { print "a line of " $3; exit 1 }' \
			"$dir/$name.anchor" || return 1
		values=$(awk '$2 == "head" { printf "%s(%d, '\''%s'\'')", sep, $4, $5; sep = ", " }' "$dir/$name.anchor")
		is "$(sql "SELECT COUNT(*) FROM (VALUES $values) v(id, h) LEFT JOIN audit_log a ON a.id = v.id
			WHERE a.hash IS DISTINCT FROM v.h")" 0 || return 1
	done
}
ok "each server anchored its own commits, each line an entry of the chain with its hash" anchors_match
anchors=(--anchor "$dir/k.anchor" --anchor "$dir/app1.anchor" --anchor "$dir/app2.anchor")
verify() { "$BIN" audit verify "${base[@]}" "${anchors[@]}" >"$dir/verify" 2>&1 && grep -q intact "$dir/verify" || { cat "$dir/verify"; return 1; }; }
ok "relais audit verify passes with every server's anchor, while serving" verify
ok "both servers stop gracefully" cluster_stop
ok "and verify still passes" verify

echo "# the flow's requests were served by: ${flow[*]}"
echo "1..$n"
[ "$fails" -eq 0 ]
