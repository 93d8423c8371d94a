#!/usr/bin/env bash
# Runs every test suite and ends with one line "N passed, M failed".
#
#   unit         C unit tests (cmocka)
#   store        the store suite on SQLite, then on a throw-away PostgreSQL
#                cluster (reported as skipped only if PostgreSQL is absent)
#   http         the real binary on loopback, on SQLite then PostgreSQL
#   adversary    issue 11's employer with its own solver against the real
#                binary, on SQLite (make security-scan: the full sweep)
#   cli          the command line
#   source rules layering and banned functions (tests/lint)
#   api          the OpenAPI document validated as OpenAPI 3.1 (node, npm validator)
#   browser      Chromium through playwright-core: pages, axe-core, validity
#   asan         unit, store and HTTP suites again under ASan+UBSan
#   faults       the real programs over a SQLite VFS failing the Nth write
#                or sync: clean errors, whole-or-absent writes (tests/faults)
#   two servers  two relais on one PostgreSQL behind nginx: one flow served
#                by both (tests/cluster)
#   crash        32 writers, the server or PostgreSQL killed, every
#                acknowledged write read back (tests/crash)
#   sqlmap       sqlmap level 1 on three routes × two roles (tests/sqlmap;
#                make security-scan: level 3 on every route × role)
#   fuzz         each libFuzzer driver a few seconds on its committed corpus
#                (make fuzz: FUZZ_SECONDS each)
#
# Two lanes run at once (the machine has two cores and most suites wait on
# a server or a database): the SQLite lane in the foreground, printing as
# it goes; the PostgreSQL lane then the ASan lane in the background, whose
# output follows at the end.  Every suite reports its seconds, and the end
# lists them, slowest first.
#
# Each suite speaks TAP; a suite that exits non-zero without reporting a
# failed test (a crash, a failed set-up) counts as one failure.  Expects the
# builds to exist (make tests; make SANITIZE=1 tests; make fuzz-build).
set -u
cd "$(dirname "$0")/.."

export CMOCKA_MESSAGE_OUTPUT=TAP
# The tests and the server must agree on today: the product's own time zone
# (main.c's default), whatever the machine's clock zone is.
export TZ=${TZ:-Europe/Paris}
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
logdir=$(mktemp -d /tmp/relais-tests-XXXXXX)
pgdir=""
lane_pid=""

cleanup() {
	if [ -n "$lane_pid" ]; then kill "$lane_pid" 2>/dev/null; fi
	if [ -n "$pgdir" ]; then bash scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1; fi
	rm -rf "$logdir"
}
trap cleanup EXIT

# Each suite leaves its output in $logdir/NAME.out and one line
# "PASSED FAILED SKIPPED SECONDS NAME" in $logdir/results, from which the
# totals are summed.  quiet=1 (the background lane) keeps the output for the end.
quiet=0

now() { date +%s.%N; }

# suite NAME COMMAND... — runs one suite, keeps its output, counts results.
suite() {
	local name=$1
	shift
	local key
	key=$(echo "$name" | tr -c 'A-Za-z0-9\n' '_')
	local log="$logdir/$key.log" out="$logdir/$key.out"
	local t0 status secs ok nok skip
	t0=$(now)
	"$@" >"$log" 2>&1
	status=$?
	secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
	ok=$(grep -cE '^ok [0-9]+' "$log")
	# cmocka's skip() reports "not ok N # SKIP name": a skip, not a failure.
	skip=$(grep -E '^(not )?ok [0-9]+' "$log" | grep -ciE '# skip')
	nok=$(grep -E '^not ok [0-9]+' "$log" | grep -cviE '# skip')
	ok=$((ok - $(grep -E '^ok [0-9]+' "$log" | grep -ciE '# skip')))
	{
		echo "=== $name"
		cat "$log"
		if [ "$status" -ne 0 ] && [ "$nok" -eq 0 ]; then
			echo "--- $name exited with status $status without a failed test: counted as a failure"
			nok=1
		fi
		if [ "$status" -eq 0 ] && [ "$ok" -eq 0 ] && [ "$skip" -eq 0 ]; then
			echo "--- $name ran no test: counted as a failure"
			nok=1
		fi
		echo "--- $name: $ok passed, $nok failed, $skip skipped in $secs s"
	} >"$out"
	echo "$ok $nok $skip $secs $name" >>"$logdir/results"
	if [ "$quiet" = 1 ]; then echo "$out" >>"$logdir/background"; else cat "$out"; fi
}

skip_suite() {
	local key
	key=$(echo "$1" | tr -c 'A-Za-z0-9\n' '_')
	printf '=== %s\n--- %s: skipped (%s)\n' "$1" "$1" "$2" >"$logdir/$key.out"
	echo "0 0 1 0.0 $1" >>"$logdir/results"
	if [ "$quiet" = 1 ]; then echo "$logdir/$key.out" >>"$logdir/background"; else cat "$logdir/$key.out"; fi
}

http_suites() { # BUILD_DIR — every HTTP test program, each on a fresh database
	local t name status=0
	for t in "$1"/tests/http_*; do
		name=${t##*/http_}
		if [ -n "${PG_HTTP:-}" ]; then
			RELAIS_TEST_DB=$(pg_db "http_${name}_$RANDOM") "$t" || status=1
		else
			"$t" || status=1
		fi
	done
	return $status
}

cli_suites() { # every command-line script, with RELAIS_BIN set by the caller
	local t status=0
	for t in tests/cli/test_*.sh; do
		bash "$t" || status=1
	done
	return $status
}

unit_suites() { # BUILD_DIR
	local t status=0
	for t in "$1"/tests/test_*; do
		case $t in */test_store) continue ;; esac
		"$t" || status=1
	done
	return $status
}

# A throw-away PostgreSQL cluster for the store and HTTP suites.
pg_start() {
	pgdir=$(mktemp -d /tmp/relais-pg-XXXXXX)
	rmdir "$pgdir"
	bash scripts/pg-cluster.sh start "$pgdir" >/dev/null 2>"$logdir/pg.err"
	local rc=$?
	if [ $rc -ne 0 ]; then
		cat "$logdir/pg.err"
		pgdir=""
		return $rc
	fi
}
pg_db() { bash scripts/pg-cluster.sh createdb "$pgdir" "$1"; }

pg_state=absent
if pg_start; then
	pg_state=running
else
	rc=$?
	[ $rc -eq 3 ] && pg_state=absent || pg_state=broken
fi

# pg_suite NAME COMMAND... — a suite that needs the PostgreSQL cluster.
pg_suite() {
	case $pg_state in
	running) suite "$@" ;;
	absent) skip_suite "$1" "PostgreSQL is not installed" ;;
	broken) suite "$1" false ;;
	esac
}

# The PostgreSQL lane, then the sanitizer lane: in the background.
lane_postgresql_asan() {
	quiet=1
	pg_suite "store (PostgreSQL)" env RELAIS_TEST_DB="$(pg_db store_test)" build/tests/test_store
	PG_HTTP=1 RELAIS_BIN=build/relais pg_suite "http (PostgreSQL)" http_suites build
	pg_suite "import (PostgreSQL)" env RELAIS_BIN=build/relais RELAIS_TEST_DB="$(pg_db import_test)" bash tests/cli/test_import.sh
	pg_suite "demo (PostgreSQL)" env RELAIS_BIN=build/relais RELAIS_TEST_DB="$(pg_db demo_test)" bash tests/cli/test_demo.sh
	# relais backup / restore / check / export (the SQLite lane runs
	# tests/cli/test_backup.sh in "cli"): the demo round trip, table by table.
	pg_suite "backup (PostgreSQL)" env RELAIS_BIN=build/relais RELAIS_TEST_DB="$(pg_db backup_test)" bash tests/cli/test_backup.sh
	# Key rotations in the access log's anchor (issue 12; the SQLite lane
	# runs tests/cli/test_anchor_rotate.sh in "cli").
	pg_suite "anchor rotation (PostgreSQL)" env RELAIS_BIN=build/relais RELAIS_TEST_DB="$(pg_db anchor_rotate_test)" bash tests/cli/test_anchor_rotate.sh
	# The morning digest through msmtp to aiosmtpd (issue 17; the SQLite
	# lane runs tests/cli/test_digest.sh in "cli").
	pg_suite "digest (PostgreSQL)" env RELAIS_BIN=build/relais RELAIS_TEST_DB="$(pg_db digest_test)" bash tests/cli/test_digest.sh
	# Two relais on one database behind nginx (issue 15): one flow served
	# by both (tests/cluster; skips, saying why, without nginx).
	pg_suite "two servers (PostgreSQL)" env RELAIS_BIN=build/relais RELAIS_TEST_DB="$(pg_db two_servers_test)" bash tests/cluster/test_two_servers.sh

	suite "asan: unit" unit_suites build/asan
	suite "asan: store (SQLite)" build/asan/tests/test_store
	RELAIS_BIN=build/asan/relais suite "asan: http (SQLite)" http_suites build/asan
	# The adversary under ASan: the solver's own code, on a few services.
	RELAIS_BIN=build/asan/relais ADVERSARY_SERVICES=5 suite "asan: adversary (SQLite)" build/asan/tests/adversary
	RELAIS_BIN=build/asan/relais suite "asan: cli" cli_suites

	# Crash trials on PostgreSQL (issue 12): relais killed, then PostgreSQL
	# stopped with pg_ctl -m immediate; 5 each (make crash: 20).
	pg_suite "crash (PostgreSQL)" env RELAIS_BIN=build/relais bash tests/crash/run.sh 5 postgresql
}
lane_postgresql_asan &
lane_pid=$!

# The SQLite lane, in the foreground.
suite "unit" unit_suites build
suite "store (SQLite)" build/tests/test_store
RELAIS_BIN=build/relais suite "http (SQLite)" http_suites build
RELAIS_BIN=build/relais suite "adversary (SQLite)" build/tests/adversary
RELAIS_BIN=build/relais suite "cli" cli_suites
suite "source rules" bash tests/lint/test_source.sh
suite "api" env RELAIS_BIN="$PWD/build/relais" node --test --test-reporter=tap tests/api/
suite "browser" env RELAIS_BIN="$PWD/build/relais" node --test --test-reporter=tap tests/browser/

# Crash safety and fault injection (issue 12; tests/faults, tests/crash):
# the fault sweep over a bounded set of N (make faults: every N), and 5
# crash trials on SQLite (make crash: 20); the PostgreSQL trials run in the
# PostgreSQL lane, on a cluster of their own with fsync=on.
suite "faults (SQLite)" env RELAIS_BIN=build/relais build/tests/faults
suite "crash (SQLite)" env RELAIS_BIN=build/relais bash tests/crash/run.sh 5 sqlite

# The SQL injection sweep, short: sqlmap level 1 on three routes (a search
# query, a path code, a JSON body) as two roles each, against the real
# server on a demo database (make security-scan: level 3, every route ×
# role).
sqlmap_quick='^(worker|head) GET /api/v1/partners\?|^(head|admin) GET /api/v1/organisations/\{org\}$|^(worker|head) POST /api/v1/collective-actions$'
if command -v sqlmap >/dev/null 2>&1; then
	suite "sqlmap (level 1)" env RELAIS_BIN=build/relais SQLMAP_LEVEL=1 SQLMAP_ONLY="$sqlmap_quick" \
		bash tests/sqlmap/scan.sh
else
	suite "sqlmap (level 1)" false # install-deps.sh --test installs it
fi

# The fuzz drivers need clang's libFuzzer (make fuzz-build).
fuzz_bins=(build/fuzz/fuzz_*)
if [ -x "${fuzz_bins[0]}" ]; then
	suite "fuzz" bash scripts/fuzz.sh short "${FUZZ_SHORT_SECONDS:-3}" "${fuzz_bins[@]}"
else
	skip_suite "fuzz" "the drivers are not built (make fuzz-build needs clang)"
fi

wait "$lane_pid"
lane_pid=""
if [ -f "$logdir/background" ]; then
	while read -r out; do cat "$out"; done <"$logdir/background"
fi

echo
echo "Seconds per suite (the two lanes overlap):"
sort -t' ' -k4,4 -rn "$logdir/results" | awk '{ s = $4; $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); printf "  %7.1f  %s\n", s, $0 }'
read -r passed failed skipped < <(awk '{ p += $1; f += $2; s += $3 } END { print p + 0, f + 0, s + 0 }' "$logdir/results")
echo
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
