#!/usr/bin/env bash
# Attachments (issue 16): upload and download throughput of one file of
# BENCH_ATTACH_MIB MiB (10, the default limit), each BENCH_ATTACH_RUNS (5)
# times in a row through the API with curl.  An upload is read as it
# arrives into an encrypted spool, then sealed into 64 KiB chunks in one
# transaction with its audit entry; a download opens every chunk, one at a
# time as the response is sent.  Also the server's resident memory after
# them (the file is never whole in memory, on the way in or out).  Figures, not assertions.  RELAIS_BIN as bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${RELAIS_BIN:-build/relais}
MIB=${BENCH_ATTACH_MIB:-10}
RUNS=${BENCH_ATTACH_RUNS:-5}
work=$(mktemp -d /tmp/relais-attach-XXXXXX)
relais_pid=""
cleanup() {
	[ -n "$relais_pid" ] && kill "$relais_pid" 2>/dev/null && wait "$relais_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

db=$work/attach.db
"$BIN" init --db "$db" >/dev/null 2>&1
ACCT_DIR=$work
. tests/lib/accounts.sh
PW='bench password 123'
acct_add --db "$db" --login as1 --name "Assistante" --role worker
as1_token=$ACCT_TOKEN
printf 'code,name,kind,sector\nbench,Organisation de test,collectivite,\n' >"$work/organisations.csv"
printf 'ref,organisation,last_name,first_name,birth_date,sex,status,category,family_situation,job_title,consent_on\nP1,bench,Nom,Prénom,1970-01-01,F,titulaire,C,isole,,2020-01-01\n' >"$work/persons.csv"
printf 'ref,person,referent,opened_on,closed_on,referral_source,domains,outcome\nC1,P1,as1,2021-01-01,,agent,budget,\n' >"$work/cases.csv"
for k in organisations persons cases; do "$BIN" import --db "$db" "$k" "$work/$k.csv" >/dev/null; done

# A PDF-looking file of random bytes (incompressible, as scans are).
{ printf '%%PDF-1.7\n'; head -c $((MIB * 1048576 - 9)) /dev/urandom; } >"$work/file.pdf"

"$BIN" serve --db "$db" --listen 127.0.0.1:0 --upload-max "$MIB" >"$work/serve.out" \
	2>"$work/serve.err" &
relais_pid=$!
for _ in $(seq 50); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/serve.out")
acct_enrol "$url" "$as1_token" "$PW"
acct_signin "$url" as1 "$PW"
cookie=$ACCT_COOKIE
csrf=$ACCT_CSRF

now() { date +%s%N; }
mibs() { awk -v n="$1" -v mib="$MIB" -v ns="$2" 'BEGIN { printf "%.1f", n * mib / (ns / 1e9) }'; }

ids=()
start=$(now)
for _ in $(seq "$RUNS"); do
	out=$(curl -s -w '\n%{http_code}' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
		-F "file=@$work/file.pdf;filename=scan.pdf" "$url/api/v1/cases/1/attachments")
	[ "$(tail -1 <<<"$out")" = 201 ] || { echo "bench/attachments.sh: upload: $out" >&2; exit 1; }
	ids+=("$(head -1 <<<"$out" | sed -n 's/.*"id": *\([0-9]*\).*/\1/p')")
done
up_ns=$(( $(now) - start ))
start=$(now)
for id in "${ids[@]}"; do
	curl -s -o "$work/back.pdf" -H "Cookie: $cookie" "$url/api/v1/attachments/$id"
done
down_ns=$(( $(now) - start ))
cmp -s "$work/file.pdf" "$work/back.pdf" || { echo "bench/attachments.sh: the file came back different" >&2; exit 1; }
rss=$(awk '/VmRSS/ {print $2}' "/proc/$relais_pid/status")

echo "== relais $(git rev-parse --short HEAD 2>/dev/null || echo '?'), attachments of $MIB MiB, $RUNS each"
printf '%-48s %12s\n' "upload (encrypted spool, sealed chunks), MiB/s" "$(mibs "$RUNS" "$up_ns")"
printf '%-48s %12s\n' "download (every chunk opened), MiB/s" "$(mibs "$RUNS" "$down_ns")"
printf '%-48s %12s\n' "resident memory of relais after them, KiB" "$rss"
printf '%-48s %12s\n' "database size, KiB" "$(( $(stat -c %s "$db") / 1024 ))"
