#!/usr/bin/env bash
# relais import: every kind, refs across files, one bad line rolls the
# whole file back with every bad line reported as FILE:LINE: column: reason,
# free text encrypted, audit entries.  TAP output.  RELAIS_TEST_DB (a
# postgresql:// URI of an empty database) runs it on PostgreSQL.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-import-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=${RELAIS_TEST_DB:-$dir/t.db}
key=$dir/t.key
pg=0
case $db in postgres*) pg=1 ;; esac
. "$(dirname "$0")/tap.sh"
q() {
	if [ $pg -eq 1 ]; then
		psql -qtAX "$db" -c "$1"
	else
		sqlite3 "$db" "$1"
	fi
}
imp() { "$BIN" import --db "$db" --key-file "$key" "$@"; }
rl() { "$BIN" "$@" --db "$db" --key-file "$key"; }
refused() { # refused KIND FILE EXPECTED-LINE... : exit 1, each expected line on stderr
	local kind=$1 file=$2
	shift 2
	imp "$kind" "$file" >"$dir/stdout" 2>"$dir/stderr" && { echo "accepted"; return 1; }
	for want in "$@"; do
		grep -qF -- "$want" "$dir/stderr" || { echo "missing: $want"; cat "$dir/stderr"; return 1; }
	done
}

rl init >/dev/null 2>&1
rl user add --login marie --name Marie --role worker >/dev/null 2>&1
rl user add --login chef --name Chef --role head >/dev/null 2>&1

cat >"$dir/orgs.csv" <<'CSV'
code,name,kind,sector
montreuil,Ville de Montreuil,collectivite,Fonction publique territoriale
acme,"ACME, SA",entreprise,
CSV
printf '\xef\xbb\xbfcode,name,kind,sector\r\nbagnolet,Mairie de Bagnolet,collectivite,\r\n' >"$dir/orgs-bom-crlf.csv"
cat >"$dir/headcounts.csv" <<'CSV'
organisation,year,headcount
montreuil,2008,11367
acme,2008,150
CSV
cat >"$dir/persons.csv" <<'CSV'
ref,organisation,last_name,first_name,birth_date,sex,status,category,family_situation,job_title,consent_on
P1,montreuil,Dupré,Élodie,1971-03-02,F,titulaire,C,monoparental,"Agente d'entretien",2008-01-15
P2,acme,Martin,Paul,,M,cdi,employe,isole,,2008-02-01
CSV
cat >"$dir/cases.csv" <<'CSV'
ref,person,referent,opened_on,closed_on,referral_source,domains,outcome
C1,P1,marie,2008-01-15,,medecin,sante.arret;budget,
C2,P2,marie,2008-02-01,2008-06-30,agent,logement,resolu
CSV
cat >"$dir/interventions.csv" <<'CSV'
case,date,mode,kind,duration_minutes,notes
C1,2008-01-15,permanence,entretien,60,"Premier entretien,
très inquiète pour son loyer."
C1,2008-02-03,telephone,demarche,15,
CSV

ok "organisations" imp organisations "$dir/orgs.csv"
ok "a byte-order mark and CRLF line ends are fine" imp organisations "$dir/orgs-bom-crlf.csv"
ok "headcounts" imp headcounts "$dir/headcounts.csv"
ok "persons" imp persons "$dir/persons.csv"
ok "nobody sees a person before a case names a référent" test "$(q "SELECT COUNT(*) FROM persons WHERE referent_id IS NULL")" = 2
ok "cases" imp cases "$dir/cases.csv"
ok "the référent was assigned to the organisations" test "$(q "SELECT COUNT(*) FROM assignments")" = 2
ok "the persons follow their cases' référent" test "$(q "SELECT COUNT(*) FROM persons WHERE referent_id IS NULL")" = 0
ok "domains split on ;" test "$(q "SELECT code FROM case_domains ORDER BY code" | tr '\n' ,)" = "budget,logement,sante.arret,"
ok "interventions (a quoted note across two lines)" imp interventions "$dir/interventions.csv"
ok "counts" test "$(q "SELECT (SELECT COUNT(*) FROM organisations)||'/'||(SELECT COUNT(*) FROM persons)||'/'||(SELECT COUNT(*) FROM cases)||'/'||(SELECT COUNT(*) FROM interventions)")" = "3/2/2/2"
if [ $pg -eq 0 ]; then
	ok "the notes are encrypted at rest" sh -c "! grep -qa 'inquiète' '$db' '$db-wal' 2>/dev/null"
else
	ok "the notes are stored sealed" test "$(q "SELECT COUNT(*) FROM interventions WHERE notes IS NOT NULL AND position(convert_to('inquiète', 'UTF8') in notes) = 0")" = 1
fi
ok "the import is audited" sh -c "'$BIN' audit list --db '$db' --key-file '$key' | grep -q '\"object_id\":\"persons:2\"'"
ok "and each record too" sh -c "'$BIN' audit list --db '$db' --key-file '$key' | grep -q '\"action\":\"case.create\"'"
ok "the audit chain holds" rl audit verify

cat >"$dir/bad-persons.csv" <<'CSV'
ref,organisation,last_name,first_name,birth_date,sex,status,category,family_situation,job_title,consent_on
P3,montreuil,Roux,Anne,1980-01-01,F,titulaire,C,isole,,2008-03-01
P1,montreuil,Again,X,,,,,,,2008-01-01
P4,nowhere,A,B,,,,,,,2008-01-01
P5,acme,Petit,Luc,1990-13-01,,,,,,2008-01-01
P6,acme,Petit,Léa,,,,,,,
P7,acme,Petit,Zoé,,Z,,,,,2008-01-01
CSV
ok "one bad line refuses the whole file, every bad line reported" refused persons "$dir/bad-persons.csv" \
	"bad-persons.csv:3: ref:" "bad-persons.csv:4: organisation:" "bad-persons.csv:5: birth_date:" \
	"bad-persons.csv:6: consent_on:" "bad-persons.csv:7: sex:" "nothing imported"
ok "the good line was not imported either" test "$(q "SELECT COUNT(*) FROM persons WHERE import_ref = 'P3'")" = 0
cat >"$dir/bad-cases.csv" <<'CSV'
ref,person,referent,opened_on,closed_on,referral_source,domains,outcome
C3,P1,marie,2008-05-01,,rh,famille,
C4,P9,marie,2008-05-01,,rh,famille,
C5,P1,chef,2008-05-01,,rh,famille,
C6,P1,marie,2008-05-01,2008-04-01,rh,famille,resolu
C7,P1,marie,2008-05-01,,rh,astrologie,
C8,P1,marie,2008-05-01,2008-06-01,rh,famille,
CSV
ok "cases: unknown person, non-worker référent, end before start, bad domain, no outcome" refused cases "$dir/bad-cases.csv" \
	"bad-cases.csv:3: person:" "bad-cases.csv:4: referent:" "bad-cases.csv:5: closed_on:" "bad-cases.csv:6: domains:" \
	"bad-cases.csv:7: outcome:"
ok "nothing of it was written" test "$(q "SELECT COUNT(*) FROM cases")" = 2
printf 'case,date,mode,kind,duration_minutes,notes\nC1,2008-01-20,bureau,entretien,-5,\nC9,2008-01-20,bureau,entretien,5,\nC1,2007-01-20,bureau,entretien,5,\n' >"$dir/bad-int.csv"
ok "interventions: negative duration, unknown case, before the case" refused interventions "$dir/bad-int.csv" \
	"bad-int.csv:2: duration_minutes:" "bad-int.csv:3: case:" "bad-int.csv:4: date:"
# A line the service refuses (a date before its case) among good ones:
# each refused line is reported, the good ones after it go on being
# checked, no internal error, nothing written.
printf 'case,date,mode,kind,duration_minutes,notes\nC1,2007-01-20,bureau,entretien,5,\nC1,2008-02-20,bureau,entretien,5,\nC1,2007-02-20,bureau,entretien,5,\nC1,2008-02-21,bureau,entretien,5,\n' >"$dir/mixed-int.csv"
before=$(q "SELECT COUNT(*) FROM interventions")
ok "interventions: every line the service refuses is reported, the good ones in between too" \
	refused interventions "$dir/mixed-int.csv" "mixed-int.csv:2: date:" "mixed-int.csv:4: date:" \
	"2 line(s) refused"
ok "no internal error" eval '! grep -q "erreur interne" "$dir/stderr"'
ok "nothing of it was written" test "$(q "SELECT COUNT(*) FROM interventions")" = "$before"
printf 'code,name\nx,y\n' >"$dir/short-header.csv"
ok "a missing column is named" refused organisations "$dir/short-header.csv" "short-header.csv:1: kind: colonne absente"
printf 'code,name,kind,sector,colour\nx,y,autre,,blue\n' >"$dir/extra.csv"
ok "an unknown column is named" refused organisations "$dir/extra.csv" "extra.csv:1: colour: colonne inconnue"
printf 'code,name,kind,sector\nx,"unterminated,autre,\n' >"$dir/broken.csv"
ok "broken quoting is refused" refused organisations "$dir/broken.csv" "broken.csv:"
printf 'code,name,kind,sector\nx,\xff\xfe,autre,\n' >"$dir/latin1.csv"
ok "text that is not UTF-8 is refused" refused organisations "$dir/latin1.csv" "UTF-8"
# What French Excel writes (issue 17): ';' (auto-detected), Windows-1252
# or UTF-8 with a byte-order mark, dates JJ/MM/AAAA.
printf 'code;name;kind;sector\r\nlilas;"Ville des Lilas; Seine-Saint-Denis";collectivite;\r\n' >"$dir/orgs-semicolon.csv"
ok "';' as the separator" imp organisations "$dir/orgs-semicolon.csv"
ok "a ';' inside quotes stays in the field" test "$(q "SELECT name FROM organisations WHERE code = 'lilas'")" = "Ville des Lilas; Seine-Saint-Denis"
printf 'ref;organisation;last_name;first_name;birth_date;sex;status;category;family_situation;job_title;consent_on\r\nP8;lilas;L\xe9ger;Ana\xefs;02/03/1971;F;titulaire;C;isole;\x93Agent\x94 d\x92accueil \x80;15/01/2008\r\n' >"$dir/persons-cp1252.csv"
ok "Windows-1252 with dates JJ/MM/AAAA" imp persons "$dir/persons-cp1252.csv"
ok "the consent date stored AAAA-MM-JJ" test "$(q "SELECT consent_accompaniment_on FROM persons WHERE import_ref = 'P8'")" = "2008-01-15"
ok "its two consents in the history, recorded by no account" test "$(q "SELECT COUNT(DISTINCT c.kind) FROM consent_changes c JOIN persons p ON p.id = c.person_id WHERE p.import_ref = 'P8' AND c.given = 1 AND c.on_date = '2008-01-15' AND c.actor_id IS NULL")" = 2
rl export --to "$dir/export" --decrypt >/dev/null 2>&1
ok "the names converted to UTF-8, the birth date AAAA-MM-JJ" sh -c "grep -F 'P8' '$dir/export/persons.csv' | grep -F 'Léger' | grep -F 'Anaïs' | grep -F '1971-03-02' | grep -qF '“Agent” d’accueil €'"
printf '\xef\xbb\xbfref;organisation;last_name;first_name;birth_date;sex;status;category;family_situation;job_title;consent_on\r\nP9;lilas;H\xc3\xa9lo\xc3\xafse;Zo\xc3\xa9;31/12/1980;F;titulaire;C;isole;;01/02/2008\r\n' >"$dir/persons-bom-semicolon.csv"
ok "UTF-8 with a byte-order mark and ';'" imp persons "$dir/persons-bom-semicolon.csv"
printf 'ref;organisation;last_name;first_name;birth_date;sex;status;category;family_situation;job_title;consent_on\r\nP10;lilas;Roux;Anne;31/02/1980;F;titulaire;C;isole;;01/02/2008\r\n' >"$dir/persons-bad-date.csv"
ok "an impossible JJ/MM/AAAA date is refused on its column" refused persons "$dir/persons-bad-date.csv" "persons-bad-date.csv:2: birth_date:"
printf 'code;name;kind;sector\nx;caf\xc3\xa9;autre;\ny;caf\xe9;autre;\n' >"$dir/mixed.csv"
ok "a file mixing UTF-8 and Windows-1252 is refused" refused organisations "$dir/mixed.csv" "mixed.csv:3:" "UTF-8"
ok "an unknown kind is refused" refused planets "$dir/orgs.csv" "unknown kind"
ok "a missing file is refused" refused organisations "$dir/none.csv" "none.csv"
ok "duplicate organisation codes are refused" refused organisations "$dir/orgs.csv" "orgs.csv:2: code:"

echo "1..$n"
[ $fails -eq 0 ]
