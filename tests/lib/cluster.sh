# Several relais servers on one database behind nginx, as the README's
# deployment "several stateless relais behind the proxy" runs them: for
# the two-server test (tests/cluster) and the benchmark (bench/twoapp.sh).
# Source it after bench/nginx.sh, with BIN (the relais binary) and
# CLUSTER_DIR (a scratch folder the caller removes) set.
#
#   cluster_serve NAME ARGS…   starts `relais serve --listen 127.0.0.1:0
#                              --server-id NAME --anchor DIR/NAME.anchor
#                              --max-per-address 0 ARGS…` (ARGS: --db,
#                              --key-file…); its pid and port are appended
#                              to CLUSTER_PIDS and CLUSTER_PORTS
#   cluster_nginx PORT…        nginx in front of the servers on PORT…,
#                              configured from README.md: its first nginx
#                              block without TLS, whose upstream is
#                              replaced by the README's upstream for
#                              several servers (its 127.0.0.1:8080, :8081
#                              lines become one line a PORT); on a free
#                              loopback port, given in CLUSTER_URL
#   cluster_stop               stops nginx, then each server (SIGTERM,
#                              waited for); 0 when every server stopped
#                              gracefully

CLUSTER_PIDS=()
CLUSTER_PORTS=()
CLUSTER_NGINX_PID=""
CLUSTER_URL=""

cluster_serve() {
	local name=$1 pid port="" _
	shift
	"$BIN" serve --listen 127.0.0.1:0 --server-id "$name" --anchor "$CLUSTER_DIR/$name.anchor" \
		--max-per-address 0 "$@" >"$CLUSTER_DIR/$name.out" 2>"$CLUSTER_DIR/$name.err" &
	pid=$!
	for _ in $(seq 100); do
		port=$(sed -n 's|^listening on http://127\.0\.0\.1:||p' "$CLUSTER_DIR/$name.out")
		[ -n "$port" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if [ -z "$port" ]; then
		echo "cluster_serve $name: no listening line: $(cat "$CLUSTER_DIR/$name.err")" >&2
		kill "$pid" 2>/dev/null
		return 1
	fi
	CLUSTER_PIDS+=("$pid")
	CLUSTER_PORTS+=("$port")
}

# The README's nginx configuration for the servers on "$@", listening on
# 127.0.0.1:$listen (the http block's content).
_cluster_conf() {
	local listen=$1 readme single multi servers="" p
	shift
	readme=$(dirname "${BASH_SOURCE[0]}")/../../README.md
	# The first nginx block: the single-server deployment.
	single=$(awk '/^```nginx/ { on = 1; next } on && /^```/ { exit } on' "$readme")
	# The block with the upstream of several servers.
	multi=$(awk '/^```nginx/ { on = 1; blk = ""; next }
		on && /^```/ { on = 0; if (blk ~ /127\.0\.0\.1:8081/) { printf "%s", blk; exit } next }
		on { blk = blk $0 "\n" }' "$readme")
	if ! grep -q '^upstream relais {' <<<"$single" || ! grep -q '^upstream relais {' <<<"$multi"; then
		echo "cluster_nginx: README.md has no nginx upstream for several servers" >&2
		return 1
	fi
	for p in "$@"; do servers+="    server 127.0.0.1:$p;\n"; done
	multi=$(sed -e '/^ *server 127\.0\.0\.1:80[0-9][0-9];/d' \
		-e "s/^upstream relais {/upstream relais {\n$servers/" <<<"$multi")
	# The single-server block with its upstream replaced, without TLS.
	awk '/^upstream relais \{/ { skip = 1; next } skip && /^\}/ { skip = 0; next } !skip' <<<"$single" |
		sed -e '/listen 443/d' -e '/ssl_/d' -e '/server_name/d' -e '/Strict-Transport-Security/d' \
			-e "s/^server {/server {\n    listen 127.0.0.1:$listen;/"
	printf '%s\n' "$multi"
}

cluster_nginx() {
	local try listen conf _
	for try in 1 2 3 4 5; do
		listen=$((20000 + RANDOM % 20000))
		conf=$(_cluster_conf "$listen" "$@") || return 1
		nginx_conf "$CLUSTER_DIR/nginx" "$conf"
		nginx -c "$CLUSTER_DIR/nginx/nginx.conf" -p "$CLUSTER_DIR/nginx" 2>>"$CLUSTER_DIR/nginx.start" &
		CLUSTER_NGINX_PID=$!
		for _ in $(seq 50); do
			if curl -s -o /dev/null "http://127.0.0.1:$listen/healthz"; then
				CLUSTER_URL=http://127.0.0.1:$listen
				return 0
			fi
			kill -0 "$CLUSTER_NGINX_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill "$CLUSTER_NGINX_PID" 2>/dev/null
		wait "$CLUSTER_NGINX_PID" 2>/dev/null
		CLUSTER_NGINX_PID=""
	done
	echo "cluster_nginx: nginx did not start: $(cat "$CLUSTER_DIR/nginx.start" "$CLUSTER_DIR/nginx/nginx.err" 2>/dev/null)" >&2
	return 1
}

cluster_stop() {
	local pid status=0
	if [ -n "$CLUSTER_NGINX_PID" ]; then
		kill "$CLUSTER_NGINX_PID" 2>/dev/null
		wait "$CLUSTER_NGINX_PID" 2>/dev/null
		CLUSTER_NGINX_PID=""
	fi
	for pid in "${CLUSTER_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
		wait "$pid" || status=1
	done
	CLUSTER_PIDS=()
	CLUSTER_PORTS=()
	return $status
}
