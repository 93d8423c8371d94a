#!/usr/bin/env bash
# The pages that read one record and its sections (issue 15, item 2: one
# read per page — one check and one snapshot for the reads, then one
# access-log entry written in a short transaction), as a
# worker sees them, with wrk: a case page (its latest ten of 200
# interventions and every other section), a person page (its cases and
# timeline), the home page (the dashboard), and the caseload for reference.
# Figures, not assertions; every view is an audited, durable read.
# RELAIS_BIN, BENCH_SECONDS (10), BENCH_CONNECTIONS (32) as bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${RELAIS_BIN:-build/relais}
DUR=${BENCH_SECONDS:-10}
CONN=${BENCH_CONNECTIONS:-32}
work=$(mktemp -d /tmp/relais-pages-XXXXXX)
relais_pid=""
cleanup() {
	[ -n "$relais_pid" ] && kill "$relais_pid" 2>/dev/null && wait "$relais_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

db=$work/pages.db
"$BIN" init --db "$db" >/dev/null 2>&1
ACCT_DIR=$work
. tests/lib/accounts.sh
PW='bench password 123'
acct_add --db "$db" --login as1 --name "Assistante" --role worker
as1_token=$ACCT_TOKEN

printf 'code,name,kind,sector\nbench,Organisation de test,collectivite,\n' >"$work/organisations.csv"
awk 'BEGIN { print "ref,organisation,last_name,first_name,birth_date,sex,status,category,family_situation,job_title,consent_on";
	for (i = 1; i <= 200; i++) printf "P%d,bench,Nom%d,Prénom%d,1970-01-01,F,titulaire,C,isole,,2020-01-01\n", i, i, i }' >"$work/persons.csv"
awk 'BEGIN { print "ref,person,referent,opened_on,closed_on,referral_source,domains,outcome";
	for (i = 1; i <= 300; i++) printf "C%d,P%d,as1,2021-01-01,,agent,budget;sante.arret,\n", i, (i - 1) % 200 + 1 }' >"$work/cases.csv"
awk 'BEGIN { print "case,date,mode,kind,duration_minutes,notes";
	for (i = 0; i < 200; i++) printf "C1,2022-%02d-%02d,bureau,entretien,30,Entretien %d\n", 1 + i % 12, 1 + i % 28, i }' >"$work/ivs.csv"
for k in organisations persons cases; do "$BIN" import --db "$db" "$k" "$work/$k.csv" >/dev/null; done
"$BIN" import --db "$db" interventions "$work/ivs.csv" >/dev/null

"$BIN" serve --db "$db" --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
relais_pid=$!
for _ in $(seq 50); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/serve.out")
acct_enrol "$url" "$as1_token" "$PW"
acct_signin "$url" as1 "$PW"
cookie=$ACCT_COOKIE

# Case 1 and person 1 are the importer's first.
declare -A page=([case]=/cases/1 [person]=/persons/1 [dashboard]=/ [caseload]="/cases?status=all")
for k in case person dashboard caseload; do
	status=$(curl -s -o "$work/$k.html" -w '%{http_code}' -H "Cookie: $cookie" "$url${page[$k]}")
	[ "$status" = 200 ] || { echo "bench/pages.sh: GET ${page[$k]}: $status" >&2; exit 1; }
done

rps() {
	wrk -t2 -c"$CONN" -d"${DUR}s" -H "Cookie: $cookie" "$url$1" | awk '/Requests\/sec/ {print $2}'
}
echo "== relais $(git rev-parse --short HEAD 2>/dev/null || echo '?'), pages of one record, wrk -t2 -c$CONN -d${DUR}s"
for k in case person dashboard caseload; do
	printf '%-48s %12s\n' "$k page (${page[$k]}, $(stat -c %s "$work/$k.html") B), req/s" "$(rps "${page[$k]}")"
done
