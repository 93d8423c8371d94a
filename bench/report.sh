#!/usr/bin/env bash
# The service-wide bilan at scale (issue 4): generates a large service with
# `relais demo --scale` (BENCH_SCALE employees, default 1,000,000, over 10
# years), then hyperfine sets `relais report` for the last year against the
# same aggregates as plain SQL in the sqlite3 shell (bench/report.sql).
# Figures, not assertions.  Needs hyperfine and sqlite3 (install-deps).
#
#   BENCH_SCALE=20000 bash bench/report.sh    # a quick try
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${RELAIS_BIN:-build/relais}
SCALE=${BENCH_SCALE:-1000000}
RUNS=${BENCH_REPORT_RUNS:-10}
work=$(mktemp -d /tmp/relais-bench-report-XXXXXX)
trap 'rm -rf "$work"' EXIT
db=$work/scale.db

"$BIN" init --db "$db" >/dev/null 2>&1
echo "== relais demo --scale $SCALE"
s=$(date +%s%N)
"$BIN" demo --db "$db" --scale "$SCALE" >"$work/demo.out"
e=$(date +%s%N)
sed -n 's/^generated service/generated service/p' "$work/demo.out"
gen_seconds=$(awk -v ns=$((e - s)) 'BEGIN { printf "%.1f", ns / 1e9 }')
year=$(sed -n 's/.*--year \([0-9]*\)$/\1/p' "$work/demo.out")
db_mib=$(du -k "$db" | awk '{ printf "%.0f", $1 / 1024 }')
rows=$(sqlite3 "$db" "SELECT (SELECT COUNT(*) FROM persons) || ' persons, ' ||
	(SELECT COUNT(*) FROM cases) || ' cases, ' || (SELECT COUNT(*) FROM interventions) ||
	' interventions'")

# The two must agree before they are timed.
"$BIN" report --db "$db" --year "$year" >"$work/report.json"
sqlite3 -cmd ".parameter set @year $year" "$db" <bench/report.sql >"$work/report.txt"
followed_report=$(sed -n 's/^  "persons_followed": \([0-9]*\),$/\1/p' "$work/report.json")
followed_sql=$(sed -n 's/^followed|persons|//p' "$work/report.txt")
echo "persons followed in $year: relais report $followed_report, plain SQL $followed_sql"

echo "== hyperfine, $RUNS runs each"
hyperfine --warmup 1 --runs "$RUNS" --export-json "$work/hf.json" \
	-n "relais report" "$BIN report --db $db --year $year >/dev/null" \
	-n "sqlite3 bench/report.sql" "sqlite3 -cmd '.parameter set @year $year' $db <bench/report.sql >/dev/null"
# mean and standard deviation of the nth command, in ms
ms() { awk -v n="$1" -F: '/"mean"/ { if (++i == n) { gsub(/[ ,]/, "", $2); m = $2 } }
	/"stddev"/ { if (++j == n) { gsub(/[ ,]/, "", $2); d = $2 } }
	END { printf "%.0f ± %.0f", m * 1000, d * 1000 }' "$work/hf.json"; }
report_ms=$(ms 1)
sql_ms=$(ms 2)
ratio=$(awk -F: '/"mean"/ { gsub(/[ ,]/, "", $2); m[++i] = $2 } END { printf "%.2f", m[1] / m[2] }' "$work/hf.json")

# Publishing the year for every organisation (issue 11), once, then one
# organisation's published bilan read as its employer reads it.
orgs=$(sqlite3 "$db" 'SELECT COUNT(*) FROM organisations')
s=$(date +%s%N)
"$BIN" publish --db "$db" --year "$year" >"$work/publish.out"
e=$(date +%s%N)
publish_seconds=$(awk -v ns=$((e - s)) 'BEGIN { printf "%.1f", ns / 1e9 }')
org=$(sqlite3 "$db" 'SELECT code FROM organisations ORDER BY id LIMIT 1')
hyperfine --warmup 1 --runs "$RUNS" --export-json "$work/hf2.json" \
	-n "relais report --published" \
	"$BIN report --db $db --year $year --organisation $org --published >/dev/null" \
	-n "relais report --organisation (computed)" \
	"$BIN report --db $db --year $year --organisation $org --audience employer >/dev/null"
ms2() { awk -v n="$1" -F: '/"mean"/ { if (++i == n) { gsub(/[ ,]/, "", $2); m = $2 } }
	/"stddev"/ { if (++j == n) { gsub(/[ ,]/, "", $2); d = $2 } }
	END { printf "%.0f ± %.0f", m * 1000, d * 1000 }' "$work/hf2.json"; }

printf '\n%-52s %18s\n' "measure ($SCALE employees, bilan $year)" "value"
printf '%-52s %18s\n' "relais demo --scale $SCALE, s" "$gen_seconds"
printf '%-52s %18s\n' "database size, MiB" "$db_mib"
printf '%-52s %18s\n' "rows" ""
printf '  %s\n' "$rows"
printf '%-52s %18s\n' "relais report --year $year (JSON, audited), ms" "$report_ms"
printf '%-52s %18s\n' "the same aggregates in the sqlite3 shell, ms" "$sql_ms"
printf '%-52s %18s\n' "ratio relais / sqlite3" "$ratio"
printf '%-52s %18s\n' "relais publish --year $year ($orgs organisations), s" "$publish_seconds"
printf '%-52s %18s\n' "one organisation's published bilan, read (CLI), ms" "$(ms2 1)"
printf '%-52s %18s\n' "the same organisation's bilan computed and gated, ms" "$(ms2 2)"

# Search latency through the blind index on the same service (issue 14).
BENCH_DB="$db" RELAIS_BIN="$BIN" bash bench/search.sh

# The same generation on PostgreSQL, with COPY (issue 15).
RELAIS_BIN="$BIN" BENCH_SCALE="$SCALE" bash bench/pgscale.sh
