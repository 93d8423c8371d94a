#!/usr/bin/env bash
# The systemd units of deploy/ (relais.service, the purge's service and its
# timer) pass `systemd-analyze verify` without a single warning, with their
# ExecStart pointed at the binary under test (the units name
# /usr/local/bin/relais, where `make install` puts it).  They read the key
# from /etc/relais/master.key, apart from the database.  Skipped, with the
# reason, when systemd-analyze is missing.  TAP output.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-systemd-XXXXXX)
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/tap.sh"

if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "ok 1 - systemd units # SKIP systemd-analyze is not installed (Debian package systemd)"
	echo "1..1"
	exit 0
fi
abs=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
units="relais.service relais-purge.service relais-purge.timer relais-digest.service relais-digest.timer"
for u in $units; do
	sed "s#/usr/local/bin/relais#$abs#g" "deploy/$u" >"$dir/$u"
done

# verify's warnings (an unknown key, a bad value) go to stderr with status 0.
clean_verify() { # FILE...
	systemd-analyze verify --man=no "$@" >"$dir/verify.out" 2>&1 || { cat "$dir/verify.out"; return 1; }
	[ ! -s "$dir/verify.out" ] || { cat "$dir/verify.out"; return 1; }
}
for u in $units; do
	ok "systemd-analyze verify $u: no error, no warning" clean_verify "$dir/$u"
done
ok "the three together" clean_verify "$dir/relais.service" "$dir/relais-purge.service" "$dir/relais-purge.timer"
sed 's/^Type=oneshot/Type=oneshot\nExecStrat=x/' "$dir/relais-purge.service" >"$dir/bad.service"
rejects() { ! clean_verify "$@" >/dev/null; }
ok "a misspelt key fails the check (it sees warnings)" rejects "$dir/bad.service"
ok "the key file lives apart from the database, in both services" sh -c "grep -q -- '--key-file /etc/relais/master.key' deploy/relais.service && grep -q -- '--key-file /etc/relais/master.key' deploy/relais-purge.service"
ok "the unit says the key's mode and owner" grep -q "mode 0400, owned by the service's user" deploy/relais.service
ok "the timer starts the purge" grep -q '^Unit=relais-purge.service' deploy/relais-purge.timer
ok "the digest's timer starts the digest, on working days" sh -c "grep -q '^Unit=relais-digest.service' deploy/relais-digest.timer && grep -q '^OnCalendar=Mon..Fri' deploy/relais-digest.timer"
ok "the digest runs relais digest through sendmail" grep -q '^ExecStart=/usr/local/bin/relais digest .*--sendmail' deploy/relais-digest.service
ok "the purge runs relais purge" grep -q '^ExecStart=/usr/local/bin/relais purge ' deploy/relais-purge.service

echo "1..$n"
[ $fails -eq 0 ]
