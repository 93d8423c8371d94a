#!/usr/bin/env bash
# A key rotation starts a new segment of the access log's anchor (issue
# 12): `relais key rotate` appends a rotation line naming the chain's head,
# MACed under the former anchor subkey and the new one; the lines after it
# are MACed under the new subkey only.  Two rotations with writes between
# verify, an interrupted rotation ends in a valid anchor, a restore after
# a rotation verifies (and one of a backup from before it, with its key); a deleted rotation line, a new-segment line re-MACed
# with the old key, a rotation line moved and one with a single valid MAC
# are each named and fail verify.  TAP output.  RELAIS_TEST_DB (a
# postgresql:// URI of an empty database, as scripts/run-tests.sh gives)
# runs it on PostgreSQL instead of SQLite.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-anchor-rotate-XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT
. "$(dirname "$0")/tap.sh"
db=${RELAIS_TEST_DB:-$dir/t.db}
key=$dir/master.key
anchor=$dir/relais.anchor
r() { "$BIN" "$@" --db "$db" --key-file "$key" --anchor "$anchor"; }
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
# One command, one commit, one audit entry.
addorg() { r organisation add --code "$1" --name N --kind collectivite >/dev/null 2>&1; }
verify() { "$BIN" audit verify --db "$db" --key-file "$key" --anchor "${1:-$anchor}"; }
# The number of the first line of KIND in the anchor (1-based).
line_of() { grep -n "^relais-anchor-v1 $1 " "$anchor" | sed -n "${2:-1}p" | cut -d: -f1; }
# An anchor line re-MACed under the anchor subkey of the master key file
# given: the key derivation of libsodium's crypto_kdf (BLAKE2b, subkey id
# 4, context "relanchr") and the line MAC (keyed BLAKE2b-256), as
# src/service/app.c and src/domain/audit_chain.c compute them.
remac() { # MASTER_KEY_FILE LINE
	python3 - "$1" "$2" <<'EOF'
import hashlib, sys
master = bytes.fromhex(open(sys.argv[1]).read().strip())
sub = hashlib.blake2b(b"", digest_size=32, key=master,
                      salt=(4).to_bytes(8, "little") + bytes(8),
                      person=b"relanchr" + bytes(8)).digest()
fields = sys.argv[2].split(" ")
body = " ".join(fields[:6])
print(body + " " + hashlib.blake2b(body.encode(), digest_size=32, key=sub).hexdigest())
EOF
}

r init >/dev/null 2>&1
r demo >/dev/null 2>&1
"$BIN" backup --new-key "$dir/backup.key" >/dev/null
r backup --to "$dir/before.bak" --backup-key "$dir/backup.key" >/dev/null
n0=$(wc -l <"$anchor")
addorg a1
addorg a2
cp "$key" "$dir/gen0.key"
# Interrupted after a few values, then finished: one rotation line.
ok "an interrupted rotation stops" fails_with 3 "rotation interrompue" r key rotate --stop-after 20
ok "relais refuses to start meanwhile" fails_with 1 "unfinished" r user list
ok "the rotation resumes and ends" has "rotation terminée" r key rotate
ok "it wrote one rotation line" test "$(grep -c '^relais-anchor-v1 rotate ' "$anchor")" = 1
ok "MACed under both keys" \
	grep -qE '^relais-anchor-v1 rotate [A-Za-z0-9._-]+ [0-9]+ [0-9a-f]{64} [0-9]+ [0-9a-f]{64} [0-9a-f]{64}$' "$anchor"
ok "naming the head before it" test "$(sed -n "$(line_of rotate)p" "$anchor" | cut -d' ' -f4-5)" = \
	"$(sed -n "$(($(line_of rotate) - 1))p" "$anchor" | cut -d' ' -f4-5)"
addorg b1
addorg b2
cp "$key" "$dir/gen1.key"
ok "a second rotation" has "rotation terminée" r key rotate
addorg c1
addorg c2
ok "two rotations with writes between verify" has "audit chain intact" verify
ok "relais check passes" has "toutes les vérifications sont passées" r check
total=$(wc -l <"$anchor")
ok "every commit and each rotation is a line" test "$((total - n0))" = 10
rot1=$(line_of rotate 1)
rot2=$(line_of rotate 2)

# A resumed rotation that had written its line already writes it again.
sed "${rot2}p" "$anchor" >"$dir/twice.anchor"
ok "the same rotation line twice passes" has "audit chain intact" verify "$dir/twice.anchor"

# A rotation line deleted.
sed "${rot1}d" "$anchor" >"$dir/deleted.anchor"
ok "a deleted rotation line is named" fails_with 1 "ligne de rotation de clé supprimée" verify "$dir/deleted.anchor"
ok "with its place" fails_with 1 "(à partir de la ligne $rot1)" verify "$dir/deleted.anchor"

# A line of the new segment re-MACed with the old key (the key the
# rotation retired, if it leaked, could only forge lines of its segment).
target=$((rot1 + 2))
{
	sed -n "1,$((target - 1))p" "$anchor"
	remac "$dir/gen0.key" "$(sed -n "${target}p" "$anchor")"
	sed -n "$((target + 1)),\$p" "$anchor"
} >"$dir/oldkey.anchor"
{
	sed -n "1,$((rot1 - 2))p" "$anchor"
	remac "$dir/gen0.key" "$(sed -n "$((rot1 - 1))p" "$anchor")"
} >"$dir/same.anchor"
ok "the helper's MAC is the old key's" has "audit chain intact" verify "$dir/same.anchor"
ok "a new-segment line under the old key is named" \
	fails_with 1 "ligne d'ancre signée de l'ancienne clé après la rotation" verify "$dir/oldkey.anchor"
# The reverse: a line of the old segment re-MACed with the new key.
target=$((rot1 - 1))
{
	sed -n "1,$((target - 1))p" "$anchor"
	remac "$dir/gen1.key" "$(sed -n "${target}p" "$anchor")"
	sed -n "$((target + 1)),\$p" "$anchor"
} >"$dir/newkey.anchor"
ok "an old-segment line under the new key is named" \
	fails_with 1 "ligne de rotation de clé déplacée" verify "$dir/newkey.anchor"

# A rotation line swapped with the line after it.
{
	sed -n "1,$((rot2 - 1))p" "$anchor"
	sed -n "$((rot2 + 1))p" "$anchor"
	sed -n "${rot2}p" "$anchor"
	sed -n "$((rot2 + 2)),\$p" "$anchor"
} >"$dir/moved.anchor"
ok "a moved rotation line is named" fails_with 1 "ligne de rotation de clé déplacée" verify "$dir/moved.anchor"
# Moved to the end of the file.
{
	sed "${rot1}d" "$anchor"
	sed -n "${rot1}p" "$anchor"
} >"$dir/end.anchor"
ok "so is one moved to the end" fails_with 1 "ligne de rotation de clé déplacée" verify "$dir/end.anchor"

# A rotation line whose MAC under the new key was replaced.
sed "${rot1}s/ [0-9a-f]\{64\}\$/ 0000000000000000000000000000000000000000000000000000000000000000/" \
	"$anchor" >"$dir/half.anchor"
ok "a rotation line signed by one key only is named" \
	fails_with 1 "ligne de rotation de clé signée d'une seule des deux clés" verify "$dir/half.anchor"
# And one whose old key's MAC was.
sed "${rot1}s/ [0-9a-f]\{64\}\( [0-9a-f]\{64\}\)\$/ 0000000000000000000000000000000000000000000000000000000000000000\1/" \
	"$anchor" >"$dir/half2.anchor"
ok "either one" fails_with 1 "ligne de rotation de clé signée d'une seule des deux clés" verify "$dir/half2.anchor"

# Several servers: the rotation line in one anchor covers the others'.
"$BIN" organisation add --db "$db" --key-file "$key" --anchor "$dir/b.anchor" --code d1 --name N \
	--kind collectivite >/dev/null 2>&1
ok "another server's anchor after the rotation" has "audit chain intact" \
	"$BIN" audit verify --db "$db" --key-file "$key" --anchor "$anchor" --anchor "$dir/b.anchor"

# A restore after the rotations: the restore record under the current key.
ok "a backup after the rotations" r backup --to "$dir/t.bak" --backup-key "$dir/backup.key"
addorg e1
ok "its restore" has "restaurée" r restore --from "$dir/t.bak" --backup-key "$dir/backup.key" --force
ok "the last anchor line is its restore record" grep -q '^relais-anchor-v1 restore ' "$anchor"
addorg e2
ok "verifies" has "audit chain intact" verify
ok "and relais check passes" has "toutes les vérifications sont passées" r check

# A backup from before the rotations, restored with the key of its time:
# that key knows nothing of the later segments, which its restore record
# voids.
ok "a backup from before the rotations restores with its key" has "restaurée" \
	"$BIN" restore --db "$db" --key-file "$dir/gen0.key" --anchor "$anchor" --from "$dir/before.bak" \
	--backup-key "$dir/backup.key" --force
ok "and verifies under that key" has "audit chain intact" \
	"$BIN" audit verify --db "$db" --key-file "$dir/gen0.key" --anchor "$anchor"

echo "1..$n"
[ $fails -eq 0 ]
