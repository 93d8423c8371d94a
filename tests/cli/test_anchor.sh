#!/usr/bin/env bash
# The access log's anchor (issue 12): each commit's head appended to an
# authenticated, append-only file beside the database; `relais audit
# verify` names a deleted tail, a truncated table, dropped triggers, an
# older copy put back and a forged anchor line, accepts a restore record,
# takes several servers' anchors, and still passes after the retention
# purge.  SQLite, against the real binary; the same cases run on
# PostgreSQL in the store suite.  TAP output.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-anchor-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/t.db
. "$(dirname "$0")/tap.sh"
has() { # has TEXT COMMAND... — exits 0 and prints TEXT
	local text=$1
	shift
	local out
	out=$("$@" 2>&1) && grep -qF -- "$text" <<<"$out" || { echo "$out"; return 1; }
}
fails_with() { # fails_with STATUS TEXT COMMAND... — exits STATUS and prints TEXT
	local want=$1 text=$2
	shift 2
	local out status
	out=$("$@" 2>&1)
	status=$?
	[ "$status" -eq "$want" ] && grep -qF -- "$text" <<<"$out" || { echo "status $status: $out"; return 1; }
}
# One command, one commit, one audit entry: an organisation added.  (Not
# an account: creating one also writes its enrolment link's entry.)
addorg() { "$BIN" organisation add --db "$db" --code "$1" --name N --kind collectivite "${@:2}" >/dev/null 2>&1; }
verify() { "$BIN" audit verify --db "$db" "$@"; }
lines() { wc -l <"$1" | tr -d ' '; }
# A fresh database with n entries (one a command).
fresh() {
	rm -f "$db" "$db"-* "$db".*
	"$BIN" init --db "$db" >/dev/null 2>&1
	local i
	for i in $(seq 1 "$1"); do addorg "w$i"; done
}

fresh 5
ok "the anchor is beside the database, mode 0600" test "$(stat -c %a "$db.anchor")" = 600
ok "one line a commit" test "$(lines "$db.anchor")" = 5
ok "each line names the entry and its hash" \
	grep -qE '^relais-anchor-v1 head [A-Za-z0-9._-]+ 5 [0-9a-f]{64} [0-9]+ [0-9a-f]{64}$' "$db.anchor"
ok "verify passes and says how far the anchor vouches" has "anchored up to 5" verify
ok "a missing anchor file is refused" fails_with 1 "introuvable" verify --anchor "$dir/nowhere"

# Deleted tail: the triggers dropped, the last rows deleted.
cp "$db.anchor" "$dir/saved.anchor"
sqlite3 "$db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id > 3;"
ok "a deleted tail is named" fails_with 1 "fin du journal supprimée" verify
ok "with the dropped triggers" fails_with 1 "déclencheurs d'ajout seul supprimés" verify
ok "and the entries it lost" fails_with 1 "la base s'arrête à l'entrée 3, l'ancre en atteste 5" verify

# Truncated table.
sqlite3 "$db" "DELETE FROM audit_log;"
ok "a truncated table is named" fails_with 1 "table du journal vidée" verify

# Dropped triggers alone.
fresh 2
sqlite3 "$db" "DROP TRIGGER audit_log_no_update;"
ok "dropped triggers alone are named" fails_with 1 "déclencheurs d'ajout seul supprimés" verify

# An older copy put back.
fresh 3
sqlite3 "$db" ".backup '$dir/old.db'"
addorg late1
addorg late2
ok "the newer database passes" has "intact" verify
cp "$dir/old.db" "$db"
rm -f "$db"-wal "$db"-shm
ok "an older copy put back is named" fails_with 1 "copie plus ancienne de la base restaurée" verify
ok "the restore record" has "restarts from entry 3" "$BIN" audit restored --db "$db"
ok "makes it a restore" has "intact" verify
addorg after
ok "and the chain goes on from there" has "anchored up to 4" verify

# A forged anchor line: right shape, wrong MAC.
cp "$db.anchor" "$dir/forged.anchor"
sed -n '$p' "$db.anchor" | sed 's/ [0-9a-f]\{64\}$/ 0000000000000000000000000000000000000000000000000000000000000000/' >>"$dir/forged.anchor"
ok "a forged anchor line is named" fails_with 1 "ligne d'ancre falsifiée" verify --anchor "$dir/forged.anchor"
sed -n '$p' "$db.anchor" | sed 's/ head \([^ ]*\) 4 / head \1 9 /' >"$dir/moved.anchor"
ok "so is a line whose entry was changed" fails_with 1 "ligne d'ancre falsifiée (ligne 1)" verify --anchor "$dir/moved.anchor"

# Several servers: one anchor each, all given to verify.
fresh 2
addorg b1 --anchor "$dir/b.anchor"
addorg b2 --anchor "$dir/b.anchor"
addorg a3
ok "each server its anchor" test "$(lines "$db.anchor")-$(lines "$dir/b.anchor")" = "3-2"
ok "verify takes them all" has "anchored up to 5 (5 anchor line(s))" verify --anchor "$db.anchor" --anchor "$dir/b.anchor"
addorg b3 --anchor "$dir/b.anchor"
# Cut the second server's last entry, fix the recorded head, put the
# triggers back: only the second server's anchor saw that entry.
sqlite3 "$db" "DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_head_no_rewind;
	DELETE FROM audit_log WHERE id = 6; UPDATE audit_head SET seq = 5;
	CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
	 WHEN NOT EXISTS (SELECT 1 FROM audit_checkpoints c WHERE c.seq >= OLD.id AND OLD.at <= c.at - 31536000)
	 BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
	CREATE TRIGGER audit_head_no_rewind BEFORE UPDATE ON audit_head WHEN NEW.seq <= OLD.seq
	 BEGIN SELECT RAISE(ABORT, 'audit_head never goes back'); END;"
ok "one server's anchor alone misses the other's cut" has "intact" verify --anchor "$db.anchor"
ok "all anchors see it" fails_with 1 "copie plus ancienne" verify --anchor "$db.anchor" --anchor "$dir/b.anchor"

# The retention purge keeps verification running.
fresh 3
ok "purge removes nothing younger than a year" has "0 access log entries older than a year removed" "$BIN" purge --db "$db"
ok "verify still passes" has "intact" verify
ok "the log refuses a deletion outside the purge" fails_with 19 "append-only" sqlite3 "$db" "DELETE FROM audit_log WHERE id = 1"

# serve's options.
ok "serve refuses a bad server id" fails_with 1 "invalid server id" "$BIN" serve --db "$db" --server-id "a b" --listen 127.0.0.1:0
ok "an anchor that cannot be written is refused" fails_with 1 "cannot open the audit anchor" "$BIN" user list --db "$db" --anchor "$dir/no/such/dir/a"

echo "1..$n"
[ $fails -eq 0 ]
