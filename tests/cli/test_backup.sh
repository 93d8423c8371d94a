#!/usr/bin/env bash
# relais backup / restore / check / export: the demonstration service goes
# through an encrypted backup and comes back table for table, row for row;
# a backup taken while a writer loop runs restores to a database that passes
# every check; a wrong key, a file cut short, a flipped byte and a target
# that already holds data are refused in French with the target untouched;
# relais check names a broken chain and a wrong master key; the export
# holds every table, documented, sealed unless --decrypt.  TAP output.
# RELAIS_TEST_DB (a postgresql:// URI of an empty database, as
# scripts/run-tests.sh gives) round-trips the demo on PostgreSQL instead.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-backup-XXXXXX)
writer=""
trap '[ -n "$writer" ] && kill "$writer" 2>/dev/null; rm -rf "$dir"' EXIT
. "$(dirname "$0")/tap.sh"
db=$dir/src.db
key=$dir/backup.key

# Every table of a SQLite file, one sorted line per row (SQL literals:
# blobs as X'…'), the audit log only up to id $2 when given.
sq_tables() { sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"; }
sq_dump() { # DB [AUDIT_MAX]
	local t where
	for t in $(sq_tables "$1"); do
		where=""
		[ "$t" = audit_log ] && [ -n "${2:-}" ] && where="WHERE id <= $2"
		echo "== $t"
		if [ "$t" = audit_head ] && [ -n "${2:-}" ]; then
			# The recorded head moved on with the entries after AUDIT_MAX:
			# what it was then is entry AUDIT_MAX itself.
			sqlite3 -cmd '.mode quote' "$1" "SELECT 1, id, hash FROM audit_log WHERE id = $2"
			continue
		fi
		sqlite3 -cmd '.mode quote' "$1" "SELECT * FROM \"$t\" $where" | LC_ALL=C sort
	done
	sqlite3 "$1" "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
}
# The audit log's last id.
sq_head() { sqlite3 "$1" "SELECT MAX(id) FROM audit_log"; }

refused() { # EXPECTED_TEXT COMMAND... — fails with EXPECTED_TEXT on stderr
	local want=$1
	shift
	"$@" >"$dir/r.out" 2>"$dir/r.err" && { echo "accepted"; return 1; }
	grep -q -- "$want" "$dir/r.err" || { cat "$dir/r.err"; return 1; }
}

# ---- PostgreSQL (the SQLite lane runs this script without RELAIS_TEST_DB) ----
if [ -n "${RELAIS_TEST_DB:-}" ]; then
	"$BIN" backup --new-key "$key" >/dev/null
	"$BIN" backup --new-key "$dir/other.key" >/dev/null
	# A small SQLite backup, for the refusal of the other kind.
	"$BIN" init --db "$dir/small.db" >/dev/null 2>&1
	"$BIN" backup --db "$dir/small.db" --to "$dir/small.bak" --backup-key "$key" >/dev/null
	# A second database beside the one given, for the restore.
	pg_target=$(printf '%s' "$RELAIS_TEST_DB" | sed 's|^\(postgres[a-z]*://[^/]*/\)[^?]*|\1'"backup_target_$$"'|')
	psql -qtAX "$RELAIS_TEST_DB" -c "CREATE DATABASE backup_target_$$" >/dev/null
	pgk=$dir/pg.key
	pg() { "$BIN" "$@" --key-file "$pgk"; }
	pg init --db "$RELAIS_TEST_DB" >/dev/null 2>&1
	pg demo --db "$RELAIS_TEST_DB" >/dev/null 2>&1
	ok "backup of the PostgreSQL demo" pg backup --db "$RELAIS_TEST_DB" --to "$dir/pg.bak" --backup-key "$key"
	pg_head=$(psql -qtAX "$RELAIS_TEST_DB" -c "SELECT MAX(id) FROM audit_log")
	ok "restore into a fresh PostgreSQL database, the six checks passing" sh -c "'$BIN' restore --db '$pg_target' --key-file '$pgk' --from '$dir/pg.bak' --backup-key '$key' >'$dir/pr.out' 2>&1 && test \$(grep -c '^\[ok\]' '$dir/pr.out') = 6"
	pg_dump_tables() { # URI [AUDIT_MAX]
		local t where
		for t in $(psql -qtAX "$1" -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"); do
			where=""
			[ "$t" = audit_log ] && [ -n "${2:-}" ] && where="WHERE id <= $2"
			echo "== $t"
			if [ "$t" = audit_head ] && [ -n "${2:-}" ]; then
				# The recorded head as it was at entry AUDIT_MAX (see sq_dump).
				psql -qtAX "$1" -c "COPY (SELECT 1, id, hash FROM audit_log WHERE id = $2) TO STDOUT"
				continue
			fi
			psql -qtAX "$1" -c "COPY (SELECT * FROM \"$t\" $where) TO STDOUT" | LC_ALL=C sort
		done
	}
	pg_dump_tables "$RELAIS_TEST_DB" >"$dir/pgsrc.dump"
	pg_dump_tables "$pg_target" "$pg_head" >"$dir/pgnew.dump"
	ok "every PostgreSQL table is the same, row for row ($(grep -c '^== ' "$dir/pgsrc.dump") tables, $(wc -l <"$dir/pgsrc.dump") lines)" cmp "$dir/pgsrc.dump" "$dir/pgnew.dump"
	ok "the restored log ends with backup.restore" sh -c "test \"\$(psql -qtAX '$pg_target' -c 'SELECT action FROM audit_log ORDER BY id DESC LIMIT 1')\" = backup.restore"
	ok "the identity sequences follow: the restored base takes new rows" pg organisation add --db "$pg_target" --code apres --name Après --kind autre
	ok "relais check passes on PostgreSQL" pg check --db "$pg_target"
	ok "a PostgreSQL database holding data is not replaced without --force" refused "contient déjà des données" pg restore --db "$pg_target" --from "$dir/pg.bak" --backup-key "$key"
	ok "a SQLite backup is refused into PostgreSQL" refused "base sqlite" pg restore --db "$pg_target" --from "$dir/small.bak" --backup-key "$key" --force
	ok "a wrong backup key is refused on PostgreSQL" refused "autre clé de sauvegarde" pg restore --db "$pg_target" --from "$dir/pg.bak" --backup-key "$dir/other.key" --force
	ok "the target kept its rows" test "$(psql -qtAX "$pg_target" -c "SELECT COUNT(*) FROM organisations WHERE code = 'apres'")" = 1
	pg_export() { # a CSV per table, the sealed columns marked
		pg export --db "$pg_target" --to "$dir/pgexp" >/dev/null || return 1
		local t
		for t in $(grep '^== ' "$dir/pgsrc.dump" | cut -c4-); do
			[ -f "$dir/pgexp/$t.csv" ] || { echo "no $t.csv"; return 1; }
		done
		grep -q '\[chiffré\]' "$dir/pgexp/interventions.csv"
	}
	ok "export of the PostgreSQL base" pg_export
	psql -qtAX "$RELAIS_TEST_DB" -c "DROP DATABASE backup_target_$$" >/dev/null 2>&1
	echo "1..$n"
	[ $fails -eq 0 ]
	exit
fi

# ---- SQLite ----
"$BIN" init --db "$db" >/dev/null 2>&1
"$BIN" demo --db "$db" >/dev/null 2>&1 || { echo "Bail out! relais demo failed"; exit 1; }

# ---- the backup key ----
ok "backup --new-key creates a key file, mode 0600" sh -c "'$BIN' backup --new-key '$key' >'$dir/nk.out' && test \"\$(stat -c %a '$key')\" = 600 && grep -q 'clé de sauvegarde créée' '$dir/nk.out'"
ok "it never replaces an existing key" sh -c "cp '$key' '$dir/k.copy' && ! '$BIN' backup --new-key '$key' 2>/dev/null && cmp '$key' '$dir/k.copy'"
ok "a backup needs a backup key" refused "--backup-key est obligatoire" "$BIN" backup --db "$db" --to "$dir/nokey.bak"
ok "the master key is refused as the backup key" refused "la clé de sauvegarde est la clé maîtresse" "$BIN" backup --db "$db" --to "$dir/master.bak" --backup-key "$db.key"
ok "no file is left by a refused backup" sh -c "! ls '$dir'/nokey.bak* '$dir'/master.bak* 2>/dev/null"

# ---- the round trip of the demo service (SQLite) ----
ok "backup writes the encrypted file" sh -c "'$BIN' backup --db '$db' --to '$dir/demo.bak' --backup-key '$key' >'$dir/b.out' && grep -q 'sauvegarde chiffrée écrite' '$dir/b.out'"
ok "the backup file is mode 0600" test "$(stat -c %a "$dir/demo.bak")" = 600
ok "it is not a readable database nor holds a name in clear" sh -c "! grep -qa 'SQLite format 3' '$dir/demo.bak' && ! grep -qa 'montreuil' '$dir/demo.bak' && head -c 8 '$dir/demo.bak' | grep -q RELAISBK"
ok "an existing backup file is never replaced" refused "existe déjà" "$BIN" backup --db "$db" --to "$dir/demo.bak" --backup-key "$key"
head_at_backup=$(sq_head "$db")
ok "the backup recorded itself in the audit log" sh -c "'$BIN' audit list --db '$db' | tail -1 | grep -q '\"action\":\"backup.create\"'"
cp "$db.key" "$dir/new.db.key"
ok "restore into a fresh database" sh -c "'$BIN' restore --db '$dir/new.db' --from '$dir/demo.bak' --backup-key '$key' >'$dir/rs.out' 2>&1"
ok "restore ran the six checks (the sealed values and the persons' spans too), all passed" sh -c "test \$(grep -c '^\[ok\]' '$dir/rs.out') = 6 && ! grep -q ÉCHEC '$dir/rs.out'"
sq_dump "$db" >"$dir/src.dump"
sq_dump "$dir/new.db" "$head_at_backup" >"$dir/new.dump"
ok "every table is the same, row for row ($(sq_tables "$db" | wc -l) tables, $(wc -l <"$dir/src.dump") lines)" cmp "$dir/src.dump" "$dir/new.dump"
restore_recorded() {
	[ "$(sq_head "$dir/new.db")" = $((head_at_backup + 1)) ] &&
		"$BIN" audit list --db "$dir/new.db" | tail -1 | grep -q '"action":"backup.restore"'
}
ok "the restored log has one entry more: backup.restore" restore_recorded
ok "relais check passes on the restored database" sh -c "'$BIN' check --db '$dir/new.db' >'$dir/c.out' && grep -q 'toutes les vérifications sont passées' '$dir/c.out'"
ok "the restored database serves relais report" sh -c "'$BIN' report --db '$dir/new.db' --year 2008 >'$dir/r1.json' 2>/dev/null && '$BIN' report --db '$db' --year 2008 >'$dir/r2.json' 2>/dev/null && cmp '$dir/r1.json' '$dir/r2.json'"

# ---- refusals: French message, exit status, the target untouched ----
"$BIN" backup --new-key "$dir/other.key" >/dev/null
# A target that holds another database: it must come out of a refusal as it was.
"$BIN" init --db "$dir/busy.db" >/dev/null 2>&1
"$BIN" organisation add --db "$dir/busy.db" --code before --name Avant --kind autre >/dev/null 2>&1
busy_sum=$(cat "$dir/busy.db" "$dir/busy.db-wal" 2>/dev/null | md5sum)
untouched() { [ "$(cat "$dir/busy.db" "$dir/busy.db-wal" 2>/dev/null | md5sum)" = "$busy_sum" ] && ! ls "$dir"/busy.db.restore-* 2>/dev/null; }
restore_busy() { "$BIN" restore --db "$dir/busy.db" --key-file "$db.key" --backup-key "$key" "$@"; }
ok "a database holding data is not replaced without --force" refused "contient déjà des données" restore_busy --from "$dir/demo.bak"
ok "… and is left as it was" untouched
ok "a wrong backup key is refused" refused "autre clé de sauvegarde" restore_busy --from "$dir/demo.bak" --force --backup-key "$dir/other.key"
ok "… the target untouched" untouched
size=$(stat -c %s "$dir/demo.bak")
head -c $((size - 100)) "$dir/demo.bak" >"$dir/cut.bak"
ok "a backup cut short is refused" refused "tronqué" restore_busy --from "$dir/cut.bak" --force
ok "… the target untouched" untouched
head -c $((size / 2)) "$dir/demo.bak" >"$dir/half.bak"
ok "a backup cut in half is refused" refused "tronqué" restore_busy --from "$dir/half.bak" --force
# flip FILE OFFSET — a copy of the backup with one bit changed at OFFSET
flip() {
	cp "$dir/demo.bak" "$dir/flip.bak"
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$dir/demo.bak" | tr -d ' ')
	printf "$(printf '\\%03o' $((b ^ 1)))" | dd of="$dir/flip.bak" bs=1 seek="$2" conv=notrunc status=none
}
flip "$dir/demo.bak" $((size / 2))
ok "a flipped byte in the data is refused" refused "altéré" restore_busy --from "$dir/flip.bak" --force
ok "… the target untouched" untouched
flip "$dir/demo.bak" 30
ok "a flipped byte in the clear header is refused" refused "altéré" restore_busy --from "$dir/flip.bak" --force
printf 'trailing' | cat "$dir/demo.bak" - >"$dir/tail.bak"
ok "bytes after the end are refused" refused "altéré" restore_busy --from "$dir/tail.bak" --force
ok "a file that is no backup is refused" refused "n'est pas une sauvegarde" restore_busy --from "$db.key" --force
ok "… the target still untouched" untouched
"$BIN" init --db "$dir/wrong.db" >/dev/null 2>&1
ok "a master key that does not open the backup is refused before anything changes" refused "n'ouvre pas cette sauvegarde" "$BIN" restore --db "$dir/busy.db" --key-file "$dir/wrong.db.key" --from "$dir/demo.bak" --backup-key "$key" --force
ok "… the target untouched" untouched
ok "with --force the good backup replaces it" sh -c "'$BIN' restore --db '$dir/busy.db' --key-file '$db.key' --from '$dir/demo.bak' --backup-key '$key' --force >/dev/null && '$BIN' check --db '$dir/busy.db' --key-file '$db.key' >/dev/null"

# ---- a restore goes back in time; an older copy put back by hand too ----
# roll.db goes past the backup's head; a copy of it taken before is put back
# by hand: the anchor (roll.db.anchor) names the older copy.  The same step
# back through relais restore leaves a signed restore record: accepted.
roll() { "$BIN" "$@" --db "$dir/roll.db" --key-file "$db.key"; }
roll restore --from "$dir/demo.bak" --backup-key "$key" >/dev/null 2>&1
cp "$dir/roll.db" "$dir/roll.snap"
roll organisation add --code apres1 --name "Après 1" --kind autre >/dev/null 2>&1
roll organisation add --code apres2 --name "Après 2" --kind autre >/dev/null 2>&1
put_back() { rm -f "$dir/roll.db-wal" "$dir/roll.db-shm" && cp "$dir/roll.snap" "$dir/roll.db"; }
ok "an older copy put back by hand: relais check names it" sh -c "$(declare -f put_back); dir='$dir'; put_back && ! '$BIN' check --db '$dir/roll.db' --key-file '$db.key' >'$dir/rb.out' 2>&1 && grep -q 'ÉCHEC.*copie plus ancienne' '$dir/rb.out'"
ok "… and relais audit verify too" sh -c "! '$BIN' audit verify --db '$dir/roll.db' --key-file '$db.key' >/dev/null 2>'$dir/av.err' && grep -q 'copie plus ancienne' '$dir/av.err'"
ok "the same step back through relais restore: a restore record, every check passing" sh -c "'$BIN' restore --db '$dir/roll.db' --key-file '$db.key' --from '$dir/demo.bak' --backup-key '$key' --force >'$dir/rr.out' 2>&1 && test \$(grep -c '^\[ok\]' '$dir/rr.out') = 6 && '$BIN' audit verify --db '$dir/roll.db' --key-file '$db.key' >/dev/null"

# ---- a backup while a writer writes ----
"$BIN" init --db "$dir/live.db" >/dev/null 2>&1
(
	for i in $(seq 1 30); do
		"$BIN" organisation add --db "$dir/live.db" --code "w$i" --name "Écrite $i" --kind autre >/dev/null 2>&1 || exit 1
	done
) &
writer=$!
live_ok=1
for k in 1 2 3; do
	sleep 0.3
	"$BIN" backup --db "$dir/live.db" --to "$dir/live$k.bak" --backup-key "$key" >/dev/null 2>"$dir/live.err" || live_ok=0
done
wait "$writer"
writer_rc=$?
writer=""
ok "three backups taken while a writer loop ran (30 writes)" test "$live_ok$writer_rc" = 10
restored_live() { # every backup restores and passes every check; its log holds its own record
	local k n
	for k in 1 2 3; do
		cp "$dir/live.db.key" "$dir/live_r$k.db.key"
		"$BIN" restore --db "$dir/live_r$k.db" --from "$dir/live$k.bak" --backup-key "$key" >"$dir/lr.out" 2>&1 || { cat "$dir/lr.out"; return 1; }
		n=$(sqlite3 "$dir/live_r$k.db" "SELECT COUNT(*) FROM organisations WHERE code LIKE 'w%'")
		echo "backup $k: $n organisations"
		# Its backup.create entry is committed before the snapshot, so it is
		# in it; the writer may commit an organisation in between, so it is
		# not always the last but one.  The restore's record is the last.
		[ "$(sqlite3 "$dir/live_r$k.db" "SELECT COUNT(*) FROM audit_log WHERE action = 'backup.create' AND object_id = 'live$k.bak'")" = 1 ] || return 1
		[ "$(sqlite3 "$dir/live_r$k.db" "SELECT action FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)")" = backup.restore ] || return 1
	done
}
ok "each restores to a consistent database that passes relais check" restored_live

# ---- relais check ----
ok "check passes on the source" "$BIN" check --db "$db"
ok "check fails with a wrong master key, and says so" sh -c "! '$BIN' check --db '$db' --key-file '$dir/wrong.db.key' >'$dir/ck.out' 2>&1 && grep -q 'ÉCHEC.*clé maîtresse' '$dir/ck.out'"
cp "$dir/new.db" "$dir/tamper.db"
cp "$dir/new.db.key" "$dir/tamper.db.key"
sqlite3 "$dir/tamper.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = 'x' WHERE id = 5"
ok "check fails on an altered audit log, naming the entry" sh -c "! '$BIN' check --db '$dir/tamper.db' >'$dir/ck.out' 2>&1 && grep -q 'ÉCHEC.*journal.*entrée 5' '$dir/ck.out'"
ok "check fails on a missing database" sh -c "! '$BIN' check --db '$dir/nothing.db' >'$dir/ck.out' 2>&1 && grep -q \"n'existe pas\" '$dir/ck.out' && ! test -e '$dir/nothing.db'"
# Garbage over the page header of the persons' table.
page=$(sqlite3 "$dir/tamper.db" "SELECT rootpage FROM sqlite_master WHERE name = 'persons'")
psize=$(sqlite3 "$dir/tamper.db" "PRAGMA page_size")
printf 'garbage!' | dd of="$dir/tamper.db" bs=1 seek=$(((page - 1) * psize)) conv=notrunc status=none
ok "check fails on a damaged file" sh -c "! '$BIN' check --db '$dir/tamper.db' >'$dir/ck.out' 2>&1 && grep -q 'ÉCHEC.*intégrité' '$dir/ck.out'"

# ---- relais export ----
ok "export writes the whole base" sh -c "'$BIN' export --db '$db' --to '$dir/exp' >'$dir/e.out' && grep -q 'export complet écrit' '$dir/e.out'"
every_table() { # a CSV per table, a header line, as many rows as the table
	local t rows lines
	for t in $(sq_tables "$db"); do
		[ -f "$dir/exp/$t.csv" ] || { echo "no $t.csv"; return 1; }
		rows=$(sqlite3 "$db" "SELECT COUNT(*) FROM \"$t\"")
		lines=$(node -e "
			const t = require('fs').readFileSync(process.argv[1], 'utf8');
			let rec = 0, q = false;
			for (let i = 0; i < t.length; i++) {
				if (t[i] === '\"') q = !q;
				else if (!q && t[i] === '\n') rec++;
			}
			console.log(rec);" "$dir/exp/$t.csv")
		[ "$lines" = $((rows + 1)) ] || { echo "$t: $lines records for $rows rows"; return 1; }
		head -1 "$dir/exp/$t.csv" | grep -q "^$(sqlite3 "$db" "SELECT group_concat(name, ',') FROM pragma_table_info('$t')")" || { echo "$t: header"; return 1; }
		grep -q "^## $t\$" "$dir/exp/LISEZMOI.md" || { echo "$t not described"; return 1; }
	done
}
ok "a CSV for every table with its header line and every row, each described" every_table
ok "the files are mode 0600" sh -c "test -z \"\$(find '$dir/exp' -type f ! -perm 600)\""
ok "sealed columns are marked, not decrypted" sh -c "grep -q '\[chiffré\]' '$dir/exp/interventions.csv' && ! grep -q 'Orientation vers la CAF' '$dir/exp/interventions.csv'"
ok "--decrypt opens them with the master key" sh -c "'$BIN' export --db '$db' --to '$dir/exp2' --decrypt >/dev/null && grep -q 'Orientation vers la CAF' '$dir/exp2/interventions.csv' && ! grep -q '\[chiffré\]' '$dir/exp2/interventions.csv'"
ok "the persons' identity is sealed, and opens bound to its row" sh -c "grep -q '\[chiffré\]' '$dir/exp/persons.csv' && ! grep -q 'illisible' '$dir/exp2/persons.csv' && grep -q -e Martin -e Bernard -e Dubois '$dir/exp2/persons.csv' && ! grep -q -e Martin -e Bernard -e Dubois '$dir/exp/persons.csv'"
ok "colonnes.csv lists every column, the sealed ones flagged" sh -c "grep -q '^interventions,notes,blob,0,,,1' '$dir/exp/colonnes.csv' && test \$(wc -l <'$dir/exp/colonnes.csv') -gt 200"
ok "each export is in the audit log" sh -c "'$BIN' audit list --db '$db' | grep -c '\"action\":\"export.full\"' | grep -qx 2"
ok "a directory that is not empty is refused" refused "n'est pas un dossier vide" "$BIN" export --db "$db" --to "$dir/exp"

echo "1..$n"
[ $fails -eq 0 ]
