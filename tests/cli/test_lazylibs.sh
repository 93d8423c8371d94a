#!/usr/bin/env bash
# The libraries behind the PDF, the XLSX workbook, OpenID Connect, the
# HTTP server and the ZIP and OpenDocument files are opened on first use
# (support/lazylib.h), not linked: the binary does not list them (readelf's
# NEEDED entries), a command that draws nothing does not load them (ld.so's
# own trace), and the bilan still comes out as a PDF and as a workbook,
# the server still answers; lp_solve's search for an external BLAS is
# answered at once.  TAP output.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-lazylibs-XXXXXX)
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/tap.sh"

# The sonames the build found (build/gen/lazy/sonames.h).
sonames=$(sed -n 's/^#define SONAME_[A-Z]* "\(.*\)"$/\1/p' build/gen/lazy/sonames.h)

# none_in FILE FORMAT WHAT — no soname, written as FORMAT, is in FILE.
none_in() {
	local so bad=0
	for so in $sonames; do
		# shellcheck disable=SC2059 # the format is the caller's
		if grep -qF "$(printf "$2" "$so")" "$1"; then
			echo "$so $3"
			bad=1
		fi
	done
	return $bad
}

# not_needed — none of the sonames is a NEEDED entry of $BIN.
not_needed() {
	readelf -dW "$BIN" >"$dir/dynamic" || return 1
	grep -q NEEDED "$dir/dynamic" || { echo "no NEEDED entry at all"; return 1; }
	none_in "$dir/dynamic" '[%s]' "is linked"
}

# not_loaded — `relais --help` maps none of them (LD_DEBUG=files lists
# every object ld.so opens).
not_loaded() {
	LD_DEBUG=files "$BIN" --help >/dev/null 2>"$dir/ld" || return 1
	grep -q "file=" "$dir/ld" || { echo "LD_DEBUG gave nothing"; return 1; }
	none_in "$dir/ld" 'file=%s ' "was loaded"
}

# renders FORMAT MAGIC — the bilan as FORMAT starts with MAGIC.
renders() {
	"$BIN" report --db "$dir/d.db" --year "$year" --format "$1" -o "$dir/b.$1" || return 1
	head -c ${#2} "$dir/b.$1" | grep -qF "$2" || { echo "b.$1 does not start with $2"; return 1; }
}

# serves — `relais serve` starts (libmicrohttpd loaded) and answers.
serves() {
	"$BIN" serve --db "$dir/d.db" --listen 127.0.0.1:0 >"$dir/serve.out" 2>"$dir/serve.err" &
	local pid=$! url="" code
	for _ in $(seq 100); do
		url=$(sed -n 's/^listening on //p' "$dir/serve.out")
		[ -n "$url" ] && break
		sleep 0.1
	done
	code=$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz")
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ "$code" = 200 ] || { echo "healthz: $code"; cat "$dir/serve.err"; return 1; }
}

# no_blas_search — an employer's bilan (the disclosure control builds an
# lp_solve model per group of hidden cells, 18 to 45 for the demo's
# organisations) has hidden cells and never makes the loader search for
# lp_solve's optional external BLAS (support/dlopen_wrap.h): linked without
# the wrap, each model looked for libmyBLAS.so in a dozen directories.
no_blas_search() {
	local org
	org=$("$BIN" organisation list --db "$dir/d.db" | awk 'NR == 1 { print $1 }')
	[ -n "$org" ] || { echo "no organisation in the demo"; return 1; }
	LD_DEBUG=libs "$BIN" report --db "$dir/d.db" --year "$year" --organisation "$org" \
		--audience employer >"$dir/employer.json" 2>"$dir/ld-libs" || return 1
	grep -q ': null' "$dir/employer.json" || { echo "$org: no hidden cell"; return 1; }
	grep -q "find library=" "$dir/ld-libs" || { echo "LD_DEBUG=libs gave nothing"; return 1; }
	if grep -q "find library=libmyBLAS" "$dir/ld-libs"; then
		echo "$org: $(grep -c 'find library=libmyBLAS' "$dir/ld-libs") searches for libmyBLAS.so"
		return 1
	fi
}

command -v readelf >/dev/null 2>&1 || {
	echo "ok 1 - lazily loaded libraries # SKIP readelf is not installed (binutils)"
	echo "1..1"
	exit 0
}
[ -n "$sonames" ] || {
	echo "not ok 1 - build/gen/lazy/sonames.h lists the libraries"
	echo "1..1"
	exit 1
}
year=$(($(date +%Y) - 1))
"$BIN" init --db "$dir/d.db" >/dev/null 2>&1 && "$BIN" demo --db "$dir/d.db" >/dev/null 2>&1
ok "none of $(echo $sonames | wc -w) libraries opened on first use is linked" not_needed
ok "relais --help loads none of them" not_loaded
ok "the bilan as PDF (cairo and pango loaded on first use)" renders pdf "%PDF-"
ok "the bilan as XLSX (libxlsxwriter loaded on first use)" renders xlsx "PK"
ok "serve answers (libmicrohttpd loaded on first use)" serves
ok "an employer's bilan: lp_solve's models never search for an external BLAS" no_blas_search

echo "1..$n"
[ $fails -eq 0 ]
