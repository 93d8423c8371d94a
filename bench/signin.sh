#!/usr/bin/env bash
# Sign-in flood (issue 13): sign-in attempts per second with 64 concurrent
# clients, and the p99 latency of a case page read meanwhile by a signed-in
# worker (goal: under 50 ms), against the same page at rest.  The flood is a
# distributed one: each attempt comes from another address (X-Real-IP,
# trusted from loopback), with as2's right password and a wrong second-factor
# code, so no delay applies and every attempt that is let in costs one
# argon2id hash: the hashing gate and the slow lane are what is measured.
# Figures, not assertions.  BENCH_SECONDS sets the duration (default 10),
# BENCH_THREADS the server's threads (default: serve's own, 16).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${RELAIS_BIN:-build/relais}
DUR=${BENCH_SECONDS:-10}
work=$(mktemp -d /tmp/relais-bench-signin-XXXXXX)
relais_pid=""
cleanup() {
	[ -n "$relais_pid" ] && kill "$relais_pid" 2>/dev/null && wait "$relais_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

db=$work/bench.db
"$BIN" init --db "$db" >/dev/null 2>&1
ACCT_DIR=$work
. tests/lib/accounts.sh
declare -A token
for login in as1 as2; do
	acct_add --db "$db" --login "$login" --name "Assistante $login" --role worker
	token[$login]=$ACCT_TOKEN
done
printf 'code,name,kind,sector\nbench,Organisation de test,collectivite,\n' >"$work/orgs.csv"
awk 'BEGIN { print "ref,organisation,last_name,first_name,birth_date,sex,status,category,family_situation,job_title,consent_on";
	for (i = 1; i <= 20; i++) printf "P%d,bench,Nom%d,Prénom%d,1970-01-01,F,titulaire,C,isole,,2020-01-01\n", i, i, i }' >"$work/persons.csv"
awk 'BEGIN { print "ref,person,referent,opened_on,closed_on,referral_source,domains,outcome";
	for (i = 1; i <= 20; i++) printf "C%d,P%d,as1,2021-01-01,,agent,budget;sante.arret,\n", i, i }' >"$work/cases.csv"
"$BIN" import --db "$db" organisations "$work/orgs.csv" >/dev/null 2>&1
"$BIN" import --db "$db" persons "$work/persons.csv" >/dev/null 2>&1
"$BIN" import --db "$db" cases "$work/cases.csv" >/dev/null 2>&1

threads=()
if [ -n "${BENCH_THREADS:-}" ]; then threads=(--threads "$BENCH_THREADS"); fi
# All clients come from 127.0.0.1: no per-address connection limit.
"$BIN" serve --db "$db" --listen 127.0.0.1:0 --max-per-address 0 ${threads[@]+"${threads[@]}"} >"$work/serve.out" 2>"$work/serve.err" &
relais_pid=$!
for _ in $(seq 50); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/serve.out")
PW="bench password 123"
for login in as1 as2; do acct_enrol "$url" "${token[$login]}" "$PW"; done
acct_signin "$url" as1 "$PW"
cookie=$ACCT_COOKIE
page=$url/cases/1
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$page")
[ "$status" = 200 ] || { echo "the case page answers $status" >&2; exit 1; }

# wrk's Lua: every request a JSON sign-in of as2 (right password, wrong
# code) from an address of its own in 10.0.0.0/8.
cat >"$work/signin.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"login":"as2","password":"bench password 123","code":"000000"}'
wrk.headers["Content-Type"] = "application/json"
local threads = {}
function setup(thread)
	table.insert(threads, thread)
end
function init(args)
	n, c401, c503, cother = 0, 0, 0, 0
end
function request()
	n = n + 1
	local a = (n * 7919 + math.random(0, 7918)) % 16777216
	wrk.headers["X-Real-IP"] = string.format("10.%d.%d.%d", math.floor(a / 65536),
		math.floor(a / 256) % 256, a % 256)
	return wrk.format()
end
function response(status, headers, body)
	if status == 401 then c401 = c401 + 1
	elseif status == 503 then c503 = c503 + 1
	else cother = cother + 1 end
end
function done(summary, latency, requests)
	local t401, t503, tother = 0, 0, 0
	for _, t in ipairs(threads) do
		t401 = t401 + t:get("c401")
		t503 = t503 + t:get("c503")
		tother = tother + t:get("cother")
	end
	io.write(string.format("statuses: 401 %d 503 %d other %d\n", t401, t503, tother))
end
LUA

p99() { # wrk --latency output on stdin: the 99% line, in ms
	awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
		else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
		printf "%.1f", v }'
}

echo "== relais $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, ${DUR}s each"
rest=$(wrk -t1 -c4 -d"${DUR}s" --latency -H "Cookie: $cookie" "$page" | tee "$work/rest.log" | p99)

wrk -t2 -c64 -d"$((DUR + 2))s" -s "$work/signin.lua" "$url/api/v1/session" >"$work/flood.log" 2>&1 &
flood=$!
sleep 1
busy=$(wrk -t1 -c4 -d"${DUR}s" --latency -H "Cookie: $cookie" "$page" | tee "$work/busy.log" | p99)
wait "$flood" || true
read -r hashed busy503 other < <(awk '/^statuses:/ { print $3, $5, $7 }' "$work/flood.log") || true
secs=$((DUR + 2))
page_errors=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$work/busy.log")

printf '\n%-58s %12s\n' "measure" "value"
printf '%-58s %12s\n' "sign-in attempts hashed (401) per second, 64 concurrent" "$(awk -v n="${hashed:-0}" -v s="$secs" 'BEGIN{printf "%.1f", n/s}')"
printf '%-58s %12s\n' "sign-ins refused, queue full (503) per second" "$(awk -v n="${busy503:-0}" -v s="$secs" 'BEGIN{printf "%.1f", n/s}')"
printf '%-58s %12s\n' "other answers during the flood (should be 0)" "${other:-0}"
printf '%-58s %12s\n' "case page p99 at rest, ms" "$rest"
printf '%-58s %12s\n' "case page p99 during the flood, ms (goal < 50)" "$busy"
printf '%-58s %12s\n' "case page non-2xx answers during the flood" "${page_errors:-0}"
