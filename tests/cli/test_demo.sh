#!/usr/bin/env bash
# relais demo: the 2008 bilan of the demonstration service shows the
# figures of seed 003, the same seed gives the same service, and a second
# run is refused.  TAP output.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-demo-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/t.db
n=0
fails=0
ok() {
	local desc=$1
	shift
	n=$((n + 1))
	if "$@" >"$dir/out" 2>&1; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		sed 's/^/# /' "$dir/out" | head -20
		fails=$((fails + 1))
	fi
}
# The value of "key": N in the pretty-printed report (first match).
val() { grep -m1 "\"$1\":" "$dir/r.json" | sed 's/.*: *//; s/,$//'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 100 * a / b }'; }

"$BIN" init --db "$db" >/dev/null 2>&1
ok "demo fills an empty database" sh -c "'$BIN' demo --db '$db' >'$dir/demo.out'"
ok "it prints the demo accounts once" grep -q "responsable      head" "$dir/demo.out"
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
ok "a second run is refused" sh -c "! '$BIN' demo --db '$db'"
ok "the notes are encrypted at rest" sh -c "! grep -qa 'Premier entretien' '$db' '$db-wal' 2>/dev/null"
ok "the audit chain holds" "$BIN" audit verify --db "$db"
"$BIN" init --db "$dir/u.db" >/dev/null 2>&1
"$BIN" demo --db "$dir/u.db" >/dev/null 2>&1
"$BIN" report --db "$dir/u.db" --year 2008 >"$dir/u.json" 2>/dev/null
"$BIN" report --db "$db" --year 2008 >"$dir/t.json" 2>/dev/null
ok "the same seed gives the same bilan" cmp "$dir/t.json" "$dir/u.json"

echo "1..$n"
[ $fails -eq 0 ]
