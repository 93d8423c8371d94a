#!/usr/bin/env bash
# Search latency through the blind index (issue 14): on a generated service
# (BENCH_DB, else one of BENCH_SCALE employees made here, default
# 1,000,000), the worker with the largest caseload is reset and enrolled
# through her link, then GET /api/v1/persons?q=… is timed with curl (each
# request: the keyed hash of the words, the index look-up, the unsealing
# of the candidates, the sort by name in C, an audit entry).  Figures, not
# assertions.  Needs curl, jq, oathtool and sqlite3 (install-deps).
#
#   BENCH_SCALE=20000 bash bench/search.sh    # a quick try
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${RELAIS_BIN:-build/relais}
SCALE=${BENCH_SCALE:-1000000}
RUNS=${BENCH_SEARCH_RUNS:-100}
work=$(mktemp -d /tmp/relais-bench-search-XXXXXX)
relais_pid=""
cleanup() {
	[ -n "$relais_pid" ] && kill "$relais_pid" 2>/dev/null && wait "$relais_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
db=${BENCH_DB:-}
if [ -z "$db" ]; then
	db=$work/scale.db
	"$BIN" init --db "$db" >/dev/null 2>&1
	echo "== relais demo --scale $SCALE"
	"$BIN" demo --db "$db" --scale "$SCALE" >/dev/null
fi

# The worker with the most persons, and what the index holds.
read -r worker persons < <(sqlite3 -separator ' ' "$db" "SELECT u.login, COUNT(*) FROM persons p
	JOIN users u ON u.id = p.referent_id GROUP BY u.id ORDER BY COUNT(*) DESC LIMIT 1")
all_persons=$(sqlite3 "$db" 'SELECT COUNT(*) FROM persons')
terms=$(sqlite3 "$db" 'SELECT COUNT(*) FROM person_search_terms')

ACCT_DIR=$work
. tests/lib/accounts.sh
PW='bench password 123'
out=$("$BIN" user reset --db "$db" --login "$worker" 2>&1)
token=$(sed -n 's|^enrolment link: .*/inscription/||p' <<<"$out" | head -1)
[ -n "$token" ] || { echo "relais user reset: no link in: $out" >&2; exit 1; }
"$BIN" serve --db "$db" --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
relais_pid=$!
for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/serve.out")
acct_enrol "$url" "$token" "$PW"
acct_signin "$url" "$worker" "$PW"
cookie=$ACCT_COOKIE

# Median and 95th percentile of RUNS requests of q, in ms; and the persons found.
measure() {
	local q=$1 found
	found=$(curl -s -H "Cookie: $cookie" "$url/api/v1/persons?q=$q" | jq '.persons | length')
	for _ in $(seq "$RUNS"); do
		curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: $cookie" "$url/api/v1/persons?q=$q"
	done | sort -n | awk -v f="$found" '{ t[NR] = $1 } END {
		printf "%.1f / %.1f ms (%d found)", t[int(NR / 2) + 1] * 1000, t[int(NR * 0.95)] * 1000, f }'
}

printf '\n%-52s %24s\n' "search, $all_persons persons, $terms index terms" "median / p95"
printf '%-52s %24s\n' "caseload of $worker" "$persons persons"
for q in dup mar dupont 'mar+nad' 'ber+isa' zzz ''; do
	printf '%-52s %24s\n' "q=${q:-(empty: the whole caseload)}" "$(measure "$q")"
done
