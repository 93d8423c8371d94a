#!/usr/bin/env bash
# run.sh TRIALS [sqlite|postgresql|all] — the crash trials of issue 12
# (build/tests/crash, TAP), TRIALS per database and way of crashing:
#
#   sqlite       relais killed (SIGKILL) over the buffering test VFS, plus
#                the control trial (fsync skipped: writes must be lost)
#   postgresql   on a cluster of their own started with fsync=on (the
#                suite's throw-away cluster runs with fsync=off): relais
#                killed, then PostgreSQL stopped with pg_ctl -m immediate
#                mid-load and restarted with relais
#
# Exit 0 when every trial passed; 3 when PostgreSQL is not installed and
# only postgresql was asked for.  RELAIS_BIN names the binary
# (build/relais).
set -u
cd "$(dirname "$0")/../.."
trials=${1:?usage: run.sh TRIALS [sqlite|postgresql|all]}
which=${2:-all}
export RELAIS_BIN=${RELAIS_BIN:-build/relais}
status=0
# The servers' log lines (hundreds while PostgreSQL is down) go to a file,
# shown in part when a run fails.
log=$(mktemp /tmp/relais-crash-log-XXXXXX)
trap 'rm -f "$log"' EXIT
run() {
	"$@" 2>"$log" && return 0
	echo "# the last lines of the servers' log:"
	tail -20 "$log" | sed 's/^/#   /'
	return 1
}

if [ "$which" = sqlite ] || [ "$which" = all ]; then
	CRASH_TRIALS=$trials run build/tests/crash || status=1
fi

if [ "$which" = postgresql ] || [ "$which" = all ]; then
	pgdir=$(mktemp -d /tmp/relais-crashpg-XXXXXX)
	rmdir "$pgdir"
	bash scripts/pg-cluster.sh start "$pgdir" --fsync >/dev/null
	rc=$?
	if [ $rc -eq 3 ]; then
		echo "# PostgreSQL is not installed: no PostgreSQL crash trial"
		[ "$which" = postgresql ] && exit 3
		exit $status
	fi
	if [ $rc -ne 0 ]; then
		echo "not ok - the PostgreSQL cluster (fsync=on) did not start"
		exit 1
	fi
	trap 'bash scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1; rm -f "$log"' EXIT
	db=$(bash scripts/pg-cluster.sh createdb "$pgdir" crash_relais) &&
		RELAIS_TEST_DB=$db CRASH_TRIALS=$trials run build/tests/crash || status=1
	db=$(bash scripts/pg-cluster.sh createdb "$pgdir" crash_postgres) &&
		RELAIS_TEST_DB=$db CRASH_KILL=postgres CRASH_PGDIR=$pgdir CRASH_TRIALS=$trials \
			run build/tests/crash || status=1
fi
exit $status
