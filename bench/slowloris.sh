#!/usr/bin/env bash
# Slow clients (issue 12): wrk measures /healthz and the worker's home page
# (signed in, with its database reads) undisturbed, then while 1,000 slow
# connections (bench/slowloris.c) hang on the server, each bound to one of
# the source addresses 127.0.0.2–127.0.0.250 and sending one header byte
# every 5 s for the whole run.  Figures, not assertions (goal: ≥ 80 % of the
# undisturbed throughput), and how many slow connections are still
# connected at the end of the run, in three set-ups:
#
#   direct            relais with its default limits (the 10 s header
#                     deadline closes the slow connections)
#   direct, held      --header-timeout 3600: the slow connections stay for
#                     the whole run; only the connection limits protect
#   nginx             the README's nginx in front (client_header_timeout,
#                     limit_conn), relais with --max-per-address 0
#
# Environment: RELAIS_BIN, SLOW_SECONDS (each wrk run, default 20),
# SLOW_CLIENTS (default 1000), BENCH_CONNECTIONS (wrk's, default 32).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${RELAIS_BIN:-build/relais}
DUR=${SLOW_SECONDS:-20}
SLOW=${SLOW_CLIENTS:-1000}
CONN=${BENCH_CONNECTIONS:-32}
NGINX_PORT=${SLOW_NGINX_PORT:-18098}
work=$(mktemp -d /tmp/relais-slow-XXXXXX)
relais_pid=""
nginx_pid=""
slow_pid=""
cleanup() {
	[ -n "$slow_pid" ] && kill "$slow_pid" 2>/dev/null && wait "$slow_pid" 2>/dev/null
	[ -n "$relais_pid" ] && kill "$relais_pid" 2>/dev/null && wait "$relais_pid" 2>/dev/null
	[ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# Each slow connection is a descriptor here, in relais and in nginx.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((SLOW * 2 + 256)) ]; then
	echo "slowloris.sh: ulimit -n is $(ulimit -n), below the $((SLOW * 2 + 256)) needed" >&2
	exit 1
fi

cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Wformat=2 -Wshadow \
	-Wstrict-prototypes -Werror -O2 -o "$work/slowloris" bench/slowloris.c

db=$work/slow.db
"$BIN" init --db "$db" >/dev/null 2>&1
# The worker enrols through her link once the server runs (issue 13).
ACCT_DIR=$work
. tests/lib/accounts.sh
PW='bench password 123'
acct_add --db "$db" --login as1 --name "Assistante" --role worker
as1_token=$ACCT_TOKEN

serve() { # PORT OPTIONS... — starts relais, sets url
	rm -f "$work/serve.out" # not the last server's "listening" line
	"$BIN" serve --db "$db" --listen "127.0.0.1:$1" "${@:2}" >"$work/serve.out" 2>"$work/serve.err" &
	relais_pid=$!
	for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
	url=$(sed -n 's/^listening on //p' "$work/serve.out")
	port=${url##*:}
}
stop_relais() {
	kill "$relais_pid"
	wait "$relais_pid" 2>/dev/null || true
	relais_pid=""
}
sign_in() { # BASE_URL — sets cookie: the worker's session (a fresh code each time)
	acct_signin "$1" as1 "$PW"
	cookie=$ACCT_COOKIE
}
wrk_rps() { # URL [header]
	local args=(-t2 -c"$CONN" -d"${DUR}s" --timeout 5s)
	[ $# -gt 1 ] && args+=(-H "$2")
	echo "## $phase: $1" >>"$work/wrk.log"
	wrk "${args[@]}" "$1" | tee -a "$work/wrk.log" | awk '/Requests\/sec/ {print $2}'
}
# measure BASE_URL COOKIE SLOW_PORT — sets health, home, held (slow
# connections still connected at the end; "-" without slow clients)
measure() {
	held=-
	phase="$setup, undisturbed"
	[ -n "$3" ] && phase="$setup, $SLOW slow clients"
	if [ -n "$3" ]; then
		"$work/slowloris" "$3" "$SLOW" $((2 * DUR + 30)) 5 2 250 >"$work/slow.out" &
		slow_pid=$!
		sleep 3
	fi
	health=$(wrk_rps "$1/healthz")
	home=$(wrk_rps "$1/" "Cookie: $2")
	if [ -n "$3" ]; then
		kill -USR1 "$slow_pid"
		sleep 0.5
		kill "$slow_pid"
		wait "$slow_pid" 2>/dev/null || true
		slow_pid=""
		tail -1 "$work/slow.out" >>"$work/slow.log"
		held=$(tail -1 "$work/slow.out" | sed -n 's/.* connected \([0-9]*\) .*/\1/p')
	fi
}
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f %%", 100 * a / b; else print "-" }'; }

echo "== relais $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores," \
	"wrk -t2 -c$CONN -d${DUR}s, $SLOW slow clients from 127.0.0.2-250, one byte every 5 s"
rows=()
row() { rows+=("$(printf '%-34s %10s %10s %7s %10s %10s %7s %8s' "$@")"); }

# Direct, default limits; then the slow connections held for the whole run.
setup="direct, defaults"
serve 0
acct_enrol "$url" "$as1_token" "$PW"
sign_in "$url"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url/")" = 200 ] ||
	{ echo "slowloris.sh: the worker's home page does not answer 200" >&2; exit 1; }
measure "$url" "$cookie" ""
h0=$health m0=$home
measure "$url" "$cookie" "$port"
row "direct, defaults" "$h0" "$health" "$(pct "$health" "$h0")" "$m0" "$home" "$(pct "$home" "$m0")" "$held"
stop_relais
setup="direct, --header-timeout 3600"
serve 0 --header-timeout 3600
sign_in "$url"
measure "$url" "$cookie" ""
h0=$health m0=$home
measure "$url" "$cookie" "$port"
row "direct, --header-timeout 3600" "$h0" "$health" "$(pct "$health" "$h0")" "$m0" "$home" "$(pct "$home" "$m0")" "$held"
stop_relais

# Through nginx: the README's configuration (its first nginx block, without
# TLS), relais behind it without a per-address limit.
setup="nginx in front"
serve 0 --max-per-address 0
. bench/nginx.sh
nginx_conf "$work" "$(awk '/^```nginx/ { on = 1; next } on && /^```/ { exit } on' README.md |
	sed -e '/listen 443/d' -e '/ssl_/d' -e '/server_name/d' \
	    -e "s/127.0.0.1:8080/127.0.0.1:$port/" -e "s/^server {/server {\n    listen 127.0.0.1:$NGINX_PORT;/")"
grep -q client_header_timeout "$work/nginx.conf" ||
	{ echo "slowloris.sh: no nginx configuration found in README.md" >&2; exit 1; }
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/healthz" && break; sleep 0.1; done
nurl=http://127.0.0.1:$NGINX_PORT
sign_in "$nurl"
measure "$nurl" "$cookie" ""
h0=$health m0=$home
measure "$nurl" "$cookie" "$NGINX_PORT"
row "nginx in front" "$h0" "$health" "$(pct "$health" "$h0")" "$m0" "$home" "$(pct "$home" "$m0")" "$held"
stop_relais

printf '\n%-34s %10s %10s %7s %10s %10s %7s %8s\n' "req/s" "/healthz" "slowed" "kept" \
	"home" "slowed" "kept" "held"
printf '%s\n' "${rows[@]}"
echo
echo "held: slow connections still connected when wrk ends (of $SLOW); slowloris said:"
sed 's/^/  /' "$work/slow.log"
echo "wrk's errors and answers other than 2xx/3xx (none when nothing follows):"
grep -E '^## |Non-2xx|Socket errors' "$work/wrk.log" | grep -B1 -vE '^## ' | grep -v '^--' | sed 's/^/  /' || true
