#!/usr/bin/env bash
# relais report in every format, opened by its real reader: the PDF with
# pdftotext and pdfinfo, the XLSX with unzip, the HTML document with
# html-validate (when node_modules is there); all from the same report as
# the JSON.  TAP output.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-formats-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/t.db
. "$(dirname "$0")/tap.sh"
# Text of a PDF on one line, narrow no-break spaces as spaces.
pdf_text() { pdftotext -enc UTF-8 "$1" - | sed 's/\xe2\x80\xaf/ /g' | tr '\n' ' '; }
has() { grep -qF -- "$2" "$1"; }

"$BIN" init --db "$db" >/dev/null 2>&1
"$BIN" demo --db "$db" --today 2009-12-31 >/dev/null 2>&1
rep() { "$BIN" report --db "$db" --year 2008 --age-bands 35,56 "$@"; }

# PDF
ok "the service bilan as PDF" rep --format pdf -o "$dir/b.pdf"
pdf_text "$dir/b.pdf" >"$dir/b.txt"
pdfinfo "$dir/b.pdf" >"$dir/b.info"
ok "the PDF is A4 with a title" sh -c "grep -q 'A4' '$dir/b.info' && grep -q 'Title: *Bilan 2008 — Tout le service' '$dir/b.info'"
ok "several pages" test "$(sed -n 's/^Pages: *//p' "$dir/b.info")" -ge 3
ok "title page: the service and the year" sh -c "grep -qF \"Bilan annuel d'activité 2008 Tout le service\" '$dir/b.txt'"
ok "the key sentence of seed 003" has "$dir/b.txt" "590 agents ont été accompagnés, soit 5,2 % de l'effectif (11 367 agents, 14 organisations)."
ok "a table per breakdown, French labels" sh -c "grep -qF 'Titulaire' '$dir/b.txt' && grep -qF 'Catégorie C' '$dir/b.txt' && grep -qF 'Famille monoparentale' '$dir/b.txt' && grep -qF '35 à 55 ans' '$dir/b.txt'"
ok "percentages the French way" sh -c "grep -qE '[0-9]+,[0-9] %' '$dir/b.txt'"
ok "the trends with the emerging theme" sh -c "grep -qF 'Tendances des thèmes' '$dir/b.txt' && grep -qF 'émergent' '$dir/b.txt'"
# No text drawn over other text: a wrapped bar label used to run into the
# next one ("perdu de vue" over "Décès").
overlap() { pdftotext -bbox "$1" - | python3 "$(dirname "$0")/pdf_overlap.py"; }
ok "no label over another in the service PDF" overlap "$dir/b.pdf"
ok "no disclosure note for the service audience" sh -c "! grep -qF 'sont masqués' '$dir/b.txt'"

org=$("$BIN" organisation list --db "$db" | awk '$1 == "bagnolet" { print $1 }')
ok "an employer PDF" "$BIN" report --db "$db" --year 2008 --organisation "$org" --audience employer --format pdf -o "$dir/e.pdf"
pdf_text "$dir/e.pdf" >"$dir/e.txt"
ok "titled with the organisation's name" has "$dir/e.txt" "Ville de Bagnolet"
ok "no label over another in the employer PDF" overlap "$dir/e.pdf"
ok "the disclosure note" has "$dir/e.txt" "Les effectifs inférieurs à 11 sont masqués"
ok "hidden cells read < 11" has "$dir/e.txt" "< 11"
ok "no other organisation" sh -c "! grep -qE 'Montreuil|Pantin|Bobigny' '$dir/e.txt'"

# XLSX
ok "the service bilan as XLSX" rep --format xlsx -o "$dir/b.xlsx"
ok "a valid zip" unzip -tq "$dir/b.xlsx"
unzip -p "$dir/b.xlsx" xl/workbook.xml >"$dir/wb.xml"
for sheet in "Synthèse" "Statut" "Catégorie" "Situation familiale" "Sexe" "Tranche d'âge" \
	"Domaines" "Thèmes" "Origine de la demande" "Issue des suivis" "Mode d'intervention" \
	"Type d'intervention" "Aides – financeurs" "Aides – décisions" "Orientations – partenaires" \
	"Orientations – suite" "Actions collectives" "Maintien – issues" "Tendances"; do
	ok "sheet $sheet" has "$dir/wb.xml" "<sheet name=\"$sheet\""
done
unzip -p "$dir/b.xlsx" xl/sharedStrings.xml >"$dir/ss.xml"
ok "the key sentence in the summary" has "$dir/ss.xml" "590 agents ont été accompagnés"
ok "a chart per breakdown" test "$(unzip -l "$dir/b.xlsx" | grep -c 'xl/charts/chart[0-9]*.xml')" -ge 11
titulaires=$(grep -o '"titulaire": [0-9]*' <(rep) | head -1 | sed 's/.*: //')
ok "counts are numbers: titulaires as in the JSON" grep -q "<v>$titulaires</v>" <(unzip -p "$dir/b.xlsx" xl/worksheets/sheet2.xml)
ok "an employer XLSX hides small counts" sh -c "'$BIN' report --db '$db' --year 2008 --organisation '$org' --audience employer --format xlsx -o '$dir/e.xlsx' && unzip -p '$dir/e.xlsx' xl/sharedStrings.xml | grep -qF '&lt; 11'"

# HTML and CSV
ok "the service bilan as an HTML document" rep --format html -o "$dir/b.html"
ok "a whole French document" sh -c "head -2 '$dir/b.html' | grep -q '<html lang=\"fr\">'"
ok "the same key sentence" sh -c "grep -qF '590 agents ont été accompagnés' '$dir/b.html'"
if [ -x node_modules/.bin/html-validate ]; then
	printf '{"extends": ["html-validate:recommended"]}\n' >"$dir/hv.json"
	ok "the HTML document is valid" node_modules/.bin/html-validate --config "$dir/hv.json" "$dir/b.html"
fi
ok "CSV to standard output" sh -c "'$BIN' report --db '$db' --year 2008 --format csv | head -1 | grep -q '^breakdown,key,value'"

# Refusals
ok "an unknown format is refused" sh -c "! '$BIN' report --db '$db' --year 2008 --format docx 2>'$dir/err' && grep -q 'json, html, csv, xlsx or pdf' '$dir/err'"
ok "-o leaves no temporary file" sh -c "! ls '$dir' | grep -q '\\.tmp'"

echo "1..$n"
[ $fails -eq 0 ]
