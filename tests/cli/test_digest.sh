#!/usr/bin/env bash
# relais digest (issue 17): the optional morning e-mail, sent through the
# sendmail interface (Debian's msmtp, never msmtp-mta) to a real SMTP
# receiver on loopback (Debian's /usr/bin/aiosmtpd, a maildir).  Each
# received message is the digest's template with only digits changed: a
# fixed subject, the counts, a link to the home page with no id, hence no
# name, no motive, no personal detail.  Addresses that could inject a
# header are refused; a failing sendmail fails the run; every sending is
# audited.  TAP output.  RELAIS_TEST_DB (a postgresql:// URI of an empty
# database) runs it on PostgreSQL.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-digest-XXXXXX)
smtpd=""
trap '[ -n "$smtpd" ] && kill "$smtpd" 2>/dev/null; rm -rf "$dir"' EXIT
db=${RELAIS_TEST_DB:-$dir/t.db}
key=$dir/t.key
. "$(dirname "$0")/tap.sh"

for tool in msmtp /usr/bin/aiosmtpd; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool is not installed (scripts/install-deps.sh --test installs it)"
		exit 0
	fi
done

rl() { "$BIN" "$@" --db "$db" --key-file "$key"; }
"$BIN" init --db "$db" --key-file "$key" >/dev/null 2>&1
# The reference demo (2006–2009): its open cases long without contact.
rl demo --today 2009-12-31 >/dev/null 2>&1

# Addresses: a worker's and the head's; refused: anything that could add a
# header or an option, an account that is neither worker nor head.
ok "a worker's address" rl user email --login as.durand --address claire.durand@service.example
ok "the head's address" rl user email --login responsable --address m.leroy@service.example
ok "an address with a line break is refused" sh -c "! '$BIN' user email --db '$db' --key-file '$key' --login as.petit --address 'a@b.fr
Bcc: x@y.fr' 2>'$dir/err' && grep -q 'not an address' '$dir/err'"
ok "an address that reads as an option is refused" sh -c "! '$BIN' user email --db '$db' --key-file '$key' --login as.petit --address '-oQ/tmp/x@y.fr' 2>/dev/null"
ok "two addresses in one are refused" sh -c "! '$BIN' user email --db '$db' --key-file '$key' --login as.petit --address 'a@b.fr,c@d.fr' 2>/dev/null"
ok "the DPO's account gets no digest" sh -c "! '$BIN' user email --db '$db' --key-file '$key' --login dpo --address dpo@service.example 2>'$dir/err' && grep -q 'no worker or head account' '$dir/err'"

# The receiver: aiosmtpd's Mailbox handler writes each message to a maildir.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$dir/mail/tmp" "$dir/mail/new" "$dir/mail/cur"
/usr/bin/aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$dir/mail" >"$dir/smtpd.log" 2>&1 &
smtpd=$!
for _ in $(seq 100); do
	python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
	sleep 0.1
done
sendmail="msmtp --host=127.0.0.1 --port=$port --from=relais@service.example --auth=off --tls=off"
digest() { rl digest --sendmail "$sendmail" --from relais@service.example --url https://relais.example.fr "$@"; }

ok "the digest is sent" sh -c "$(declare -f rl digest); BIN='$BIN' db='$db' key='$key' sendmail='$sendmail'; digest >'$dir/run' && grep -qx '2 digests sent' '$dir/run'"
ok "two messages received" test "$(ls "$dir/mail/new" | wc -l)" -eq 2

# The template, digits as '#': what every message's body must be.
cat >"$dir/template" <<'TEMPLATE'
Bonjour,

Ce qui vous attend aujourd'hui dans relais :

- Demandes à traiter : #
- Rendez-vous à venir : #
- Aides en attente de décision : #
- Orientations en attente de réponse : #
- Suivis sans contact depuis plus de # jours : #
- Arrêts de travail longs à suivre : #
- Partages qui prennent fin cette semaine : #

Ouvrir relais : https://relais.example.fr/

Ce message ne contient aucune information sur les personnes accompagnées : elles ne sont visibles qu'une fois connecté(e).
Pour ne plus le recevoir, demandez à l'administrateur de relais.
TEMPLATE
body() { sed '1,/^\r\?$/d' "$1" | tr -d '\r' | sed 's/[0-9][0-9]*/#/g'; }
header() { sed '/^\r\?$/q' "$1" | tr -d '\r' | sed -n "s/^$2: //p"; }
every_message() { # every_message CHECK: CHECK FILE passes for each message
	local f
	for f in "$dir"/mail/new/*; do "$@" "$f" || { echo "$f"; cat "$f"; return 1; }; done
}
same_as_template() { body "$1" | diff - "$dir/template"; }
fixed_subject() { [ "$(header "$1" Subject)" = '=?UTF-8?Q?relais_=3A_ce_qui_vous_attend_aujourd=27hui?=' ]; }
ok "each body is the template, only digits changed" every_message same_as_template
ok "each subject is the fixed one" every_message fixed_subject
ok "the link is the home page, no id" every_message grep -qx 'Ouvrir relais : https://relais.example.fr/.\?'
to_of() { header "$1" To; }
ok "the worker's and the head's" sh -c "cat '$dir'/mail/new/* | grep -c '^To: <\(claire.durand\|m.leroy\)@service.example>' | grep -qx 2"
# The worker's counts are hers: the demo's cases without contact for 60
# days (the reference demo ends in 2009) are counted, never named.
durand=$(grep -l '^To: <claire.durand@' "$dir"/mail/new/*)
ok "the worker's digest counts her files" sh -c "grep -q '^- Suivis sans contact depuis plus de 60 jours : [1-9]' '$durand'"
ok "every sending audited" sh -c "'$BIN' audit list --db '$db' --key-file '$key' | grep -c '\"action\":\"digest.send\"' | grep -qx 2"
ok "setting an address audited, never the address" sh -c "'$BIN' audit list --db '$db' --key-file '$key' | grep '\"action\":\"user.email\"' >'$dir/a' && [ \$(wc -l <'$dir/a') -eq 2 ] && ! grep -q 'service.example' '$dir/a'"

# Refusals and failures.
ok "a link with a query is refused" sh -c "! '$BIN' digest --db '$db' --key-file '$key' --sendmail true --from r@s.fr --url 'https://r.fr/?case=12' 2>/dev/null"
ok "a bad sender is refused" sh -c "! '$BIN' digest --db '$db' --key-file '$key' --sendmail true --from 'r@s.fr>' --url https://r.fr 2>/dev/null"
ok "a failing sendmail fails the run" sh -c "! '$BIN' digest --db '$db' --key-file '$key' --sendmail false --from r@s.fr --url https://r.fr 2>'$dir/err' && grep -q 'sendmail command failed' '$dir/err'"
ok "an address removed: no digest for her" rl user email --login as.durand --address ""
ok "then one digest" sh -c "$(declare -f rl digest); BIN='$BIN' db='$db' key='$key' sendmail='$sendmail'; digest >'$dir/run' && grep -qx '1 digest sent' '$dir/run'"

echo "1..$n"
[ $fails -eq 0 ]
