#!/usr/bin/env bash
# `relais demo --scale` on PostgreSQL (issue 15, item 5): the time to
# generate a service of BENCH_SCALE employees (default 1,000,000) into a
# throw-away cluster, written with COPY (store/bulk.h).  A figure, not an
# assertion; the goal is 2 minutes for 1M employees.  The cluster keeps
# PostgreSQL's durability (fsync on) unless BENCH_PG_FSYNC=0.
#
#   BENCH_SCALE=50000 bash bench/pgscale.sh    # a quick try
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${RELAIS_BIN:-build/relais}
SCALE=${BENCH_SCALE:-1000000}
work=$(mktemp -d /tmp/relais-pgscale-XXXXXX)
chmod 755 "$work"
pgdir=$work/pg
cleanup() {
	bash scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

fsync=--fsync durable=on
[ "${BENCH_PG_FSYNC:-1}" = 0 ] && fsync="" durable=off
rc=0
db=$(bash scripts/pg-cluster.sh start "$pgdir" $fsync 2>"$work/pg.err") || rc=$?
if [ "$rc" -eq 3 ]; then
	echo "bench/pgscale.sh: PostgreSQL is not installed: demo --scale on PostgreSQL not measured"
	exit 0
elif [ "$rc" -ne 0 ]; then
	cat "$work/pg.err" >&2
	exit 1
fi
base=(--db "$db" --key-file "$work/k.key")
"$BIN" init "${base[@]}" >/dev/null 2>&1
echo "== relais demo --scale $SCALE on PostgreSQL (fsync $durable)"
s=$(date +%s%N)
"$BIN" demo "${base[@]}" --scale "$SCALE" >"$work/demo.out"
e=$(date +%s%N)
sed -n 's/^generated service/generated service/p' "$work/demo.out"
seconds=$(awk -v ns=$((e - s)) 'BEGIN { printf "%.1f", ns / 1e9 }')
terms=$(psql -qtAX "$db" -c 'SELECT COUNT(*) FROM person_search_terms' 2>/dev/null || echo "?")
printf '\n%-52s %18s\n' "relais demo --scale $SCALE on PostgreSQL, s" "$seconds"
printf '%-52s %18s\n' "  blind-index terms written" "$terms"
printf '%-52s %18s\n' "  load average at the end" "$(cut -d' ' -f1-3 /proc/loadavg)"
