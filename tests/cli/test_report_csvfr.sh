#!/usr/bin/env bash
# The bilan's CSV for French spreadsheets (issue 17, item 4): relais report
# --format csv-fr gives UTF-8 with a BOM, ';', CRLF, French headers and a
# decimal comma; LibreOffice headless, with the French import options
# (separator ';', UTF-8, French locale), opens it with its number cells as
# numbers.  The machine CSV (format csv) is unchanged.  TAP output.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-csvfr-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/t.db
. "$(dirname "$0")/tap.sh"
has() { grep -qF -- "$2" "$1"; }

"$BIN" init --db "$db" >/dev/null 2>&1
"$BIN" demo --db "$db" --today 2009-12-31 >/dev/null 2>&1
ok "the service bilan as csv-fr" sh -c "'$BIN' report --db '$db' --year 2008 --format csv-fr >'$dir/b.csv'"
ok "UTF-8 with a byte order mark" sh -c "head -c 3 '$dir/b.csv' | od -An -tx1 | grep -q 'ef bb bf'"
ok "French headers, ';', CRLF" bash -c "head -1 '$dir/b.csv' | grep -q \$'^\\xef\\xbb\\xbfRubrique;Libellé;Code;Nombre;Part (%)\\r\$'"
ok "every line ends in CRLF" bash -c "! grep -qv \$'\\r\$' '$dir/b.csv'"
ok "the headcount, a bare number" has "$dir/b.csv" "Synthèse;Effectif;;11367;"
ok "a decimal comma" has "$dir/b.csv" "Synthèse;Part de l'effectif (%);;5,19;"
ok "a breakdown with French labels and shares" bash -c "grep -qE '^Catégorie;Catégorie C;C;[0-9]+;[0-9]+,[0-9]'\$'\\r' '$dir/b.csv'"
ok "the machine CSV is unchanged" sh -c "'$BIN' report --db '$db' --year 2008 --format csv | head -1 | grep -q '^breakdown,key,value'"
org=$("$BIN" organisation list --db "$db" | awk '$1 == "bagnolet" { print $1 }')
ok "an employer csv-fr: hidden cells read < 11, as text" sh -c "'$BIN' report --db '$db' --year 2008 --organisation '$org' --audience employer --format csv-fr | grep -qF ';< 11;'"

# LibreOffice with the French import options: 59 ';', 34 '"', 76 UTF-8,
# from line 1, 1036 the French locale (decimal comma).
# Calc is its own package (libreoffice-calc-nogui): without it soffice
# cannot load a CSV at all.
if ! command -v soffice >/dev/null 2>&1 || ! ls /usr/lib/libreoffice/program/libsclo.so >/dev/null 2>&1; then
	echo "ok $((n + 1)) # SKIP LibreOffice Calc (libreoffice-calc-nogui) is not installed: the spreadsheet check needs it"
	n=$((n + 1))
elif [ ! -x /usr/bin/python3 ]; then
	echo "ok $((n + 1)) # SKIP Debian's python3 is absent: it reads the converted workbook"
	n=$((n + 1))
else
	ok "LibreOffice converts it with the French import options" \
		env HOME="$dir" soffice --headless -env:UserInstallation=file://"$dir"/lo \
		--infilter="CSV:59,34,76,1,,1036" \
		--convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$dir" "$dir/b.csv"
	# Each "label=value" the sheet must hold as a number in column D.
	cat >"$dir/cells.py" <<'PY'
import sys, zipfile, re
import xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
strings = [''.join(t.text or '' for t in si.iter('{%s}t' % ns["m"]))
           for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
rows = {}
for c in sheet.iter('{%s}c' % ns["m"]):
    col, row = re.match(r"([A-Z]+)(\d+)", c.get("r")).groups()
    v = c.find("m:v", ns)
    if v is None:
        continue
    if c.get("t") == "s":
        rows.setdefault(row, {})[col] = ("text", strings[int(v.text)])
    else:
        rows.setdefault(row, {})[col] = ("number", float(v.text))
bad = 0
for want in sys.argv[2:]:
    label, value = want.rsplit("=", 1)
    hits = [r for r in rows.values() if r.get("B", (None, None))[1] == label]
    got = hits[0].get("D") if hits else None
    if not got or got[0] != "number" or abs(got[1] - float(value)) > 1e-9:
        print("%s: %r" % (label, got))
        bad = 1
sys.exit(bad)
PY
	ok "number cells are numbers (counts, decimals, amounts)" /usr/bin/python3 "$dir/cells.py" "$dir/b.xlsx" \
		"Effectif=11367" "Agents accompagnés=590" "Part de l'effectif (%)=5.19" \
		"Organisations=14" "Catégorie C=$(grep -F 'Catégorie;Catégorie C;' "$dir/b.csv" | cut -d';' -f4)"
	ok "the hours keep their decimal" sh -c "/usr/bin/python3 '$dir/cells.py' '$dir/b.xlsx' \"Heures d'intervention=\$(grep -F \"Synthèse;Heures d'intervention;\" '$dir/b.csv' | cut -d';' -f4 | tr ',' '.')\""
fi

echo "1..$n"
[ $fails -eq 0 ]
