#!/usr/bin/env bash
# Runs the libFuzzer drivers (built by make fuzz-build into build/fuzz).
#
#   fuzz.sh long SECONDS DRIVER...   each driver SECONDS (or FUZZ_RUNS
#                                    executions, whichever comes first) on a
#                                    copy of its committed corpus
#                                    (build/fuzz/corpus/NAME), then merges
#                                    what found new coverage back into
#                                    tests/fuzz/corpus/NAME (to commit); one
#                                    line of figures per driver, then a table
#   fuzz.sh short SECONDS DRIVER...  each driver replays its committed corpus
#                                    and crash reproducers, then fuzzes
#                                    SECONDS (new inputs go to a throw-away
#                                    directory); TAP, one line per driver
#
# Per driver: executions, executions per second, edges covered (libFuzzer's
# cov:), corpus size, crashes and leaks.  A crash, a leak or a broken
# contract stops the driver with a non-zero status and leaves the input in
# build/fuzz/crashes/NAME-*: once the cause is fixed, copy it into
# tests/fuzz/crashes/NAME, which every run replays.
set -u
cd "$(dirname "$0")/.."

mode=${1:-}
seconds=${2:-}
shift 2 || true
mkdir -p build/fuzz/crashes build/fuzz/logs
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# run DRIVER SECONDS LOG DIR... — one bounded run; its status.
run() {
	local bin=$1 secs=$2 log=$3
	shift 3
	local name=${bin##*/} runs=()
	[ -n "${FUZZ_RUNS:-}" ] && runs=(-runs="$FUZZ_RUNS")
	"$bin" -max_total_time="$secs" "${runs[@]}" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="build/fuzz/crashes/$name-" "$@" >"$log" 2>&1
}

# The figures of a run's LOG: executions, executions per second, edges.
execs() { sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -1; }
rate() { sed -n 's/^stat::average_exec_per_sec: *//p' "$1" | tail -1; }
edges() { grep -o 'cov: [0-9]*' "$1" | tail -1 | sed 's/cov: //'; }
# Crashes and leaks a LOG reports (libFuzzer stops at the first).
leaks() { grep -c 'ERROR: LeakSanitizer' "$1"; }
crashes() {
	grep -cE 'ERROR: (AddressSanitizer|libFuzzer)|runtime error:|contract broken|deadly signal' "$1"
}
# Files in the directories given (absent ones count none).
count() { find "$@" -maxdepth 1 -type f 2>/dev/null | wc -l; }
# Why a run failed, from its LOG, as comment lines.
why() {
	grep -E "contract broken|round trip|^==[0-9]+==ERROR|^SUMMARY|runtime error|^    #[0-9] |Test unit written" \
		"$1" | head -20 | sed "s/^/# /"
}

status=0
case $mode in
long)
	table=()
	for bin in "$@"; do
		name=${bin##*/}
		committed=tests/fuzz/corpus/$name
		work=build/fuzz/corpus/$name
		mkdir -p "$work" "$committed"
		cp -n "$committed"/* "$work"/ 2>/dev/null
		log=build/fuzz/logs/$name.log
		before=$(count "$committed")
		found=0
		dirs=("$work")
		[ -d tests/fuzz/crashes/"$name" ] && dirs+=(tests/fuzz/crashes/"$name")
		if run "$bin" "$seconds" "$log" "${dirs[@]}"; then
			# Keep, in the committed corpus, what adds coverage to it.
			"$bin" -merge=1 "$committed" "$work" >build/fuzz/logs/$name.merge.log 2>&1 ||
				echo "# $name: the merge failed (see build/fuzz/logs/$name.merge.log)"
			after=$(count "$committed")
			line="$(execs "$log") executions, $(rate "$log") exec/s, $(edges "$log") edges, corpus $after (+$((after - before))), 0 crashes, 0 leaks"
			echo "$name: $line"
		else
			found="$(crashes "$log") crash, $(leaks "$log") leak"
			line="FAILED after $(execs "$log") executions: $(crashes "$log") crashes, $(leaks "$log") leaks (see $log)"
			echo "$name: $line"
			why "$log"
			status=1
		fi
		table+=("$(printf '%-14s %12s %8s %6s %7s %s' "$name" "$(execs "$log")" "$(rate "$log")" \
			"$(edges "$log")" "$(count "$committed")" "$found")")
	done
	printf '%-14s %12s %8s %6s %7s %s\n' driver executions exec/s edges corpus crashes/leaks
	printf '%s\n' "${table[@]}"
	;;
short)
	tmp=$(mktemp -d /tmp/relais-fuzz-XXXXXX)
	trap 'rm -rf "$tmp"' EXIT
	echo "1..$#"
	i=0
	for bin in "$@"; do
		i=$((i + 1))
		name=${bin##*/}
		mkdir -p "$tmp/$name"
		log=build/fuzz/logs/$name.short.log
		dirs=(tests/fuzz/corpus/"$name")
		[ -d tests/fuzz/crashes/"$name" ] && dirs+=(tests/fuzz/crashes/"$name")
		replayed=$(count "${dirs[@]}")
		if run "$bin" "$seconds" "$log" "$tmp/$name" "${dirs[@]}"; then
			echo "ok $i - $name ($replayed inputs replayed, $(execs "$log") executions, $(rate "$log") exec/s, $(edges "$log") edges)"
		else
			echo "not ok $i - $name ($(crashes "$log") crashes, $(leaks "$log") leaks)"
			why "$log"
			status=1
		fi
	done
	;;
*)
	echo "usage: fuzz.sh long|short SECONDS DRIVER..." >&2
	exit 2
	;;
esac
exit $status
