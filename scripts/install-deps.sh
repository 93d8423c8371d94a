#!/usr/bin/env bash
# Installs every Debian package that building, testing and running relais needs.
# Idempotent and quiet when everything is already there; uses sudo when not root.
set -euo pipefail

packages=(
  # build
  build-essential pkg-config gettext tzdata
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev libsodium-dev liboath-dev libcsv-dev
  liblpsolve55-dev
  # the second factor's enrolment QR code (issue 13)
  libqrencode-dev
  # the bilan's PDF (cairo + pango, DejaVu fonts) and XLSX
  libcairo2-dev libpango1.0-dev fonts-dejavu-core libxlsxwriter-dev
  # tests and tools
  libcmocka-dev libical-dev sqlite3 postgresql postgresql-client poppler-utils unzip mandoc
  chromium nodejs curl ca-certificates
  # the QR code's SVG: well-formed (xmllint) and readable (zbarimg) in tests/unit/test_qrsvg.c
  libxml2-utils zbar-tools
  # fuzzing (make fuzz; a short pass in make test): libFuzzer and its sanitizers
  clang
  # benchmarks
  wrk hyperfine nginx-light
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
# npm ships with NodeSource's nodejs; Debian's nodejs needs the separate npm package.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
