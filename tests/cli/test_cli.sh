#!/usr/bin/env bash
# The command line: help, exit statuses, init twice, accounts, key file,
# audit list and verify (tampering detected).  TAP output.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-cli-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/t.db
. "$(dirname "$0")/tap.sh"
# Runs a command expected to fail with status $1 (or any non-zero with "nz"),
# and its stderr to contain $2.
fails_with() {
	local want=$1 text=$2
	shift 2
	"$@" >"$dir/stdout" 2>"$dir/stderr"
	local got=$?
	if [ "$want" = nz ] && [ $got -eq 0 ]; then return 1; fi
	if [ "$want" != nz ] && [ $got -ne "$want" ]; then
		echo "status $got, expected $want"
		cat "$dir/stderr"
		return 1
	fi
	grep -q -- "$text" "$dir/stderr" || { echo "stderr lacks '$text':"; cat "$dir/stderr"; return 1; }
}
has() { # has TEXT COMMAND... : stdout contains TEXT
	local text=$1
	shift
	"$@" >"$dir/stdout" 2>"$dir/stderr" && grep -q -- "$text" "$dir/stdout"
}

ok "relais --help lists the commands" has "user add" "$BIN" --help
for c in init serve "user add" "user list" "audit list" "audit verify"; do
	# shellcheck disable=SC2086
	ok "relais $c --help" has "usage: relais $c" "$BIN" $c --help
done
ok "unknown command exits 2" fails_with 2 "unknown command" "$BIN" frobnicate
ok "unknown option exits 2" fails_with 2 "unknown option" "$BIN" init --db "$db" --nope
ok "missing --db exits 2" fails_with 2 "--db is required" "$BIN" init
ok "serve refuses a database that was never initialised" \
	fails_with nz "relais init" "$BIN" serve --db "$dir/none.db" --listen 127.0.0.1:0
ok "and does not create it" test ! -e "$dir/none.db"

ok "init creates the schema and the key" has "34 migration(s) applied" "$BIN" init --db "$db"
ok "the key file is mode 0600" test "$(stat -c %a "$db.key")" = 600
ok "init twice is harmless" has "0 migration(s) applied" "$BIN" init --db "$db"
ok "the schema version is recorded" test "$(sqlite3 "$db" 'SELECT MAX(version) FROM schema_migrations')" = 34
ok "the reference lists are shipped" test "$(sqlite3 "$db" "SELECT label FROM ref_items WHERE list='domain' AND code='sante.arret'")" = "Arrêt de travail, arrêt prolongé"
ok "the database is in WAL mode" test "$(sqlite3 "$db" 'PRAGMA journal_mode')" = wal

# Accounts get an enrolment link, never a password (issue 13).
add() { "$BIN" user add --db "$db" --login "$1" --name "Nom $1" --role "${2:-worker}" "${@:3}"; }
token_of() { sed -n 's|^enrolment link: .*/inscription/||p' "$dir/stdout"; }
ok "user add prints an enrolment link" has "enrolment link: http://127.0.0.1:8080/inscription/" add marie
t1=$(token_of)
ok "its token is 43 URL-safe base64 characters" sh -c "printf '%s' '$t1' | grep -Eqx '[A-Za-z0-9_-]{43}'"
ok "only the token's hash is stored" test "$(sqlite3 "$db" "SELECT COUNT(*) FROM account_links WHERE token_hash = '$t1'")" = 0
ok "the link lives 72 hours" test "$(sqlite3 "$db" "SELECT l.expires_at - l.created_at FROM account_links l JOIN users u ON u.id = l.user_id WHERE u.login = 'marie'")" = 259200
ok "no password is set before enrolment" test "$(sqlite3 "$db" "SELECT password_hash FROM users WHERE login='marie'")" = ""
ok "--base-url starts the link" has "enrolment link: https://relais.example.org/inscription/" add base worker --base-url https://relais.example.org/
ok "user add takes no password any more" fails_with nz "password-stdin" add court worker --password-stdin
ok "nothing was written for the refused account" test "$(sqlite3 "$db" "SELECT COUNT(*) FROM users WHERE login='court'")" = 0
ok "an unknown role is refused" fails_with 1 "--role" add rolex root
ok "a duplicate login is refused" fails_with 1 "--login" add marie
ok "user list shows the accounts" has "marie" "$BIN" user list --db "$db"
ok "user reset prints a new link" has "enrolment link: " "$BIN" user reset --db "$db" --login marie
t2=$(token_of)
ok "the new link differs" test "$t1" != "$t2"
ok "the former link is retired" test "$(sqlite3 "$db" "SELECT COUNT(*) FROM account_links l JOIN users u ON u.id = l.user_id WHERE u.login = 'marie' AND l.used_at IS NULL")" = 1
ok "reset of an unknown login is refused" fails_with 1 "--login" "$BIN" user reset --db "$db" --login personne
ok "user disable" has "disabled" "$BIN" user disable --db "$db" --login marie
ok "the account is inactive" test "$(sqlite3 "$db" "SELECT active FROM users WHERE login='marie'")" = 0
ok "user enable" has "enabled" "$BIN" user enable --db "$db" --login marie
ok "the account is active again" test "$(sqlite3 "$db" "SELECT active FROM users WHERE login='marie'")" = 1
ok "init --create-admin creates admin once, with its link" has "enrolment link: " "$BIN" init --db "$db" --create-admin
ok "init --create-admin does nothing when an admin exists" sh -c "! '$BIN' init --db '$db' --create-admin | grep -q 'enrolment link'"

ok "audit list prints one JSON object per line" sh -c "'$BIN' audit list --db '$db' | grep -cv '^{\"id\":' | grep -qx 0"
ok "audit list records user creation" has '"action":"user.create"' "$BIN" audit list --db "$db"
ok "audit list records the reset" has '"action":"user.reset"' "$BIN" audit list --db "$db"
ok "no link token in the audit log" sh -c "! '$BIN' audit list --db '$db' | grep -q -- '$t2'"
ok "audit verify on an intact chain" has "intact" "$BIN" audit verify --db "$db"
ok "the audit log refuses updates" sh -c "! sqlite3 '$db' \"UPDATE audit_log SET action='x' WHERE id=1\" 2>/dev/null"

cp "$db.key" "$dir/good.key"
chmod 644 "$db.key"
ok "a key file readable by others is refused" fails_with 1 "chmod 600" "$BIN" audit verify --db "$db"
chmod 600 "$db.key"
"$BIN" init --db "$dir/other.db" >/dev/null 2>&1
ok "a key of another database is refused" fails_with 1 "does not belong to this database" "$BIN" audit verify --db "$db" --key-file "$dir/other.db.key"
ok "serve refuses it too" fails_with 1 "wrong key" "$BIN" serve --db "$db" --key-file "$dir/other.db.key" --listen 127.0.0.1:0
ok "init refuses it and does not touch the key" fails_with 1 "wrong key" "$BIN" init --db "$db" --key-file "$dir/other.db.key"
mv "$db.key" "$dir/saved.key"
ok "init with a lost key refuses" fails_with 1 "wrong key" "$BIN" init --db "$db"
ok "and leaves no stray key behind" test ! -e "$db.key"
mv "$dir/saved.key" "$db.key"
ok "an employer needs an organisation" fails_with 1 "--organisation" add patron employer
ok "organisation add" has "created" "$BIN" organisation add --db "$db" --code ville-a --name "Ville A" --kind collectivite
ok "organisation add refuses an unknown kind" fails_with 1 "--kind" "$BIN" organisation add --db "$db" --code ville-b --name "Ville B" --kind planete
ok "an employer attached to an organisation" has "enrolment link: " "$BIN" user add --db "$db" --login patron --name P --role employer --organisation ville-a
ok "a worker cannot be attached to one" fails_with 1 "--organisation" "$BIN" user add --db "$db" --login w2 --name W --role worker --organisation ville-a
ok "organisation list" has "ville-a" "$BIN" organisation list --db "$db"
orig=$(sqlite3 "$db" "SELECT object_id FROM audit_log WHERE id=2")
sqlite3 "$db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET object_id='999' WHERE id=2;"
ok "tampering is found and the row named" fails_with 1 "broken at row 2" "$BIN" audit verify --db "$db"
sqlite3 "$db" "UPDATE audit_log SET object_id='$orig' WHERE id=2; CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
ok "the restored row passes again" has "intact" "$BIN" audit verify --db "$db"
sqlite3 "$db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id=2;"
ok "a deleted row is found" fails_with 1 "broken at row 3" "$BIN" audit verify --db "$db"
ok "PostgreSQL needs --key-file" fails_with 1 "key-file is required" "$BIN" init --db "postgresql:///nowhere"

echo "1..$n"
[ $fails -eq 0 ]
