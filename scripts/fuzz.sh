#!/usr/bin/env bash
# Runs the libFuzzer drivers (built by make fuzz-build into build/fuzz).
#
#   fuzz.sh long SECONDS DRIVER...   each driver SECONDS on its corpus copy in
#                                    build/fuzz/corpus/NAME (seeded from
#                                    tests/fuzz/corpus/NAME, new inputs kept
#                                    there); one summary line each
#   fuzz.sh short SECONDS DRIVER...  each driver briefly on the committed
#                                    corpus (new inputs go to a throw-away
#                                    directory); TAP, one line per driver
#
# A crash, a leak or a broken contract stops the driver with a non-zero
# status and leaves the input in build/fuzz/crashes/NAME-*; copy it into
# tests/fuzz/corpus/NAME once the cause is fixed.
set -u
cd "$(dirname "$0")/.."

mode=$1
seconds=$2
shift 2
mkdir -p build/fuzz/crashes build/fuzz/logs
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# run DRIVER SECONDS LOG DIR... — one bounded run; its status.
run() {
	local bin=$1 secs=$2 log=$3
	shift 3
	local name=${bin##*/}
	"$bin" -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="build/fuzz/crashes/$name-" "$@" >"$log" 2>&1
}

# execs LOG — executions libFuzzer reports in its final statistics.
execs() { sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -1; }

status=0
case $mode in
long)
	for bin in "$@"; do
		name=${bin##*/}
		corpus=build/fuzz/corpus/$name
		mkdir -p "$corpus"
		cp -n tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
		log=build/fuzz/logs/$name.log
		if run "$bin" "$seconds" "$log" "$corpus"; then
			echo "$name: $(execs "$log") executions in ${seconds} s, $(ls "$corpus" | wc -l) inputs, no crash"
		else
			echo "$name: FAILED after $(execs "$log") executions (see $log)"
			grep -E '^(==[0-9]+==ERROR|SUMMARY|.*contract broken|.*round trip|artifact_prefix)' "$log" | head -5
			status=1
		fi
	done
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
		if run "$bin" "$seconds" "$log" "$tmp/$name" tests/fuzz/corpus/"$name"; then
			echo "ok $i - $name ($(execs "$log") executions)"
		else
			echo "not ok $i - $name"
			grep -E "contract broken|round trip|^==[0-9]+==ERROR|^SUMMARY|^    #[0-9] |Test unit written" "$log" | head -20 | sed "s/^/# /"
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
