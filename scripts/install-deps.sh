#!/usr/bin/env bash
# Installs the Debian packages relais needs.  Idempotent and quiet when
# everything is already there; uses sudo when not root.
#
#   install-deps.sh          the run list: building and running relais
#                            (make, make run)
#   install-deps.sh --test   the run list and the test list: every package
#                            a test, a benchmark, the fuzzers or the security
#                            scan calls by name (make test, make bench,
#                            make fuzz, make security-scan), listed even when
#                            the machine happens to have it already
set -euo pipefail

run_packages=(
  # build: compiler, pkg-config, the translations' tools, the zone data
  build-essential pkg-config gettext tzdata
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev libsodium-dev liboath-dev libcsv-dev
  liblpsolve55-dev
  # the second factor's enrolment QR code (issue 13)
  libqrencode-dev
  # OpenID Connect single sign-on (issue 13): the OIDC client and JOSE libraries
  libiddawc-dev librhonabwy-dev
  # the bilan's PDF (cairo + pango, DejaVu fonts) and XLSX
  libcairo2-dev libpango1.0-dev fonts-dejavu-core libxlsxwriter-dev
  # the front-end assets embedded in the binary come from npm (npm ci);
  # compressed at build time with brotli and gzip (tools/embed.c), pages
  # gzip'd by relais (zlib)
  nodejs ca-certificates
  libbrotli-dev zlib1g-dev
  # letter templates (issue 16): ODT read and merged (libzip, libxml2).
  # Optional at run time, not installed here: libreoffice-writer-nogui with
  # fonts-liberation2 and fonts-crosextra-carlito turns letters into PDF
  # (service/convert.h); without it the ODT still works and the PDF answers
  # "conversion PDF indisponible"
  libzip-dev libxml2-dev
)

test_packages=(
  # the C test suites (cmocka) and the calendar test's reader (libical)
  libcmocka-dev libical-dev
  # the databases: the sqlite3 shell, a throw-away PostgreSQL cluster
  # (initdb, pg_ctl, createdb, psql, pg_dump)
  sqlite3 postgresql postgresql-client
  # the bilan's formats read back (pdftotext, pdfinfo; unzip for XLSX)
  poppler-utils unzip
  # the French CSV opened by LibreOffice Calc headless with the French
  # import options (tests/cli/test_report_csvfr.sh; Calc reads the CSV,
  # Debian's python3 reads the converted workbook)
  libreoffice-calc-nogui
  # the letters' PDF (issue 16, tests/http/test_letters.c): LibreOffice
  # headless and the fonts Word templates expect (Liberation, Carlito)
  libreoffice-writer-nogui fonts-liberation2 fonts-crosextra-carlito
  # the manual page (mandoc -T lint, man)
  mandoc man-db
  # the deployment's units checked (systemd-analyze verify, tests/cli/test_systemd.sh)
  systemd
  # the browser tests (playwright-core drives /usr/bin/chromium) and the
  # API document's validation (node --test)
  chromium nodejs
  # HTTP from the shell scripts (curl), readelf and nm (the hardening test,
  # the layering check), ps (the benchmark's memory)
  curl binutils procps
  # accounts from the shell (tests/lib/accounts.sh): the enrolment's JSON
  # (jq) and the second factor's codes (oathtool)
  jq oathtool
  # fuzzing (make fuzz; a short pass in make test): libFuzzer, its
  # sanitizer runtime and the symbolizer of its reports
  clang libclang-rt-14-dev llvm-14
  # the SQL injection sweep (tests/sqlmap: sqlmap, a Python program; the
  # scan's JSON helper uses python3 too)
  sqlmap python3
  # the morning digest (issue 17): sent through msmtp's sendmail interface
  # (never msmtp-mta, which would replace an operator's MTA) to Debian's
  # aiosmtpd on loopback (tests/cli/test_digest.sh)
  msmtp python3-aiosmtpd
  # the QR code's SVG: well-formed (xmllint) and readable (zbarimg) in tests/unit/test_qrsvg.c
  libxml2-utils zbar-tools
  # benchmarks
  wrk hyperfine nginx-light
  # the OIDC tests' real OpenID provider (glewlwyd, SQLite back end, see
  # below), jq and openssl for its set-up, faketime for a provider whose
  # clock lags (the expired id_token)
  glewlwyd dbconfig-no-thanks jq openssl faketime
)

packages=("${run_packages[@]}")
case ${1:-} in
--test) packages+=("${test_packages[@]}") ;;
"") ;;
*)
  echo "usage: install-deps.sh [--test]" >&2
  exit 2
  ;;
esac

# One dpkg-query for the whole list (a package not known to dpkg is missing).
declare -A installed=()
while read -r name status; do
  [ "$status" = "install ok installed" ] && installed[$name]=1
done < <(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null || true)
missing=()
for p in "${packages[@]}"; do
  [ -n "${installed[$p]:-}" ] || missing+=("$p")
done
# npm ships with NodeSource's nodejs; Debian's nodejs needs the separate npm package.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

# A package listed twice (nodejs) is asked for once.
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++')
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# glewlwyd (test list only, never for make run): dbconfig-no-thanks keeps
# it from pulling a MariaDB server, "No configuration" is preseeded, and
# its system service is masked (the tests start their own instances on
# 127.0.0.1 with a SQLite database).
if printf '%s\n' "${missing[@]}" | grep -qx glewlwyd; then
  echo "glewlwyd glewlwyd/config_type select No configuration" | $sudo debconf-set-selections
  $sudo systemctl mask glewlwyd.service >/dev/null 2>&1 || $sudo ln -sf /dev/null /etc/systemd/system/glewlwyd.service
fi
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
