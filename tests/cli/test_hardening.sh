#!/usr/bin/env bash
# The product binary carries the Makefile's hardening: a position-independent
# executable, full RELRO (GNU_RELRO and BIND_NOW), a stack that is not
# executable, stack canaries (__stack_chk_fail) and FORTIFY's checked libc
# calls (__*_chk), as readelf sees them.  Skipped, with the reason, when
# readelf is absent or when RELAIS_BIN is the sanitizer build (which is not
# hardened: FORTIFY conflicts with ASan).  TAP output.
#
# Not checked here: -fstack-clash-protection leaves no mark in the ELF file,
# and -fcf-protection's IBT/SHSTK property is dropped by the linker as soon
# as one linked object (a system library's archive, the C runtime) lacks it.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-harden-XXXXXX)
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/tap.sh"

skip_all() { # REASON
	echo "ok 1 - hardening of $BIN # SKIP $1"
	echo "1..1"
	exit 0
}

command -v readelf >/dev/null 2>&1 || skip_all "readelf is not installed (binutils)"
[ -f "$BIN" ] || {
	echo "not ok 1 - $BIN exists"
	echo "1..1"
	exit 1
}
readelf --dyn-syms -W "$BIN" >"$dir/syms" 2>&1 || {
	echo "not ok 1 - readelf reads $BIN"
	sed 's/^/# /' "$dir/syms" | head -5
	echo "1..1"
	exit 1
}
grep -q ' __asan_init' "$dir/syms" && skip_all "a sanitizer build, not hardened on purpose"
readelf -hW "$BIN" >"$dir/header"
readelf -lW "$BIN" >"$dir/segments"
readelf -dW "$BIN" >"$dir/dynamic"

# has FILE REGEX — passes when a line of FILE matches; shows FILE if not.
has() {
	grep -Eq "$2" "$1" && return 0
	echo "no line matches /$2/ in:"
	cat "$1"
	return 1
}
# stack_not_executable — a GNU_STACK segment whose flags lack E.
stack_not_executable() {
	local flags
	flags=$(awk '$1 == "GNU_STACK" { print $7 }' "$dir/segments")
	[ -n "$flags" ] || { echo "no GNU_STACK segment"; cat "$dir/segments"; return 1; }
	case $flags in
	*E*) echo "GNU_STACK is $flags"; return 1 ;;
	esac
}

ok "a position-independent executable (ELF type DYN)" has "$dir/header" 'Type: +DYN'
ok "flagged PIE in the dynamic section" has "$dir/dynamic" '\(FLAGS_1\).*PIE'
ok "a GNU_RELRO segment" has "$dir/segments" '^ +GNU_RELRO '
ok "symbols bound at load time (BIND_NOW: full RELRO)" has "$dir/dynamic" '\(FLAGS\).*BIND_NOW|\(BIND_NOW\)|\(FLAGS_1\).* NOW'
ok "the stack is not executable (GNU_STACK without E)" stack_not_executable
ok "stack canaries (__stack_chk_fail)" has "$dir/syms" ' __stack_chk_fail'
ok "FORTIFY's checked libc calls (__*_chk)" has "$dir/syms" ' __[a-z_]+_chk(@|$)'

echo "1..$n"
[ $fails -eq 0 ]
