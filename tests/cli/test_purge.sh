#!/usr/bin/env bash
# relais purge: the persons whose cases have all been closed, or without
# contact, for two years are anonymised — identity and free texts erased,
# down to the database file's bytes — while the coded facts keep past
# bilans as they were; a dry run changes nothing.  TAP output.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-purge-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=$dir/t.db
. "$(dirname "$0")/tap.sh"
q() { sqlite3 "$db" "$1"; }
followed() { "$BIN" report --db "$db" --year 2015 | grep -m1 '"persons_followed"' | sed 's/.*: *//; s/,$//'; }

"$BIN" init --db "$db" >/dev/null 2>&1
"$BIN" user add --db "$db" --login w1 --name "W Un" --role worker >/dev/null 2>&1
recent=$(date -d '-30 days' +%F)
cat >"$dir/organisations.csv" <<CSV
code,name,kind,sector
ville-a,Ville A,collectivite,
CSV
cat >"$dir/persons.csv" <<CSV
ref,organisation,last_name,first_name,birth_date,sex,status,category,family_situation,job_title,consent_on
P1,ville-a,Durandeau,Josiane,1970-05-17,F,titulaire,C,isole,Agente d'entretien,2015-01-01
P2,ville-a,Martineau,Lucien,1965-03-02,M,titulaire,C,couple,,2015-01-01
P3,ville-a,Petitjean,Alice,1980-01-01,F,titulaire,C,isole,,2024-01-01
P4,ville-a,Leroyer,Marc,1975-01-01,M,titulaire,C,isole,,2015-01-01
CSV
cat >"$dir/cases.csv" <<CSV
ref,person,referent,opened_on,closed_on,referral_source,domains,outcome
C1,P1,w1,2015-02-01,2015-06-01,agent,budget,resolu
C2,P2,w1,2015-03-01,,agent,sante.arret,
C3,P3,w1,2024-01-01,$(date -d '-300 days' +%F),agent,budget,resolu
C4,P4,w1,2015-03-01,,agent,logement,
CSV
cat >"$dir/interventions.csv" <<CSV
case,date,mode,kind,duration_minutes,notes
C1,2015-02-01,bureau,entretien,45,Josiane Durandeau parle de ses dettes
C2,2015-04-10,bureau,entretien,30,Lucien Martineau en arrêt
C4,$recent,telephone,entretien,15,Toujours suivi
CSV
for k in organisations persons cases interventions; do
	"$BIN" import --db "$db" "$k" "$dir/$k.csv" >/dev/null 2>&1
done
before=$(followed)
ok "the 2015 bilan follows three persons" test "$before" = 3

sealed_p1=$(q "SELECT hex(last_name) || hex(first_name) FROM persons WHERE import_ref = 'P1'")
ok "the names are sealed (issue 14)" test "$(q "SELECT COUNT(*) FROM persons WHERE typeof(last_name) = 'blob' AND typeof(first_name) = 'blob'")" = 4
ok "a dry run lists the two persons due" sh -c "'$BIN' purge --db '$db' --dry-run >'$dir/dry' && grep -q 'dry run: 2 person(s) due' '$dir/dry'"
ok "and changes nothing" test "$(q "SELECT hex(last_name) || hex(first_name) FROM persons WHERE import_ref = 'P1' AND anonymised_on IS NULL")" = "$sealed_p1"
# Ville A is a public body: its files are archives publiques, which go
# once the archives service's visa is recorded for a bordereau.
ok "without the archives' visa the purge waits" sh -c "'$BIN' purge --db '$db' | grep -q '^persons  *due 2, waiting for the archives. visa 2, removed 0'"
ok "and anonymises nobody" test "$(q "SELECT COUNT(*) FROM persons WHERE anonymised_on IS NOT NULL")" = 0
ok "the head records the visa of today's bordereau" "$BIN" purge visa --db "$db" --bordereau-date "$(date +%F)" --visa-date "$(date +%F)" --reference "AD-2026-001"
ok "the purge anonymises them" sh -c "'$BIN' purge --db '$db' >'$dir/run' && grep -q '2 person(s) anonymised' '$dir/run'"
ok "identity erased, the birth year kept" test "$(q "SELECT (last_name IS NULL) || '|' || (first_name IS NULL) || '|' || (birth_date IS NULL) || '|' || birth_year || '|' || COALESCE(job_title, '-') || '|' || (anonymised_on IS NOT NULL) FROM persons WHERE id = 1")" = "1|1|1|1970|-|1"
ok "and its search terms" test "$(q "SELECT COUNT(*) FROM person_search_terms WHERE person_id IN (1, 2)")" = 0
ok "the coded facts stay" test "$(q "SELECT sex || status || category || family_situation FROM persons WHERE id = 1")" = FtitulaireCisole
ok "a quiet open case ends at its last contact" test "$(q "SELECT closed_on || ' ' || outcome FROM cases WHERE person_id = 2")" = "2015-04-10 abandon"
ok "notes erased" test "$(q "SELECT COUNT(*) FROM interventions i JOIN cases c ON c.id = i.case_id WHERE c.person_id IN (1, 2) AND i.notes IS NOT NULL")" = 0
ok "a case closed 300 days ago stays" test "$(q "SELECT (last_name IS NOT NULL AND anonymised_on IS NULL) || '|' || (SELECT COUNT(*) > 0 FROM person_search_terms WHERE person_id = 3) FROM persons WHERE id = 3")" = "1|1"
ok "an open case with a recent contact stays" test "$(q "SELECT (last_name IS NOT NULL AND anonymised_on IS NULL) || '|' || (SELECT COUNT(*) > 0 FROM person_search_terms WHERE person_id = 4) FROM persons WHERE id = 4")" = "1|1"
ok "names gone from the database file" sh -c "! grep -aq -e Durandeau -e Martineau -e Josiane '$db' '$db-wal' 2>/dev/null"
ok "the 2015 bilan still follows three persons" test "$(followed)" = "$before"
ok "a second purge finds nobody" sh -c "'$BIN' purge --db '$db' | grep -q '^0 person(s) anonymised'"
"$BIN" audit list --db "$db" >"$dir/audit" 2>/dev/null
ok "each person anonymised is in the access log" test "$(grep -c '"person.anonymise"' "$dir/audit")" = 2
ok "and the run" grep -q '"purge.run"' "$dir/audit"
ok "the chain holds" "$BIN" audit verify --db "$db"
ok "--years 0 is refused" sh -c "! '$BIN' purge --db '$db' --years 0 2>/dev/null"

echo "1..$n"
[ $fails -eq 0 ]
