#!/usr/bin/env bash
# relais demo: the reference demonstration service (--today 2009-12-31)
# shows the figures of seed 003 in its 2008 bilan, the same seed gives the
# same service, and a second run is refused.  The living demo (a later
# --today) reads like a real morning: recent contacts, a few stale cases,
# aids and orientations waiting, requests pending, this week's
# appointments, the previous years' bilans published, nothing after today
# but what is planned.  relais demo --scale: the generated service adds up (its
# headcount every year, about 5 % followed), is the same for a seed, and
# only its head can sign in.  TAP output.  RELAIS_TEST_DB (a postgresql://
# URI of an empty database) also generates the service there and compares.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-demo-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/t.db
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/../lib/accounts.sh"
PW="a demo password for tests"
# The value of "key": N in the pretty-printed report (first match).
val() { grep -m1 "\"$1\":" "$dir/r.json" | sed 's/.*: *//; s/,$//'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 100 * a / b }'; }
# The server on a database (and further options): sets url and pid.
serve() {
	# The last server's "listening" line must not be read for this one's:
	# the child truncates the file only once it runs.
	rm -f "$dir/serve.out"
	"$BIN" serve --db "$@" --listen 127.0.0.1:0 >"$dir/serve.out" 2>"$dir/serve.err" &
	pid=$!
	for _ in $(seq 100); do grep -q listening "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
	url=$(sed -n 's/^listening on //p' "$dir/serve.out")
	[ -n "$url" ] || { cat "$dir/serve.err"; return 1; }
}
stop() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
# The secrets of the printed `oathtool --totp --base32 SECRET` lines.
printed_secrets() { grep -o 'oathtool --totp --base32 [A-Z2-7]\{32\}' "$1" | awk '{ print $4 }'; }

"$BIN" init --db "$db" >/dev/null 2>&1
ok "demo fills an empty database" sh -c "'$BIN' demo --db '$db' --today 2009-12-31 >'$dir/demo.out'"
ok "it prints the demo accounts once" grep -q "responsable      head" "$dir/demo.out"
ok "an enrolment link for each of the 11 demo accounts" test "$(acct_tokens <"$dir/demo.out" | sort -u | wc -l)" = 11
ok "and, for the demo, each one's TOTP secret with an oathtool line" test "$(printed_secrets "$dir/demo.out" | sort -u | wc -l)" = 11
demo_accounts_sign_in() { # each link enrols its account with the printed secret; each signs in
	local token roles=""
	serve "$db" || return 1
	for token in $(acct_tokens <"$dir/demo.out"); do
		acct_enrol "$url" "$token" "$PW" || { stop; return 1; }
		printed_secrets "$dir/demo.out" | grep -qx "$ACCT_SECRET" ||
			{ echo "$ACCT_LOGIN: the enrolment's secret was not printed"; stop; return 1; }
		acct_signin "$url" "$ACCT_LOGIN" "$PW" || { stop; return 1; }
		roles+="$(curl -s -H "Cookie: $ACCT_COOKIE" "$url/api/v1/me" | jq -r .user.role) "
	done
	stop
	[ "$(tr ' ' '\n' <<<"$roles" | grep . | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')" = "auditor:1 employer:1 head:1 worker:8 " ] ||
		{ echo "signed in: $roles"; return 1; }
}
ok "each demo account enrols through its link with the printed secret, then signs in" demo_accounts_sign_in
"$BIN" report --db "$db" --year 2008 --age-bands 35,56 >"$dir/r.json" 2>/dev/null
p=$(val persons_followed)
ok "14 collectivités" test "$(val organisations)" = 14
ok "11,367 agents in 2008" test "$(val headcount)" = 11367
ok "590 persons followed in 2008" test "$p" = 590
ok "5.2 % of the workforce" test "$(awk -v s="$(val share_of_headcount)" 'BEGIN { printf "%.1f", s * 100 }')" = 5.2
ok "82 % titulaires or stagiaires" test "$(pct $(($(val titulaire) + $(val stagiaire))) "$p")" = 82
ok "96 % category C" test "$(pct "$(val C)" "$p")" = 96
ok "36 % living alone" test "$(pct "$(val isole)" "$p")" = 36
ok "30 % single-parent families" test "$(pct "$(val monoparental)" "$p")" = 30
ok "68 % aged 35 to 55" test "$(pct "$(val 35-55)" "$p")" = 68
ok "dependent parents emerge" sh -c "tr -d ' \n' <'$dir/r.json' | grep -q '\"theme\":\"famille.ascendants\",\"previous\":[0-9]*,\"current\":[0-9]*,\"emerging\":true'"
# The field records of issue 5 and the hours, in the same bilan.
jq_num() { node -e "const j = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')); console.log(j$1)" "$dir/r.json"; }
ok "aids requested and granted in 2008" sh -c "[ $(jq_num "['aids']['requests']") -gt 50 ] && [ $(jq_num "['aids']['granted']") -gt 0 ] && [ $(jq_num "['aids']['amount_granted_cents']") -gt 0 ]"
ok "orientations sent in 2008" test "$(jq_num "['orientations']['total']")" -gt 20
ok "collective actions held in 2008" test "$(jq_num "['collective_actions']['participants']")" -gt 100
ok "persons on long sick leave" test "$(jq_num "['job_retention']['persons_on_long_leave']")" -gt 10
ok "hours bought by convention and spent, collective actions included" sh -c "[ $(jq_num "['hours']['by_activity']['collectif']" | cut -d. -f1) -gt 0 ] && [ $(jq_num "['hours']['bought']" | cut -d. -f1) -gt 0 ]"
ok "a second run is refused" sh -c "! '$BIN' demo --db '$db' --today 2009-12-31"
ok "the notes are encrypted at rest" sh -c "! grep -qa 'Premier entretien' '$db' '$db-wal' 2>/dev/null"
ok "the demo published the closed years for the employers" test "$(sqlite3 "$db" 'SELECT COUNT(DISTINCT year) FROM bilan_publications')" = 4
ok "the operator reads what the employer reads" sh -c "'$BIN' report --db '$db' --year 2008 --organisation montreuil --published | grep -q '\"version\": 1'"
ok "a year not published is an error" sh -c "! '$BIN' report --db '$db' --year 2005 --organisation montreuil --published"
ok "publishing a year again writes no new version" sh -c "'$BIN' publish --db '$db' --year 2008 | grep -q '^0 new version'"
ok "publishing one organisation again writes no new version" sh -c "'$BIN' publish --db '$db' --year 2008 --organisation montreuil | grep -q '^0 new version'"
ok "the head sets the service's age bands: a new version with them" sh -c "'$BIN' publish --db '$db' --year 2007 --organisation montreuil --age-bands 30,50 | grep -q '^1 new version' && '$BIN' report --db '$db' --year 2007 --organisation montreuil --published | grep -q '\"30-49\"'"
ok "an open year cannot be published" sh -c "! '$BIN' publish --db '$db' --year 2100 2>'$dir/pub.err' && grep -q 'year' '$dir/pub.err'"
ok "nor an unknown organisation" sh -c "! '$BIN' publish --db '$db' --year 2008 --organisation nowhere"
ok "the published snapshots cannot be changed" sh -c "! sqlite3 '$db' 'UPDATE bilan_publications SET snapshot = 1' 2>/dev/null && ! sqlite3 '$db' 'DELETE FROM bilan_publications' 2>/dev/null"
ok "the audit chain holds" "$BIN" audit verify --db "$db"
"$BIN" init --db "$dir/u.db" >/dev/null 2>&1
"$BIN" demo --db "$dir/u.db" --today 2009-12-31 >/dev/null 2>&1
"$BIN" report --db "$dir/u.db" --year 2008 >"$dir/u.json" 2>/dev/null
"$BIN" report --db "$db" --year 2008 >"$dir/t.json" 2>/dev/null
ok "the same seed gives the same bilan" cmp "$dir/t.json" "$dir/u.json"

# ---- the living demo: a fixed today, so that nothing depends on the calendar ----
T=2026-12-02
live=$dir/live.db
"$BIN" init --db "$live" >/dev/null 2>&1
ok "the living demo fills an empty database" sh -c "'$BIN' demo --db '$live' --today $T >'$dir/live.out'"
q() { sqlite3 "$live" "$1"; }
# Each worker's open cases, and those without contact for 60 days.
open_cases="SELECT c.id, c.referent_id, COALESCE((SELECT MAX(i.date) FROM interventions i WHERE i.case_id = c.id), c.opened_on) AS last FROM cases c WHERE c.closed_on IS NULL"
ok "each worker has open cases seen in the last 60 days" test "$(q "SELECT COUNT(DISTINCT referent_id) FROM ($open_cases) WHERE last >= date('$T', '-60 days')")" = 8
few_stale() {
	local most
	most=$(q "SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM ($open_cases) WHERE last < date('$T', '-60 days') GROUP BY referent_id)")
	[ "$most" -lt 10 ] || { echo "a worker has $most cases without contact for 60 days"; return 1; }
}
ok "fewer than 10 cases without contact for 60 days per worker" few_stale
ok "and some, as in real life" test "$(q "SELECT COUNT(*) FROM ($open_cases) WHERE last < date('$T', '-60 days')")" -gt 0
ok "each worker's aids waiting for a decision" test "$(q "SELECT COUNT(DISTINCT c.referent_id) FROM aids a JOIN cases c ON c.id = a.case_id WHERE a.decision = 'en_attente' AND c.closed_on IS NULL AND a.submitted_on < date('$T', '-30 days')")" = 8
# Still envoyee, or counted sans_reponse by the real calendar (more than 30 days after it).
ok "each worker's orientations waiting for an answer" test "$(q "SELECT COUNT(DISTINCT c.referent_id) FROM orientations o JOIN cases c ON c.id = o.case_id WHERE o.status IN ('envoyee', 'sans_reponse') AND o.sent_on >= date('$T', '-30 days') AND o.sent_on < date('$T', '-10 days')")" = 8
ok "the employer's requests waiting for an answer" test "$(q "SELECT COUNT(*) FROM employer_requests r JOIN users u ON u.id = r.author_id WHERE r.status = 'open' AND u.login = 'rh.montreuil'")" = 2
ok "employees' requests pending for each worker's collectivité" test "$(q "SELECT COUNT(*) FROM employee_requests WHERE status = 'pending'")" = 8
ok "appointments on the next working days, none on a weekend" sh -c "[ \$(sqlite3 '$live' \"SELECT COUNT(DISTINCT worker_id) FROM appointments WHERE start_at > '$T' AND start_at < date('$T', '+7 days')\") = 8 ] && [ \$(sqlite3 '$live' \"SELECT COUNT(*) FROM appointments WHERE strftime('%w', substr(start_at, 1, 10)) IN ('0', '6')\") = 0 ]"
ok "each worker's weekly permanence this year" test "$(q "SELECT COUNT(*) FROM permanences WHERE from_on = '2026-01-01'")" = 8
ok "the three previous years' bilans published, not this one" test "$(q "SELECT GROUP_CONCAT(y) FROM (SELECT DISTINCT year AS y FROM bilan_publications ORDER BY year)")" = 2023,2024,2025
ok "hours bought and spent this year" sh -c "'$BIN' report --db '$live' --year 2026 | tr -d ' \n' | grep -q '\"bought\":[1-9]'"
after_today() { # every date column holds nothing after today, but what is planned
	local t c m bad=""
	for t in $(q "SELECT name FROM sqlite_master WHERE type = 'table'"); do
		for c in $(q "SELECT name FROM pragma_table_info('$t') WHERE name LIKE '%\_on' ESCAPE '\\' OR name IN ('date', 'start_at', 'end_at', 'until')"); do
			case $t.$c in
			# Planned: appointments, conventions until the year's end.
			appointments.start_at | appointments.end_at | conventions.ends_on) continue ;;
			# Stamped by the real clock when written, not by the demo.
			persons.consent_statistics_on | employee_requests.created_on | employer_requests.created_on) continue ;;
			esac
			m=$(q "SELECT COUNT(*) FROM \"$t\" WHERE \"$c\" > '$T'")
			[ "$m" = 0 ] || bad+="$t.$c:$m "
		done
	done
	[ -z "$bad" ] || { echo "after $T: $bad"; return 1; }
}
ok "no date after today but what is planned" after_today
report_live() { "$BIN" report --db "$live" --year "$1" --age-bands 35,56 >"$dir/r.json" 2>/dev/null; }
ok "the year before last shows the 590 persons followed" sh -c "$(declare -f report_live val); BIN='$BIN' live='$live' dir='$dir'; report_live 2025 && [ \$(val persons_followed) = 590 ]"
ok "the audit chain holds" "$BIN" audit verify --db "$live"
"$BIN" init --db "$dir/l2.db" >/dev/null 2>&1
"$BIN" demo --db "$dir/l2.db" --today $T >/dev/null 2>&1
"$BIN" report --db "$live" --year 2026 >"$dir/a.json" 2>/dev/null
"$BIN" report --db "$dir/l2.db" --year 2026 >"$dir/b.json" 2>/dev/null
ok "the same seed and today give the same service" cmp "$dir/a.json" "$dir/b.json"
bad_today() { # VALUE
	"$BIN" init --db "$dir/bt.db" >/dev/null 2>&1
	"$BIN" demo --db "$dir/bt.db" --today "$1" >"$dir/bt.out" 2>&1 && return 1
	grep -q -- "--today must be a date YYYY-MM-DD from 2009-12-31 to today" "$dir/bt.out" || { cat "$dir/bt.out"; return 1; }
}
ok "--today before the reference is refused" bad_today 2009-12-30
ok "--today in the future is refused" bad_today 2199-01-01
ok "--today not a date is refused" bad_today 2026-02-30

# ---- demo --scale: a small one, as the suite also runs under ASan ----
N=5000
"$BIN" init --db "$dir/s.db" >/dev/null 2>&1
"$BIN" init --db "$dir/s2.db" >/dev/null 2>&1
ok "demo --scale fills an empty database" sh -c "'$BIN' demo --db '$dir/s.db' --scale $N --seed 7 >'$dir/scale.out'"
ok "it prints the head's account once" grep -qx "  responsable      head" "$dir/scale.out"
ok "it prints a summary" grep -q "$N employees in [0-9]* organisations, [0-9]* social workers, [0-9]* persons, [0-9]* cases, [0-9]* interventions, in [0-9.]* s" "$dir/scale.out"
last=$(($(date +%Y) - 1))
first=$((last - 9))
orgs=$(sed -n 's/.* employees in \([0-9]*\) organisations.*/\1/p' "$dir/scale.out")
report() { "$BIN" report --db "$1" --year "$2" >"$dir/r.json" 2>/dev/null; }
every_year() { # the headcount is N and every organisation counts, each year; none outside
	local y
	for y in $(seq $first $last); do
		report "$dir/s.db" "$y" || return 1
		[ "$(val headcount)" = $N ] && [ "$(val organisations)" = "$orgs" ] ||
			{ echo "$y: $(val headcount) in $(val organisations)"; return 1; }
	done
	for y in $((first - 1)) $((last + 1)); do
		report "$dir/s.db" "$y" || return 1
		[ "$(val headcount)" = 0 ] || { echo "$y: $(val headcount)"; return 1; }
	done
}
ok "the headcount adds up to $N in each year from $first to $last" every_year
report "$dir/s.db" $last
p=$(val persons_followed)
# The sum of the counts of a breakdown of the report.
sum() { awk -v k="\"$1\": {" 'index($0, k) { f = 1; next } f && /}/ { exit } f { gsub(/[^0-9]/, "", $2); s += $2 } END { print s + 0 }' "$dir/r.json"; }
ok "3 to 8 % of the headcount followed in $last ($p)" test "$p" -ge $((N * 3 / 100)) -a "$p" -le $((N * 8 / 100))
ok "the breakdown by status adds up to the persons followed" test "$(sum by_status)" = "$p"
ok "so does the breakdown by age band" test "$(sum by_age_band)" = "$p"
ok "cases were opened, closed, and interventions made in $last" test "$(val new_cases)" -gt 0 -a "$(val closed_cases)" -gt 0 -a "$(val total)" -gt 0
two_consents() { # every generated person has her two consents in the history
	local persons changes
	persons=$(sqlite3 "$dir/s.db" "SELECT COUNT(*) FROM persons")
	changes=$(sqlite3 "$dir/s.db" "SELECT COUNT(*) FROM consent_changes c JOIN persons p ON p.id = c.person_id AND c.on_date = p.consent_accompaniment_on AND c.given = CASE WHEN c.kind = 'statistics' THEN p.consent_statistics ELSE 1 END")
	[ "$persons" -gt 0 ] && [ "$changes" = $((2 * persons)) ] || { echo "$persons persons, $changes consent changes"; return 1; }
}
ok "each generated person's two consents are in her history" two_consents
"$BIN" demo --db "$dir/s2.db" --scale $N --seed 7 >/dev/null 2>&1
same_report() {
	local y
	for y in $first $last; do
		"$BIN" report --db "$dir/s.db" --year $y >"$dir/a.json" 2>/dev/null &&
			"$BIN" report --db "$dir/s2.db" --year $y >"$dir/b.json" 2>/dev/null &&
			cmp "$dir/a.json" "$dir/b.json" || return 1
	done
}
ok "the same seed gives the same service" same_report
"$BIN" init --db "$dir/s3.db" >/dev/null 2>&1
"$BIN" demo --db "$dir/s3.db" --scale $N --seed 8 >/dev/null 2>&1
"$BIN" report --db "$dir/s3.db" --year $last >"$dir/c.json" 2>/dev/null
ok "another seed gives another service" sh -c "! cmp -s '$dir/a.json' '$dir/c.json'"
ok "one audit entry tells what was generated" sh -c "'$BIN' audit list --db '$dir/s.db' | grep -c '\"demo.scale\"' | grep -qx 1"
"$BIN" audit list --db "$dir/s.db" >"$dir/audit.before" 2>/dev/null
refused_twice() {
	"$BIN" demo --db "$dir/s.db" --scale $N >"$dir/again.out" 2>&1 && return 1
	grep -q "already holds organisations" "$dir/again.out" || { cat "$dir/again.out"; return 1; }
	report "$dir/s.db" $last && cmp -s "$dir/r.json" "$dir/a.json" &&
		"$BIN" audit list --db "$dir/s.db" | grep -v '"report.read"' >"$dir/audit.after" &&
		grep -v '"report.read"' "$dir/audit.before" | cmp -s - "$dir/audit.after"
}
ok "a database that is not empty is refused, and left as it was" refused_twice
refused_scale() { # VALUE
	"$BIN" init --db "$dir/z.db" >/dev/null 2>&1
	"$BIN" demo --db "$dir/z.db" --scale "$1" >"$dir/bad.out" 2>&1 && return 1
	grep -q -- "--scale must be a whole number from 1 to 10000000" "$dir/bad.out" || { cat "$dir/bad.out"; return 1; }
	"$BIN" report --db "$dir/z.db" --year $last >"$dir/z.json" 2>/dev/null &&
		grep -q '"organisations": 0' "$dir/z.json"
}
ok "--scale 0 is refused" refused_scale 0
ok "--scale abc is refused" refused_scale abc
ok "the audit chain holds" "$BIN" audit verify --db "$dir/s.db"
signs_in() { # the head's printed link enrols her, she signs in with a code; a worker cannot
	local token worker
	token=$(acct_tokens <"$dir/scale.out")
	[ "$(grep -c . <<<"$token")" = 1 ] || { echo "links printed: $token"; return 1; }
	serve "$dir/s.db" || return 1
	acct_enrol "$url" "$token" "$PW" || { stop; return 1; }
	[ "$ACCT_LOGIN" = responsable ] || { echo "the link enrols $ACCT_LOGIN"; stop; return 1; }
	[ "$(printed_secrets "$dir/scale.out")" = "$ACCT_SECRET" ] ||
		{ echo "printed secret $(printed_secrets "$dir/scale.out"), enrolment's $ACCT_SECRET"; stop; return 1; }
	acct_signin "$url" responsable "$PW" || { stop; return 1; }
	local head=$ACCT_STATUS
	worker=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
		-d "{\"login\":\"as.0001\",\"password\":\"$PW\",\"code\":\"$ACCT_CODE\"}" "$url/api/v1/session")
	stop
	[ "$head" = 200 ] && [ "$worker" = 401 ] || { echo "head: $head, worker: $worker"; return 1; }
}
ok "the head's printed link enrols her and she signs in with a code, a worker's account cannot" signs_in
# A generated person's sealed name opens and the blind index finds it: a
# worker given a new link signs in, lists her persons (their names opened
# by the API) and searches the first one by last name.
searchable() { # DB [relais options]
	local token id last q
	"$BIN" user reset --db "$@" --login as.0001 >"$dir/reset.out" 2>&1 || { cat "$dir/reset.out"; return 1; }
	token=$(acct_tokens <"$dir/reset.out")
	serve "$@" || return 1
	acct_enrol "$url" "$token" "$PW" && acct_signin "$url" as.0001 "$PW" || { stop; return 1; }
	curl -s -H "Cookie: $ACCT_COOKIE" "$url/api/v1/persons" >"$dir/own.json"
	id=$(jq -r '.persons[0].id' "$dir/own.json")
	last=$(jq -r '.persons[0].last_name' "$dir/own.json")
	q=$(jq -rn --arg v "$last" '$v | @uri')
	curl -s -H "Cookie: $ACCT_COOKIE" "$url/api/v1/persons?q=$q" >"$dir/found.json"
	stop
	case $last in "" | null | Anonyme) echo "no name opened: $(head -c 300 "$dir/own.json")"; return 1 ;; esac
	jq -e --argjson id "$id" '.persons | map(.id) | index($id) != null' "$dir/found.json" >/dev/null ||
		{ echo "$last (person $id) not found: $(head -c 300 "$dir/found.json")"; return 1; }
}
ok "a generated person's name opens and search finds it" searchable "$dir/s.db"
if [ -n "${RELAIS_TEST_DB:-}" ]; then
	pg() { "$BIN" "$@" --db "$RELAIS_TEST_DB" --key-file "$dir/pg.key"; }
	pg init >/dev/null 2>&1
	pg_demo() { pg demo --scale $N --seed 7 >"$dir/pgscale.out"; }
	ok "demo --scale fills an empty PostgreSQL database" pg_demo
	# What the summary counts, and the rows written, as on SQLite.
	summary() { sed -n 's/^generated service.*: \(.*\), in [0-9.]* s$/\1/p' "$1"; }
	rows() { # psql|sqlite3 DB
		local t
		for t in organisations headcounts users assignments persons person_search_terms consent_changes cases \
			case_domains interventions; do
			if [ "$1" = psql ]; then psql -qtAX "$2" -c "SELECT COUNT(*) FROM $t"; else sqlite3 "$2" "SELECT COUNT(*) FROM $t"; fi
		done | tr '\n' ' '
	}
	same_counts_on_pg() {
		[ -n "$(summary "$dir/scale.out")" ] && [ "$(summary "$dir/scale.out")" = "$(summary "$dir/pgscale.out")" ] ||
			{ echo "SQLite: $(summary "$dir/scale.out") PostgreSQL: $(summary "$dir/pgscale.out")"; return 1; }
		[ "$(rows sqlite3 "$dir/s2.db")" = "$(rows psql "$RELAIS_TEST_DB")" ] ||
			{ echo "SQLite: $(rows sqlite3 "$dir/s2.db") PostgreSQL: $(rows psql "$RELAIS_TEST_DB")"; return 1; }
	}
	ok "the same counts and rows as on SQLite" same_counts_on_pg
	same_on_pg() {
		local y
		for y in $first $last; do
			pg report --year $y >"$dir/p.json" 2>/dev/null &&
				"$BIN" report --db "$dir/s.db" --year $y >"$dir/a.json" 2>/dev/null &&
				cmp "$dir/a.json" "$dir/p.json" || return 1
		done
	}
	ok "the same seed gives the same service on PostgreSQL" same_on_pg
	refused_on_pg() {
		pg demo --scale $N >"$dir/again.out" 2>&1 && return 1
		grep -q "already holds organisations" "$dir/again.out"
	}
	ok "a second run is refused on PostgreSQL" refused_on_pg
	ok "a generated person's name opens and search finds it on PostgreSQL" \
		searchable "$RELAIS_TEST_DB" --key-file "$dir/pg.key"
else
	# Stated, not silently left out: the PostgreSQL lane runs them.
	for desc in "demo --scale fills an empty PostgreSQL database" \
		"the same counts and rows as on SQLite" \
		"the same seed gives the same service on PostgreSQL" \
		"a second run is refused on PostgreSQL" \
		"a generated person's name opens and search finds it on PostgreSQL"; do
		n=$((n + 1))
		echo "ok $n - $desc # SKIP RELAIS_TEST_DB is not set (SQLite lane)"
	done
fi

echo "1..$n"
[ $fails -eq 0 ]
