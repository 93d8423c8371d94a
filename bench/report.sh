#!/usr/bin/env bash
# The service-wide bilan at scale (issue 4): generates a large service with
# `relais demo --scale` (BENCH_SCALE employees, default 1,000,000, over 10
# years), then hyperfine sets `relais report` for the last year against the
# same aggregates as plain SQL in the sqlite3 shell (bench/report.sql).
# Then one organisation's bilan (issue 15: ≤ 50 ms on the 1M service, the
# whole process): the first organisation and the one with the most persons,
# for the service (exact counts) and gated for the employer, beside the
# process's start-up alone; with RELAIS_BASE_BIN (an older relais built
# from another commit) the same commands timed with it too, on the same
# database: before and after.  Wall times and CPU (user + system) times: on
# a loaded machine the CPU time is the steadier figure.
# Figures, not assertions.  Needs hyperfine and sqlite3 (install-deps).
#
#   BENCH_SCALE=20000 bash bench/report.sh    # a quick try
#   RELAIS_BASE_BIN=/tmp/base/build/relais BENCH_SCALE=100000 bash bench/report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${RELAIS_BIN:-build/relais}
BASE_BIN=${RELAIS_BASE_BIN:-}
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
# The database was written a moment ago (about 800 MiB at 1M employees):
# the kernel writes it back to the disk over the next minute, and on a
# virtual machine that takes CPU from the timings below (one organisation's
# bilan measured 71 ms during it, 48 ms after).  Written back first.
sync
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
# ms FILE N: mean and standard deviation of hyperfine's nth command, in ms
ms() { awk -v n="$2" -F: '/"mean"/ { if (++i == n) { gsub(/[ ,]/, "", $2); m = $2 } }
	/"stddev"/ { if (++j == n) { gsub(/[ ,]/, "", $2); d = $2 } }
	END { printf "%.0f ± %.0f", m * 1000, d * 1000 }' "$1"; }
# cpu FILE N: the nth command's mean user + system time, in ms
cpu() { awk -v n="$2" -F: '/"user"/ { if (++i == n) { gsub(/[ ,]/, "", $2); u = $2 } }
	/"system"/ { if (++j == n) { gsub(/[ ,]/, "", $2); s = $2 } }
	END { printf "%.0f", (u + s) * 1000 }' "$1"; }
report_ms=$(ms "$work/hf.json" 1)
sql_ms=$(ms "$work/hf.json" 2)
ratio=$(awk -F: '/"mean"/ { gsub(/[ ,]/, "", $2); m[++i] = $2 } END { printf "%.2f", m[1] / m[2] }' "$work/hf.json")

# Publishing the year for every organisation (issue 11), once, then one
# organisation's published bilan read as its employer reads it.
orgs=$(sqlite3 "$db" 'SELECT COUNT(*) FROM organisations')
s=$(date +%s%N)
"$BIN" publish --db "$db" --year "$year" >"$work/publish.out"
e=$(date +%s%N)
sync # what publish wrote, as after the generation
publish_seconds=$(awk -v ns=$((e - s)) 'BEGIN { printf "%.1f", ns / 1e9 }')
org=$(sqlite3 "$db" 'SELECT code FROM organisations ORDER BY id LIMIT 1')
hyperfine --warmup 1 --runs "$RUNS" --export-json "$work/hf2.json" \
	-n "relais report --published" \
	"$BIN report --db $db --year $year --organisation $org --published >/dev/null" \
	-n "relais report --organisation (computed)" \
	"$BIN report --db $db --year $year --organisation $org --audience employer >/dev/null"

# One organisation's bilan computed (issue 15): the first organisation and
# the largest, against the start-up of the process alone.
big=$(sqlite3 "$db" 'SELECT o.code FROM organisations o JOIN persons p
	ON p.organisation_id = o.id GROUP BY o.id, o.code ORDER BY COUNT(*) DESC, o.id LIMIT 1')
persons_of() { sqlite3 "$db" "SELECT COUNT(*) FROM persons p JOIN organisations o
	ON o.id = p.organisation_id WHERE o.code = '$1'"; }
org_persons=$(persons_of "$org")
big_persons=$(persons_of "$big")
one() { echo "$1 report --db $db --year $year --organisation $2 --audience $3"; }
cmds=(-n "start-up alone (report --help)" "$BIN report --help"
	-n "first, service" "$(one "$BIN" "$org" service)"
	-n "first, employer" "$(one "$BIN" "$org" employer)"
	-n "largest, service" "$(one "$BIN" "$big" service)"
	-n "largest, employer" "$(one "$BIN" "$big" employer)")
if [ -n "$BASE_BIN" ]; then
	cmds+=(-n "before: first, service" "$(one "$BASE_BIN" "$org" service)"
		-n "before: first, employer" "$(one "$BASE_BIN" "$org" employer)"
		-n "before: largest, service" "$(one "$BASE_BIN" "$big" service)"
		-n "before: largest, employer" "$(one "$BASE_BIN" "$big" employer)")
fi
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$work/hf3.json" "${cmds[@]}"
load=$(cut -d' ' -f1-3 /proc/loadavg)

printf '\n%-52s %18s\n' "measure ($SCALE employees, bilan $year)" "value"
printf '%-52s %18s\n' "relais demo --scale $SCALE, s" "$gen_seconds"
printf '%-52s %18s\n' "database size, MiB" "$db_mib"
printf '%-52s %18s\n' "rows" ""
printf '  %s\n' "$rows"
printf '%-52s %18s\n' "relais report --year $year (JSON, audited), ms" "$report_ms"
printf '%-52s %18s\n' "the same aggregates in the sqlite3 shell, ms" "$sql_ms"
printf '%-52s %18s\n' "ratio relais / sqlite3" "$ratio"
printf '%-52s %18s\n' "relais publish --year $year ($orgs organisations), s" "$publish_seconds"
printf '%-52s %18s\n' "one organisation's published bilan, read (CLI), ms" "$(ms "$work/hf2.json" 1)"
printf '%-52s %18s\n' "the same organisation's bilan computed and gated, ms" "$(ms "$work/hf2.json" 2)"
printf '\n%s\n' "one organisation's bilan computed (whole process; wall ms, CPU ms; load $load)"
printf '%-52s %18s %8s\n' "  relais start-up alone (report --help)" "$(ms "$work/hf3.json" 1)" "$(cpu "$work/hf3.json" 1)"
n=2
for who in "first $org ($org_persons persons)" "largest $big ($big_persons persons)"; do
	for audience in service employer; do
		printf '%-52s %18s %8s\n' "  $who, $audience" "$(ms "$work/hf3.json" $n)" "$(cpu "$work/hf3.json" $n)"
		n=$((n + 1))
	done
done
if [ -n "$BASE_BIN" ]; then
	echo "  before: the same with $BASE_BIN"
	for who in "first $org" "largest $big"; do
		for audience in service employer; do
			printf '%-52s %18s %8s\n' "  before: $who, $audience" \
				"$(ms "$work/hf3.json" $n)" "$(cpu "$work/hf3.json" $n)"
			n=$((n + 1))
		done
	done
fi

# Search latency through the blind index on the same service (issue 14).
BENCH_DB="$db" RELAIS_BIN="$BIN" bash bench/search.sh

# The same generation on PostgreSQL, with COPY (issue 15).
RELAIS_BIN="$BIN" BENCH_SCALE="$SCALE" bash bench/pgscale.sh
