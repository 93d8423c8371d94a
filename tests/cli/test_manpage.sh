#!/usr/bin/env bash
# The manual page docs/relais.1: mandoc finds nothing to warn about; every
# command `relais --help` lists has its SYNOPSIS line and its subsection, and
# every option its `relais COMMAND --help` prints is there (required or
# optional as the table says, with its default); `make install DESTDIR=…`
# installs the program and the page, and the installed page renders with
# mandoc and with man.  TAP output.
set -u
BIN=${RELAIS_BIN:-build/relais}
root=$(cd "$(dirname "$0")/../.." && pwd)
page=$root/docs/relais.1
dir=$(mktemp -d /tmp/relais-man-XXXXXX)
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/tap.sh"

# The page's source, with "\-" written as "-" so that both spellings match.
sed 's/\\-/-/g' "$page" >"$dir/src"

# section TITLE — the source lines of the subsection ".Ss TITLE", up to the
# next subsection or section.
section() {
	awk -v t=".Ss $1" '$0 == t { on = 1; next } on && /^\.S[sh] / { exit } on' "$dir/src"
}
# synopsis CMD — the SYNOPSIS lines of ".Cm CMD", up to the next ".Nm".
synopsis() {
	awk -v c=".Cm $1" '
		/^\.Sh / { in_syn = ($0 == ".Sh SYNOPSIS") }
		in_syn && $0 == c { on = 1; next }
		on && /^\.(Nm|Sh)/ { exit }
		on' "$dir/src"
}

lint() {
	local out
	out=$(mandoc -T lint -W warning "$page" 2>&1)
	[ -z "$out" ] || { echo "$out"; return 1; }
}
ok "mandoc -T lint -W warning finds nothing" lint

# The commands, as `relais --help` lists them: a line's second word belongs
# to the name when `relais W1 W2 --help` is that two-word command's help.
"$BIN" --help >"$dir/help" || { echo "Bail out! $BIN --help failed"; exit 1; }
commands=()
while read -r w1 w2 _; do
	if [ -n "$w2" ] && "$BIN" "$w1" "$w2" --help 2>/dev/null | head -1 | grep -q "^usage: relais $w1 $w2 "; then
		commands+=("$w1 $w2")
	else
		commands+=("$w1")
	fi
done < <(sed -n '/^commands:$/,/^$/p' "$dir/help" | sed -n 's/^  \([a-z]\)/\1/p')
ok "relais --help lists the commands (${#commands[@]})" test ${#commands[@]} -ge 12

# The options of the "Common options" subsection are described there once.
section "Common options" >"$dir/common"
ok "the page has a Common options subsection" test -s "$dir/common"

# Rendered as plain text: without the overstrikes of bold and underline.
plain() { sed 's/.\x08//g'; }
mandoc -T ascii "$page" | plain >"$dir/rendered"

# documented CMD — the page documents CMD and every option of its --help.
documented() {
	local cmd=$1 bad=0 line opt def args a
	# shellcheck disable=SC2086
	"$BIN" $cmd --help >"$dir/cmdhelp" || { echo "relais $cmd --help failed"; return 1; }
	section "$cmd" >"$dir/sec"
	synopsis "$cmd" >"$dir/syn"
	[ -s "$dir/sec" ] || { echo "no subsection .Ss $cmd"; bad=1; }
	[ -s "$dir/syn" ] || { echo "no SYNOPSIS line .Cm $cmd"; bad=1; }
	# Positional arguments, from the usage line ("usage: relais import [options] KIND FILE.csv").
	args=$(head -1 "$dir/cmdhelp" | sed 's/^usage: .*\[options\] *//')
	for a in $args; do
		grep -qE "^\.Ar $a( |\$)" "$dir/syn" || { echo "SYNOPSIS lacks the argument $a"; bad=1; }
		grep -qE "Ar $a( |\$)" "$dir/sec" || { echo "subsection lacks the argument $a"; bad=1; }
	done
	while IFS= read -r line; do
		opt=$(printf '%s\n' "$line" | sed -n 's/^  --\([a-z0-9-]*\).*/\1/p')
		if [ -z "$opt" ] || [ "$opt" = help ]; then continue; fi
		# Required options stand alone in the synopses, the others in brackets.
		local want="^\.Op Fl -$opt( |\$)"
		case $line in *"(required)"*) want="^\.Fl -$opt( |\$)" ;; esac
		grep -qE "$want" "$dir/syn" ||
			{ echo "SYNOPSIS: --$opt is not written as /$want/"; bad=1; }
		grep -qE "$want" "$dir/sec" ||
			{ echo "subsection synopsis: --$opt is not written as /$want/"; bad=1; }
		# Described in the subsection, unless it is a common option.
		if ! grep -qE "^\.It Fl -$opt( |\$)" "$dir/common" &&
			! grep -qE "^\.It .*Fl -$opt( |\$)" "$dir/sec"; then
			echo "--$opt has no .It entry in the subsection"
			bad=1
		fi
		def=$(printf '%s\n' "$line" | sed -n 's/.*\[default: \(.*\)\]$/\1/p')
		# "The default is 4." (and not "… is 43200" for a default of 4).
		if [ -n "$def" ] && [[ "$(cat "$dir/sec") " != *"default is $def"[!0-9,]* ]]; then
			echo "--$opt: the subsection does not say \"default is $def\""
			bad=1
		fi
		grep -qF -- "--$opt" "$dir/rendered" || { echo "--$opt is not in the rendered page"; bad=1; }
	done <"$dir/cmdhelp"
	return $bad
}
for c in "${commands[@]}"; do
	ok "the page documents relais $c and its options" documented "$c"
done
ok "the page mentions --help and --version" \
	sh -c 'grep -qF -- "--help" "$1" && grep -qF -- "--version" "$1"' sh "$dir/rendered"

# make install into a staging directory; -o: install what is built, never build.
dest=$dir/root
ok "make install DESTDIR=… succeeds" \
	make -s --no-print-directory -C "$root" -o build/relais install DESTDIR="$dest" SANITIZE=
ok "the program is in PREFIX/bin, mode 755" test "$(stat -c %a "$dest/usr/local/bin/relais")" = 755
ok "it is build/relais" cmp "$root/build/relais" "$dest/usr/local/bin/relais"
ok "the installed program runs" "$dest/usr/local/bin/relais" --version
ok "the page is in PREFIX/share/man/man1, mode 644" \
	test "$(stat -c %a "$dest/usr/local/share/man/man1/relais.1")" = 644
ok "it is docs/relais.1" cmp "$page" "$dest/usr/local/share/man/man1/relais.1"
ok "PREFIX moves both" \
	sh -c 'make -s --no-print-directory -C "$1" -o build/relais install DESTDIR="$2" PREFIX=/opt/relais SANITIZE= &&
		test -x "$2/opt/relais/bin/relais" && test -f "$2/opt/relais/share/man/man1/relais.1"' \
	sh "$root" "$dir/root2"

renders() { # renders COMMAND... — its output is the manual page, as text
	"$@" 2>"$dir/page.err" | plain >"$dir/page.txt"
	[ "${PIPESTATUS[0]}" -eq 0 ] || { cat "$dir/page.err"; return 1; }
	if ! grep -q "^NAME" "$dir/page.txt" || ! grep -q "relais init" "$dir/page.txt" ||
		! grep -q "SECURITY CONSIDERATIONS" "$dir/page.txt"; then
		head -20 "$dir/page.txt"
		return 1
	fi
}
ok "mandoc renders the installed page" renders mandoc -T utf8 "$dest/usr/local/share/man/man1/relais.1"
if command -v man >/dev/null 2>&1; then
	ok "man finds and renders it under the installed prefix" \
		renders env MANWIDTH=80 MANPAGER=cat PAGER=cat man -M "$dest/usr/local/share/man" relais
	ok "man -l renders it" renders env MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$dest/usr/local/share/man/man1/relais.1"
else
	n=$((n + 1))
	echo "ok $n - man renders the installed page # SKIP man is not installed"
fi

echo "1..$n"
[ $fails -eq 0 ]
