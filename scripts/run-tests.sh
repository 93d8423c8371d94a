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
#   sqlmap       sqlmap level 1 on three routes × two roles (tests/sqlmap;
#                make security-scan: level 3 on every route × role)
#   fuzz         each libFuzzer driver a few seconds on its committed corpus
#                (make fuzz: FUZZ_SECONDS each)
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
passed=0
failed=0
skipped=0
logdir=$(mktemp -d /tmp/relais-tests-XXXXXX)
pgdir=""

cleanup() {
	if [ -n "$pgdir" ]; then bash scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1; fi
	rm -rf "$logdir"
}
trap cleanup EXIT

# suite NAME COMMAND... — runs one suite, echoes its output, counts results.
suite() {
	local name=$1
	shift
	local log="$logdir/$(echo "$name" | tr ' /' '__').log"
	echo "=== $name"
	"$@" >"$log" 2>&1
	local status=$?
	cat "$log"
	local ok nok skip
	ok=$(grep -cE '^ok [0-9]+' "$log")
	skip=$(grep -E '^ok [0-9]+' "$log" | grep -ciE '# skip')
	nok=$(grep -cE '^not ok [0-9]+' "$log")
	ok=$((ok - skip))
	if [ "$status" -ne 0 ] && [ "$nok" -eq 0 ]; then
		echo "--- $name exited with status $status without a failed test: counted as a failure"
		nok=1
	fi
	if [ "$status" -eq 0 ] && [ "$ok" -eq 0 ] && [ "$skip" -eq 0 ]; then
		echo "--- $name ran no test: counted as a failure"
		nok=1
	fi
	passed=$((passed + ok))
	failed=$((failed + nok))
	skipped=$((skipped + skip))
	echo "--- $name: $ok passed, $nok failed, $skip skipped"
}

skip_suite() {
	echo "=== $1"
	echo "--- $1: skipped ($2)"
	skipped=$((skipped + 1))
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

suite "unit" unit_suites build
suite "store (SQLite)" build/tests/test_store

pg_state=absent
if pg_start; then
	pg_state=running
else
	rc=$?
	[ $rc -eq 3 ] && pg_state=absent || pg_state=broken
fi
case $pg_state in
running) suite "store (PostgreSQL)" env RELAIS_TEST_DB="$(pg_db store_test)" build/tests/test_store ;;
absent) skip_suite "store (PostgreSQL)" "PostgreSQL is not installed" ;;
broken) suite "store (PostgreSQL)" false ;;
esac

RELAIS_BIN=build/relais suite "http (SQLite)" http_suites build
case $pg_state in
running) PG_HTTP=1 RELAIS_BIN=build/relais suite "http (PostgreSQL)" http_suites build ;;
absent) skip_suite "http (PostgreSQL)" "PostgreSQL is not installed" ;;
broken) suite "http (PostgreSQL)" false ;;
esac

RELAIS_BIN=build/relais suite "adversary (SQLite)" build/tests/adversary

RELAIS_BIN=build/relais suite "cli" cli_suites
case $pg_state in
running) suite "import (PostgreSQL)" env RELAIS_BIN=build/relais RELAIS_TEST_DB="$(pg_db import_test)" bash tests/cli/test_import.sh ;;
absent) skip_suite "import (PostgreSQL)" "PostgreSQL is not installed" ;;
broken) suite "import (PostgreSQL)" false ;;
esac
case $pg_state in
running) suite "demo (PostgreSQL)" env RELAIS_BIN=build/relais RELAIS_TEST_DB="$(pg_db demo_test)" bash tests/cli/test_demo.sh ;;
absent) skip_suite "demo (PostgreSQL)" "PostgreSQL is not installed" ;;
broken) suite "demo (PostgreSQL)" false ;;
esac
suite "source rules" bash tests/lint/test_source.sh
suite "api" env RELAIS_BIN="$PWD/build/relais" node --test --test-reporter=tap tests/api/
suite "browser" env RELAIS_BIN="$PWD/build/relais" node --test --test-reporter=tap tests/browser/

suite "asan: unit" unit_suites build/asan
suite "asan: store (SQLite)" build/asan/tests/test_store
RELAIS_BIN=build/asan/relais suite "asan: http (SQLite)" http_suites build/asan
# The adversary under ASan: the solver's own code, on a few services.
RELAIS_BIN=build/asan/relais ADVERSARY_SERVICES=5 suite "asan: adversary (SQLite)" build/asan/tests/adversary
RELAIS_BIN=build/asan/relais suite "asan: cli" cli_suites

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

echo
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
