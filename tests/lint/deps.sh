#!/usr/bin/env bash
# deps.sh OBJDIR — the link-level dependencies between the product's files,
# read from the objects with nm (so calls through one shared header count).
# Prints two kinds of lines:
#   layer FILE SYMBOL DEFINING_FILE   a file using a symbol of a folder it may not use
#   cycle FILE FILE...                files that reach each other (one group a line)
# and nothing when the tree is clean.  The folders' order is the table below:
# each folder may use itself and the folders listed after its name.
set -u
objdir=${1:?usage: deps.sh OBJDIR}
allowed='
main: cli support
cli: routes web api http render bulk service domain store support
routes: web api http service domain support
web: http render service domain support
api: http render service domain support
bulk: service domain support
render: service domain support
http: service domain support gen
service: domain store support
domain: support
store: support
support:
gen:
'
# The objects of the sources that exist (a stale object of a removed file is ignored).
objs=$(cd src && ls */*.c main.c | sed 's/\.c$/.o/')
[ -f "$objdir/gen/assets.o" ] && objs="$objs gen/assets.o"
{
	printf '%s\n' "$allowed" | sed '/^$/d; s/^/allow /'
	for o in $objs; do
		f=${o%.o}
		nm -g --defined-only "$objdir/$o" | awk -v f="$f" 'NF == 3 && $2 ~ /[TDBRC]/ { print "def", $3, f }'
		nm -u "$objdir/$o" | awk -v f="$f" '{ print "use", f, $NF }'
	done
} | awk '
function folder(f) { return (f ~ /\//) ? substr(f, 1, index(f, "/") - 1) : f }
$1 == "allow" { sub(/:$/, "", $2); ok[$2, $2] = 1; for (i = 3; i <= NF; i++) ok[$2, $i] = 1; next }
$1 == "def" { def[$2] = $3; next }
$1 == "use" { n++; uf[n] = $2; us[n] = $3 }
END {
	for (i = 1; i <= n; i++) {
		s = us[i]; if (!(s in def)) continue
		a = uf[i]; b = def[s]; if (a == b) continue
		if (!ok[folder(a), folder(b)]) print "layer", a, s, b
		if (!(a SUBSEP b in edge)) { edge[a, b] = 1; reach[a, b] = 1; nodes[a] = 1; nodes[b] = 1 }
	}
	for (k in nodes) for (i in nodes) if (reach[i, k]) for (j in nodes) if (reach[k, j]) reach[i, j] = 1
	# each strongly connected group of files, once, named by its members
	for (i in nodes) {
		if (i in seen) continue
		line = i
		for (j in nodes) if (j != i && reach[i, j] && reach[j, i]) { seen[j] = 1; line = line " " j }
		if (line != i) print "cycle", line
	}
}' | sort
