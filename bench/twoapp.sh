#!/usr/bin/env bash
# One and two relais servers behind nginx on one PostgreSQL (issue 15,
# item 5), measured in one run with wrk: the README's nginx configuration
# (tests/lib/cluster.sh builds it) in front of one server, then of two
# (round robin), each on a throw-away cluster with fsync on.  Figures, not
# assertions.
#
# On this machine (2 cores shared by the servers, nginx, PostgreSQL and
# wrk) a second server cannot add throughput: the run measures what a
# second instance costs (connections, the audit chain's lock between two
# processes), not scaling.  It says so in its output.
#
# Pages: /healthz (no database), the authenticated admin list
# (/admin/users: a session read), a worker's caseload (300 cases, one
# audited read: one durable write a view).  Environment: RELAIS_BIN,
# BENCH_SECONDS (each wrk run, default 10), BENCH_CONNECTIONS (default 32).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${RELAIS_BIN:-build/relais}
DUR=${BENCH_SECONDS:-10}
CONN=${BENCH_CONNECTIONS:-32}
work=$(mktemp -d /tmp/relais-twoapp-XXXXXX)
chmod 755 "$work"
pgdir=$work/pg
CLUSTER_DIR=$work
. bench/nginx.sh
. tests/lib/cluster.sh
cleanup() {
	cluster_stop >/dev/null 2>&1 || true
	bash scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

for tool in wrk nginx; do
	command -v "$tool" >/dev/null || { echo "bench/twoapp.sh: $tool is missing (install-deps.sh --test)" >&2; exit 1; }
done
rc=0
db=$(bash scripts/pg-cluster.sh start "$pgdir" --fsync 2>"$work/pg.err") || rc=$?
if [ "$rc" -eq 3 ]; then
	echo "bench/twoapp.sh: PostgreSQL is not installed: one and two app servers not measured"
	exit 0
elif [ "$rc" -ne 0 ]; then
	cat "$work/pg.err" >&2
	exit 1
fi
key=$work/k.key
base=(--db "$db" --key-file "$key")
"$BIN" init "${base[@]}" >/dev/null 2>&1
ACCT_DIR=$work
. tests/lib/accounts.sh
PW='bench password 123'
acct_add "${base[@]}" --login admin --name "Admin Bench" --role admin
admin_token=$ACCT_TOKEN
acct_add "${base[@]}" --login as1 --name "Assistante" --role worker
as1_token=$ACCT_TOKEN
# A caseload of 200 persons and 300 cases for as1, through the importer.
printf 'code,name,kind,sector\nbench,Organisation de test,collectivite,\n' >"$work/organisations.csv"
awk 'BEGIN { print "ref,organisation,last_name,first_name,birth_date,sex,status,category,family_situation,job_title,consent_on";
	for (i = 1; i <= 200; i++) printf "P%d,bench,Nom%d,Prénom%d,1970-01-01,F,titulaire,C,isole,,2020-01-01\n", i, i, i }' >"$work/persons.csv"
awk 'BEGIN { print "ref,person,referent,opened_on,closed_on,referral_source,domains,outcome";
	for (i = 1; i <= 300; i++) printf "C%d,P%d,as1,2021-01-01,,agent,budget;sante.arret,\n", i, (i - 1) % 200 + 1 }' >"$work/cases.csv"
for kind in organisations persons cases; do
	"$BIN" import "${base[@]}" "$kind" "$work/$kind.csv" >/dev/null
done

cluster_serve app1 "${base[@]}"
direct=http://127.0.0.1:${CLUSTER_PORTS[0]}
acct_enrol "$direct" "$admin_token" "$PW"
acct_enrol "$direct" "$as1_token" "$PW"
acct_signin "$direct" admin "$PW"
admin_cookie=$ACCT_COOKIE
acct_signin "$direct" as1 "$PW"
as1_cookie=$ACCT_COOKIE
cluster_serve app2 "${base[@]}"

rps() { # URL [COOKIE] — wrk's requests per second (non-2xx answers fail the run)
	local out
	if [ $# -gt 1 ]; then
		out=$(wrk -t2 -c"$CONN" -d"${DUR}s" -H "Cookie: $2" "$1")
	else
		out=$(wrk -t2 -c"$CONN" -d"${DUR}s" "$1")
	fi
	echo "$out" >>"$work/wrk.log"
	if grep -q 'Non-2xx' <<<"$out"; then
		echo "bench/twoapp.sh: $1 answered non-2xx: $out" >&2
		exit 1
	fi
	awk '/Requests\/sec/ { print $2 }' <<<"$out"
}
measure() { # URL_BASE — sets health, admin, caseload
	health=$(rps "$1/healthz")
	admin=$(rps "$1/admin/users" "$admin_cookie")
	caseload=$(rps "$1/cases?status=all" "$as1_cookie")
}

echo "== relais $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, PostgreSQL (fsync on), wrk -t2 -c$CONN -d${DUR}s"
echo "   On $(nproc) cores shared by the servers, nginx, PostgreSQL and wrk, a second server"
echo "   cannot add throughput: these figures measure its overhead, not scaling."
measure "$direct"
d_health=$health d_admin=$admin d_caseload=$caseload
cluster_nginx "${CLUSTER_PORTS[0]}"
measure "$CLUSTER_URL"
o_health=$health o_admin=$admin o_caseload=$caseload
kill "$CLUSTER_NGINX_PID" && wait "$CLUSTER_NGINX_PID" 2>/dev/null || true
CLUSTER_NGINX_PID=""
cluster_nginx "${CLUSTER_PORTS[@]}"
measure "$CLUSTER_URL"
t_health=$health t_admin=$admin t_caseload=$caseload
# Both servers answered (round robin): their access logs are not kept, so
# count the audited caseload views each one anchored.
a1=$(wc -l <"$work/app1.anchor")
a2=$(wc -l <"$work/app2.anchor")
"$BIN" audit verify "${base[@]}" --anchor "$work/k.anchor" --anchor "$work/app1.anchor" \
	--anchor "$work/app2.anchor" >"$work/verify" 2>&1 || { cat "$work/verify" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '\n%-44s %11s %11s %11s %8s\n' "req/s" "direct" "nginx + 1" "nginx + 2" "2 / 1"
for row in health:"/healthz" admin:"admin list page" caseload:"caseload page (audited, durable)"; do
	k=${row%%:*}
	d=d_$k o=o_$k t=t_$k
	printf '%-44s %11s %11s %11s %8s\n' "${row#*:}" "${!d}" "${!o}" "${!t}" "$(ratio "${!t}" "${!o}")"
done
echo "anchor lines (commits) written by app1 / app2: $a1 / $a2; audit verify: $(head -1 "$work/verify")"
