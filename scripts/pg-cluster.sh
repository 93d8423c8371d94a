#!/usr/bin/env bash
# pg-cluster.sh — a throw-away PostgreSQL cluster for tests, reachable only
# through a unix socket inside its own directory.
#
#   pg-cluster.sh start DIR [--fsync] create and start a cluster in DIR (new or
#                                    empty); prints its connection URI.  The
#                                    suite's cluster runs with fsync=off;
#                                    --fsync keeps PostgreSQL's durability
#                                    (the crash trials)
#   pg-cluster.sh crash DIR          stop the server at once (pg_ctl -m
#                                    immediate: no checkpoint, as a crash)
#   pg-cluster.sh restart DIR        start it again (after crash), with the
#                                    options it was created with
#   pg-cluster.sh createdb DIR NAME  create database NAME; prints its URI
#   pg-cluster.sh uri DIR [NAME]     prints the URI of database NAME (postgres)
#   pg-cluster.sh status DIR         exit 0 running, 1 not running
#   pg-cluster.sh stop DIR           stop the cluster (fast) and remove DIR
#
# Exit codes: 0 success, 1 failure, 2 usage error, 3 PostgreSQL is not
# installed (callers skip the PostgreSQL tests on 3).  Only the URI goes to
# stdout; messages go to stderr.
#
# initdb refuses to run as root: as root, DIR is handed to the `postgres`
# system user (created by Debian's postgresql package) and the server runs
# as that user.  DIR is made world-searchable (755) so any local user can
# reach the socket.  stop only removes a directory this script created
# (it carries a marker file).
set -euo pipefail

MARKER=.relais-pg-cluster
PORT=5432

die() {
	echo "pg-cluster: $*" >&2
	exit 1
}

usage() {
	echo "usage: pg-cluster.sh start DIR [--fsync] | createdb DIR NAME | uri DIR [NAME] | status DIR | crash DIR | restart DIR | stop DIR" >&2
	exit 2
}

# Finds the newest installed server binaries, or exits 3.
find_bin() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
	if [ -z "$d" ] || [ ! -x "$d/initdb" ] || [ ! -x "$d/pg_ctl" ]; then
		echo "pg-cluster: PostgreSQL server is not installed (no /usr/lib/postgresql/*/bin/initdb)" >&2
		exit 3
	fi
	BIN=$d
}

# Runs a server command as the cluster owner (postgres when we are root),
# from / so the owner never needs access to our working directory.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		(cd / && "$@")
	fi
}

# DIR must be an absolute, plain path: it goes into a URI and a server option.
check_dir() {
	[ -n "$1" ] || usage
	case "$1" in
	/*) ;;
	*) die "DIR must be an absolute path: $1" ;;
	esac
	[[ "$1" =~ ^[A-Za-z0-9/._-]+$ ]] || die "DIR may only hold letters, digits and / . _ -: $1"
	# The socket path (DIR/.s.PGSQL.5432) must fit in sun_path (107 bytes).
	[ ${#1} -le 90 ] || die "DIR is too long for a unix socket path: $1"
}

check_name() {
	[[ "$1" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "database name must match [a-z_][a-z0-9_]*: $1"
}

uri_of() {
	echo "postgresql://postgres@/$2?host=$1&port=$PORT"
}

# Starts the server of DIR's cluster with the fsync setting recorded in
# DIR/fsync; waits until its socket answers, then prints the URI.
server_up() {
	local dir=$1
	if ! as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-k $dir -p $PORT -c listen_addresses='' -c fsync=$(cat "$dir/fsync")" start >/dev/null 2>&1; then
		cat "$dir/server.log" >&2 2>/dev/null || true
		die "the server did not start in $dir"
	fi
	# pg_ctl -w already waited; check that the socket answers too.
	local i
	for i in $(seq 1 100); do
		if "$BIN/pg_isready" -q -h "$dir" -p "$PORT" -U postgres 2>/dev/null; then
			uri_of "$dir" postgres
			return 0
		fi
		sleep 0.1
	done
	die "the server in $dir does not answer"
}

cmd_start() {
	local dir=$1 fsync=${2:-off} locale_opt
	check_dir "$dir"
	find_bin
	if [ -e "$dir" ]; then
		[ -d "$dir" ] || die "$dir exists and is not a directory"
		[ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
	fi
	mkdir -p "$dir"
	touch "$dir/$MARKER"
	chmod 755 "$dir"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' system user"
		chown postgres: "$dir"
		runuser -u postgres -- test -x "$dir" ||
			die "user postgres cannot reach $dir (a parent directory is not searchable)"
	fi
	if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then
		locale_opt=--locale=C.UTF-8
	else
		locale_opt=--no-locale
	fi
	if ! as_owner "$BIN/initdb" -D "$dir/data" --auth=trust -U postgres --encoding=UTF8 \
		"$locale_opt" >"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		die "initdb failed in $dir"
	fi
	if [ "$(id -u)" -eq 0 ]; then
		# The log file is written by pg_ctl running as postgres.
		chown postgres: "$dir"
	fi
	echo "$fsync" >"$dir/fsync"
	server_up "$dir"
}

cmd_crash() {
	local dir=$1
	check_dir "$dir"
	[ -f "$dir/$MARKER" ] || die "$dir is not a cluster made by this script"
	find_bin
	as_owner "$BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 ||
		die "pg_ctl -m immediate stop failed in $dir"
}

cmd_restart() {
	local dir=$1
	check_dir "$dir"
	[ -f "$dir/$MARKER" ] || die "$dir is not a cluster made by this script"
	find_bin
	server_up "$dir" >/dev/null
}

cmd_createdb() {
	local dir=$1 name=$2
	check_dir "$dir"
	check_name "$name"
	find_bin
	[ -f "$dir/$MARKER" ] || die "$dir is not a cluster made by this script"
	"$BIN/createdb" -h "$dir" -p "$PORT" -U postgres -E UTF8 -T template0 "$name" ||
		die "createdb $name failed"
	uri_of "$dir" "$name"
}

cmd_status() {
	local dir=$1
	check_dir "$dir"
	find_bin
	[ -d "$dir/data" ] || exit 1
	as_owner "$BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 || exit 1
}

cmd_stop() {
	local dir=$1
	check_dir "$dir"
	[ -d "$dir" ] || die "$dir does not exist"
	[ -f "$dir/$MARKER" ] || die "$dir is not a cluster made by this script; not removing it"
	find_bin
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 ||
			echo "pg-cluster: pg_ctl stop failed in $dir" >&2
	fi
	rm -rf -- "$dir"
}

[ $# -ge 1 ] || usage
case "$1" in
start)
	if [ $# -eq 3 ] && [ "$3" = --fsync ]; then
		cmd_start "$2" on
	else
		[ $# -eq 2 ] || usage
		cmd_start "$2" off
	fi
	;;
crash) [ $# -eq 2 ] || usage; cmd_crash "$2" ;;
restart) [ $# -eq 2 ] || usage; cmd_restart "$2" ;;
createdb) [ $# -eq 3 ] || usage; cmd_createdb "$2" "$3" ;;
uri)
	[ $# -ge 2 ] && [ $# -le 3 ] || usage
	check_dir "$2"
	check_name "${3:-postgres}"
	uri_of "$2" "${3:-postgres}"
	;;
status) [ $# -eq 2 ] || usage; cmd_status "$2" ;;
stop) [ $# -eq 2 ] || usage; cmd_stop "$2" ;;
*) usage ;;
esac
