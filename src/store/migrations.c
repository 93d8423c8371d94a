/* migrations — see migrations.h. */
#include <stddef.h>

#include "store/migrations.h"

/* Migration 33: the dates of a person's activity, each row as (f, t): a
   case from its opening to its closing ('9999-12-31' while open), an
   intervention, aid or orientation on its date, a sick leave over its
   length.  P: the select list's person column, W: a condition ending the
   WHERE of each part ("" for every person). */
#define SPAN_DATES(P, W)                                                                       \
	"SELECT " P ", opened_on AS f, COALESCE(closed_on, '9999-12-31') AS t FROM cases c"    \
	" WHERE 1 = 1" W                                                                        \
	" UNION ALL SELECT c." P ", i.date, i.date FROM interventions i"                       \
	" JOIN cases c ON c.id = i.case_id WHERE 1 = 1" W                                      \
	" UNION ALL SELECT c." P ", a.submitted_on, a.submitted_on FROM aids a"                \
	" JOIN cases c ON c.id = a.case_id WHERE 1 = 1" W                                      \
	" UNION ALL SELECT c." P ", o.sent_on, o.sent_on FROM orientations o"                  \
	" JOIN cases c ON c.id = o.case_id WHERE 1 = 1" W                                      \
	" UNION ALL SELECT c." P ", l.start_on, COALESCE(l.end_on, '9999-12-31')"              \
	" FROM sick_leaves l JOIN cases c ON c.id = l.case_id WHERE 1 = 1" W
/* Widens the span of the person whose id is PID to cover F..T; nothing is
   written when it already does. */
#define SPAN_WIDEN(PID, F, T)                                                                  \
	"UPDATE persons SET"                                                                    \
	" active_from = CASE WHEN active_from IS NULL OR active_from > " F " THEN " F           \
	" ELSE active_from END,"                                                                \
	" active_to = CASE WHEN active_to IS NULL OR active_to < " T " THEN " T                \
	" ELSE active_to END"                                                                   \
	" WHERE id = " PID " AND (active_from IS NULL OR active_from > " F                      \
	" OR active_to IS NULL OR active_to < " T ")"
/* Computes again the span of NEW.person_id from its rows. */
#define SPAN_RECOMPUTE                                                                         \
	"UPDATE persons SET (active_from, active_to) = (SELECT MIN(x.f), MAX(x.t) FROM ("      \
	SPAN_DATES("person_id", " AND c.person_id = NEW.person_id") ") x)"                    \
	" WHERE id = NEW.person_id"
#define SPAN_OF_CASE "(SELECT c.person_id FROM cases c WHERE c.id = NEW.case_id)"
#define SPAN_OPEN_END(COL) "COALESCE(NEW." COL ", '9999-12-31')"
/* SQLite: a trigger for each event and table. */
#define SPAN_TRIGGER_SQLITE(NAME, EVENT, TABLE, BODY)                                          \
	"CREATE TRIGGER " NAME " AFTER " EVENT " ON " TABLE " BEGIN " BODY "; END;"
#define SPAN_WIDEN_SQLITE(NAME, TABLE, COLS, F, T)                                             \
	SPAN_TRIGGER_SQLITE(NAME "_insert", "INSERT", TABLE, SPAN_WIDEN(SPAN_OF_CASE, F, T))    \
	SPAN_TRIGGER_SQLITE(NAME "_update", "UPDATE OF " COLS, TABLE,                           \
			    SPAN_WIDEN(SPAN_OF_CASE, F, T))
#define SPAN_TRIGGERS_SQLITE                                                                   \
	SPAN_TRIGGER_SQLITE("cases_span_insert", "INSERT", "cases",                             \
			    SPAN_WIDEN("NEW.person_id", "NEW.opened_on", SPAN_OPEN_END("closed_on"))) \
	SPAN_TRIGGER_SQLITE("cases_span_update", "UPDATE OF person_id, opened_on, closed_on",   \
			    "cases", SPAN_RECOMPUTE)                                            \
	SPAN_WIDEN_SQLITE("interventions_span", "interventions", "case_id, date", "NEW.date",    \
			  "NEW.date")                                                           \
	SPAN_WIDEN_SQLITE("aids_span", "aids", "case_id, submitted_on", "NEW.submitted_on",      \
			  "NEW.submitted_on")                                                   \
	SPAN_WIDEN_SQLITE("orientations_span", "orientations", "case_id, sent_on", "NEW.sent_on", \
			  "NEW.sent_on")                                                        \
	SPAN_WIDEN_SQLITE("sick_leaves_span", "sick_leaves", "case_id, start_on, end_on",        \
			  "NEW.start_on", SPAN_OPEN_END("end_on"))
/* PostgreSQL: a trigger function for each table. */
#define SPAN_FUNCTION_PG(NAME, EVENT, TABLE, BODY)                                             \
	"CREATE FUNCTION " NAME "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " BODY ";"     \
	" RETURN NULL; END; $$;"                                                                \
	"CREATE TRIGGER " NAME " AFTER " EVENT " ON " TABLE                                     \
	" FOR EACH ROW EXECUTE FUNCTION " NAME "();"
#define SPAN_TRIGGERS_POSTGRES                                                                 \
	SPAN_FUNCTION_PG("cases_span_insert", "INSERT", "cases",                                \
			 SPAN_WIDEN("NEW.person_id", "NEW.opened_on", SPAN_OPEN_END("closed_on")))  \
	SPAN_FUNCTION_PG("cases_span_update", "UPDATE OF person_id, opened_on, closed_on",      \
			 "cases", SPAN_RECOMPUTE)                                               \
	SPAN_FUNCTION_PG("interventions_span", "INSERT OR UPDATE OF case_id, date",              \
			 "interventions", SPAN_WIDEN(SPAN_OF_CASE, "NEW.date", "NEW.date"))     \
	SPAN_FUNCTION_PG("aids_span", "INSERT OR UPDATE OF case_id, submitted_on", "aids",       \
			 SPAN_WIDEN(SPAN_OF_CASE, "NEW.submitted_on", "NEW.submitted_on"))      \
	SPAN_FUNCTION_PG("orientations_span", "INSERT OR UPDATE OF case_id, sent_on",            \
			 "orientations", SPAN_WIDEN(SPAN_OF_CASE, "NEW.sent_on", "NEW.sent_on")) \
	SPAN_FUNCTION_PG("sick_leaves_span", "INSERT OR UPDATE OF case_id, start_on, end_on",    \
			 "sick_leaves", SPAN_WIDEN(SPAN_OF_CASE, "NEW.start_on",                 \
						   SPAN_OPEN_END("end_on")))

const struct migration migrations[] = {
	{1, "accounts, sessions and audit log",
		"CREATE TABLE users ("
		" id @ID@,"
		" login TEXT NOT NULL UNIQUE,"
		" name TEXT NOT NULL,"
		" role TEXT NOT NULL CHECK (role IN ('admin','head','worker','employer','auditor')),"
		" password_hash TEXT NOT NULL,"
		" active INTEGER NOT NULL DEFAULT 1,"
		" locked_until BIGINT NOT NULL DEFAULT 0,"
		" created_at BIGINT NOT NULL);"
		"CREATE TABLE login_failures ("
		" user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
		" at BIGINT NOT NULL);"
		"CREATE INDEX login_failures_user_at ON login_failures (user_id, at);"
		"CREATE TABLE sessions ("
		" token_hash TEXT PRIMARY KEY,"
		" user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
		" csrf_token TEXT NOT NULL,"
		" created_at BIGINT NOT NULL,"
		" last_seen_at BIGINT NOT NULL);"
		"CREATE INDEX sessions_user ON sessions (user_id);"
		/* Append-only: ids are given by the writer (last + 1) under a lock. */
		"CREATE TABLE audit_log ("
		" id BIGINT PRIMARY KEY,"
		" at BIGINT NOT NULL,"
		" actor_id BIGINT,"
		" actor_login TEXT,"
		" action TEXT NOT NULL,"
		" object_type TEXT,"
		" object_id TEXT,"
		" client_addr TEXT,"
		" prev_hash TEXT NOT NULL,"
		" hash TEXT NOT NULL);",
		/* SQLite: refuse changes to written audit rows. */
		"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
		" BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
		"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
		" BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
		/* PostgreSQL: the same with a trigger function. */
		"CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
		" BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$;"
		"CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log"
		" FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();", NULL},

	{2, "reference lists, organisations, headcounts, assignments, settings",
		/* Editable lists (TAXONOMY.md): a retired entry stays valid on old records. */
		"CREATE TABLE ref_items ("
		" list TEXT NOT NULL,"
		" code TEXT NOT NULL,"
		" label TEXT NOT NULL,"
		" parent TEXT,"
		" position INTEGER NOT NULL,"
		" retired INTEGER NOT NULL DEFAULT 0,"
		" PRIMARY KEY (list, code));"
		"CREATE TABLE organisations ("
		" id @ID@,"
		" code TEXT NOT NULL UNIQUE,"
		" name TEXT NOT NULL,"
		" kind TEXT NOT NULL,"
		" sector TEXT,"
		" created_at BIGINT NOT NULL);"
		"CREATE TABLE headcounts ("
		" organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
		" year INTEGER NOT NULL,"
		" headcount INTEGER NOT NULL CHECK (headcount >= 0),"
		" PRIMARY KEY (organisation_id, year));"
		/* Which workers serve which organisation. */
		"CREATE TABLE assignments ("
		" organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,"
		" user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
		" PRIMARY KEY (organisation_id, user_id));"
		"CREATE INDEX assignments_user ON assignments (user_id);"
		/* An employer account belongs to one organisation. */
		"ALTER TABLE users ADD COLUMN organisation_id BIGINT REFERENCES organisations(id);"
		/* Service-wide settings, e.g. the check value of the master key. */
		"CREATE TABLE settings ("
		" name TEXT PRIMARY KEY,"
		" value TEXT NOT NULL);",
		NULL, NULL, migration_reference_seed},

	{3, "persons, cases, domains, interventions, shares",
		/* Identity is searchable (search_name: folded for accents and case);
		   free text lives only in sealed columns (support/box.h). */
		"CREATE TABLE persons ("
		" id @ID@,"
		" organisation_id BIGINT NOT NULL REFERENCES organisations(id),"
		/* NULL only for an imported person until a case names a référent. */
		" referent_id BIGINT REFERENCES users(id),"
		" last_name TEXT NOT NULL,"
		" first_name TEXT NOT NULL,"
		" search_name TEXT NOT NULL,"
		" birth_date TEXT,"
		" sex TEXT,"
		" status TEXT,"
		" category TEXT,"
		" family_situation TEXT,"
		" job_title TEXT,"
		" phone TEXT,"
		" email TEXT,"
		" consent_accompaniment_on TEXT NOT NULL,"
		" consent_statistics INTEGER NOT NULL DEFAULT 1,"
		" consent_statistics_on TEXT,"
		" import_ref TEXT UNIQUE,"
		" created_at BIGINT NOT NULL,"
		" updated_at BIGINT NOT NULL);"
		"CREATE INDEX persons_referent ON persons (referent_id);"
		"CREATE INDEX persons_organisation ON persons (organisation_id);"
		"CREATE TABLE cases ("
		" id @ID@,"
		" person_id BIGINT NOT NULL REFERENCES persons(id),"
		" referent_id BIGINT NOT NULL REFERENCES users(id),"
		" opened_on TEXT NOT NULL,"
		" closed_on TEXT,"
		" referral_source TEXT NOT NULL,"
		" outcome TEXT,"
		" diagnosis @BLOB@,"
		" action_plan @BLOB@,"
		" import_ref TEXT UNIQUE,"
		" created_at BIGINT NOT NULL,"
		" updated_at BIGINT NOT NULL,"
		" CHECK (closed_on IS NULL OR closed_on >= opened_on));"
		"CREATE INDEX cases_person ON cases (person_id);"
		"CREATE INDEX cases_referent ON cases (referent_id);"
		"CREATE TABLE case_domains ("
		" case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
		" code TEXT NOT NULL,"
		" PRIMARY KEY (case_id, code));"
		"CREATE TABLE interventions ("
		" id @ID@,"
		" case_id BIGINT NOT NULL REFERENCES cases(id),"
		" author_id BIGINT NOT NULL REFERENCES users(id),"
		" date TEXT NOT NULL,"
		" mode TEXT NOT NULL,"
		" kind TEXT NOT NULL,"
		" duration_minutes INTEGER NOT NULL CHECK (duration_minutes >= 0),"
		" notes @BLOB@,"
		" private_note @BLOB@,"
		" created_at BIGINT NOT NULL);"
		"CREATE INDEX interventions_case ON interventions (case_id, date);"
		/* A colleague's dated access to one case (absence, replacement). */
		"CREATE TABLE shares ("
		" id @ID@,"
		" case_id BIGINT NOT NULL REFERENCES cases(id),"
		" user_id BIGINT NOT NULL REFERENCES users(id),"
		" granted_by BIGINT NOT NULL REFERENCES users(id),"
		" until TEXT NOT NULL,"
		" reason TEXT NOT NULL,"
		" created_at BIGINT NOT NULL,"
		" ended_at BIGINT);"
		"CREATE INDEX shares_user ON shares (user_id, until);"
		"CREATE INDEX shares_case ON shares (case_id);",
		NULL, NULL, NULL},
	{4, "conventions and time entries",
		/* What a client organisation bought: hours per year over a period
		   (NULL hours: membership without a set number of hours). */
		"CREATE TABLE conventions ("
		" id @ID@,"
		" organisation_id BIGINT NOT NULL REFERENCES organisations(id),"
		" kind TEXT NOT NULL,"
		" starts_on TEXT NOT NULL,"
		" ends_on TEXT NOT NULL,"
		" hours_per_year INTEGER CHECK (hours_per_year >= 0),"
		" hourly_rate_cents BIGINT CHECK (hourly_rate_cents >= 0),"
		" notes TEXT,"
		" created_by BIGINT NOT NULL REFERENCES users(id),"
		" created_at BIGINT NOT NULL,"
		" CHECK (ends_on >= starts_on));"
		"CREATE INDEX conventions_organisation ON conventions (organisation_id, starts_on);"
		/* Time a worker spent for an organisation outside interventions. */
		"CREATE TABLE time_entries ("
		" id @ID@,"
		" organisation_id BIGINT NOT NULL REFERENCES organisations(id),"
		" user_id BIGINT NOT NULL REFERENCES users(id),"
		" date TEXT NOT NULL,"
		" minutes INTEGER NOT NULL CHECK (minutes > 0),"
		" activity TEXT NOT NULL,"
		" created_at BIGINT NOT NULL);"
		"CREATE INDEX time_entries_organisation ON time_entries (organisation_id, date);",
		NULL, NULL, NULL},
	{5, "financial aid requests, budget diagnoses",
		/* A request to a funder and the commission's decision.  Amounts are
		   cents, in clear with the codes and dates (they feed the bilan);
		   the reason is sealed. */
		"CREATE TABLE aids ("
		" id @ID@,"
		" case_id BIGINT NOT NULL REFERENCES cases(id),"
		" author_id BIGINT NOT NULL REFERENCES users(id),"
		" kind TEXT NOT NULL,"
		" funder TEXT NOT NULL,"
		" amount_requested_cents BIGINT NOT NULL CHECK (amount_requested_cents > 0),"
		" submitted_on TEXT NOT NULL,"
		" reason @BLOB@,"
		" decision TEXT NOT NULL DEFAULT 'en_attente',"
		" amount_granted_cents BIGINT NOT NULL DEFAULT 0"
		"  CHECK (amount_granted_cents >= 0 AND amount_granted_cents <= amount_requested_cents),"
		" decided_on TEXT,"
		" paid_on TEXT,"
		" created_at BIGINT NOT NULL,"
		" updated_at BIGINT NOT NULL,"
		" CHECK (decided_on IS NULL OR decided_on >= submitted_on),"
		" CHECK (paid_on IS NULL OR (decided_on IS NOT NULL AND paid_on >= decided_on)));"
		"CREATE INDEX aids_case ON aids (case_id, submitted_on);"
		"CREATE INDEX aids_decision ON aids (decision, submitted_on);"
		/* One budget per case and month: the household, and the totals of its
		   lines (in clear, for the history and the bilan). */
		"CREATE TABLE budgets ("
		" id @ID@,"
		" case_id BIGINT NOT NULL REFERENCES cases(id),"
		" month TEXT NOT NULL,"
		" author_id BIGINT NOT NULL REFERENCES users(id),"
		" adults INTEGER NOT NULL CHECK (adults >= 1),"
		" children_under_14 INTEGER NOT NULL CHECK (children_under_14 >= 0),"
		" others_14_plus INTEGER NOT NULL CHECK (others_14_plus >= 0),"
		" incomes_cents BIGINT NOT NULL,"
		" charges_cents BIGINT NOT NULL,"
		" repayments_cents BIGINT NOT NULL,"
		" created_at BIGINT NOT NULL,"
		" updated_at BIGINT NOT NULL,"
		" UNIQUE (case_id, month));"
		/* The lines of a month: section income, charge or debt; the label (a
		   debt's creditor) sealed; a debt's amount owed and monthly repayment. */
		"CREATE TABLE budget_lines ("
		" budget_id BIGINT NOT NULL REFERENCES budgets(id) ON DELETE CASCADE,"
		" position INTEGER NOT NULL,"
		" section TEXT NOT NULL CHECK (section IN ('income','charge','debt')),"
		" label @BLOB@ NOT NULL,"
		" amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),"
		" monthly_cents BIGINT NOT NULL DEFAULT 0 CHECK (monthly_cents >= 0),"
		" PRIMARY KEY (budget_id, position));",
		NULL, NULL, NULL},
	{6, "partner directory, orientations",
		/* The directory is shared by the service and holds no personal data:
		   nothing sealed.  A duplicate merged into another stays as a
		   tombstone (merged_into) so that old links and the audit still
		   resolve; lists leave it out. */
		"CREATE TABLE partners ("
		" id @ID@,"
		" name TEXT NOT NULL,"
		" search_name TEXT NOT NULL,"
		" kind TEXT NOT NULL,"
		" address TEXT,"
		" phone TEXT,"
		" email TEXT,"
		" notes TEXT,"
		" merged_into BIGINT REFERENCES partners(id),"
		" created_by BIGINT REFERENCES users(id),"
		" created_at BIGINT NOT NULL,"
		" updated_at BIGINT NOT NULL);"
		"CREATE INDEX partners_search ON partners (search_name);"
		/* Sending a person to a partner, within a case (the case's secrecy).
		   The reason is sealed; dates and codes stay in clear for the bilan. */
		"CREATE TABLE orientations ("
		" id @ID@,"
		" case_id BIGINT NOT NULL REFERENCES cases(id),"
		" partner_id BIGINT NOT NULL REFERENCES partners(id),"
		" author_id BIGINT NOT NULL REFERENCES users(id),"
		" sent_on TEXT NOT NULL,"
		" reason @BLOB@,"
		" share_consent_on TEXT,"
		" details_sent INTEGER NOT NULL DEFAULT 0,"
		" status TEXT NOT NULL DEFAULT 'envoyee' CHECK (status IN"
		" ('envoyee','acceptee','refusee','sans_reponse','realisee')),"
		" answered_on TEXT,"
		" done_on TEXT,"
		" created_at BIGINT NOT NULL,"
		" updated_at BIGINT NOT NULL,"
		" CHECK (details_sent = 0 OR share_consent_on IS NOT NULL));"
		"CREATE INDEX orientations_case ON orientations (case_id, sent_on);"
		"CREATE INDEX orientations_status ON orientations (status, sent_on);"
		"CREATE INDEX orientations_partner ON orientations (partner_id);",
		NULL, NULL, NULL},

	{7, "collective actions, job retention",
		/* Sessions held in a client organisation: no personal data. */
		"CREATE TABLE collective_actions ("
		" id @ID@,"
		" organisation_id BIGINT NOT NULL REFERENCES organisations(id),"
		" held_on TEXT NOT NULL,"
		" topic TEXT NOT NULL,"
		" format TEXT NOT NULL,"
		" title TEXT NOT NULL,"
		" participants INTEGER NOT NULL CHECK (participants >= 0),"
		" duration_minutes INTEGER NOT NULL CHECK (duration_minutes >= 0),"
		" created_by BIGINT NOT NULL REFERENCES users(id),"
		" created_at BIGINT NOT NULL);"
		"CREATE INDEX collective_actions_org ON collective_actions (organisation_id, held_on);"
		/* partner_id: the partner directory (another branch) links it at merge. */
		"CREATE TABLE collective_action_partners ("
		" action_id BIGINT NOT NULL REFERENCES collective_actions(id) ON DELETE CASCADE,"
		" partner_id BIGINT NOT NULL,"
		" PRIMARY KEY (action_id, partner_id));"
		/* Job retention belongs to a case and shares its secrecy; dates and
		   codes in clear (statistics), free text sealed. */
		"CREATE TABLE sick_leaves ("
		" id @ID@,"
		" case_id BIGINT NOT NULL REFERENCES cases(id),"
		" start_on TEXT NOT NULL,"
		" end_on TEXT,"
		" kind TEXT NOT NULL CHECK (kind IN ('maladie','at_mp','longue_maladie')),"
		" created_at BIGINT NOT NULL,"
		" updated_at BIGINT NOT NULL,"
		" CHECK (end_on IS NULL OR end_on >= start_on));"
		"CREATE INDEX sick_leaves_case ON sick_leaves (case_id, start_on);"
		"CREATE TABLE therapeutic_part_times ("
		" id @ID@,"
		" case_id BIGINT NOT NULL REFERENCES cases(id),"
		" start_on TEXT NOT NULL,"
		" end_on TEXT,"
		" percent INTEGER NOT NULL CHECK (percent BETWEEN 1 AND 99),"
		" created_at BIGINT NOT NULL,"
		" CHECK (end_on IS NULL OR end_on >= start_on));"
		"CREATE INDEX therapeutic_part_times_case ON therapeutic_part_times (case_id, start_on);"
		/* One row per case, created on first change. */
		"CREATE TABLE job_retention ("
		" case_id BIGINT PRIMARY KEY REFERENCES cases(id),"
		" rqth_status TEXT NOT NULL DEFAULT 'aucune'"
		" CHECK (rqth_status IN ('aucune','en_cours','reconnue','refusee')),"
		" rqth_requested_on TEXT,"
		" rqth_decided_on TEXT,"
		" rqth_expires_on TEXT,"
		" pre_return_visit_on TEXT,"
		" adjustment_requested_on TEXT,"
		" adjustment_done_on TEXT,"
		" adjustment_description @BLOB@,"
		" outcome TEXT,"
		" updated_at BIGINT NOT NULL);",
		NULL, NULL, migration_retention_seed},

	{8, "permanences, appointments, calendar feeds",
		/* A worker's recurring on-site hours in a client organisation: no
		   personal data.  Times "HH:MM" in the service's time zone. */
		"CREATE TABLE permanences ("
		" id @ID@,"
		" organisation_id BIGINT NOT NULL REFERENCES organisations(id),"
		" worker_id BIGINT NOT NULL REFERENCES users(id),"
		" site TEXT NOT NULL,"
		" weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),"
		" start_time TEXT NOT NULL,"
		" end_time TEXT NOT NULL,"
		" every_weeks INTEGER NOT NULL CHECK (every_weeks IN (1, 2, 4)),"
		" from_on TEXT NOT NULL,"
		" until_on TEXT,"
		" created_by BIGINT NOT NULL REFERENCES users(id),"
		" created_at BIGINT NOT NULL,"
		" CHECK (end_time > start_time),"
		" CHECK (until_on IS NULL OR until_on >= from_on));"
		"CREATE INDEX permanences_worker ON permanences (worker_id);"
		"CREATE INDEX permanences_organisation ON permanences (organisation_id);"
		/* One occurrence cancelled (a holiday, an absence). */
		"CREATE TABLE permanence_exceptions ("
		" permanence_id BIGINT NOT NULL REFERENCES permanences(id) ON DELETE CASCADE,"
		" on_date TEXT NOT NULL,"
		" reason TEXT NOT NULL,"
		" created_by BIGINT NOT NULL REFERENCES users(id),"
		" created_at BIGINT NOT NULL,"
		" PRIMARY KEY (permanence_id, on_date));"
		/* A meeting booked in a worker's agenda; the person is optional
		   until the first meeting and follows the person's secrecy.
		   Times "YYYY-MM-DDTHH:MM" in the service's time zone, same day. */
		"CREATE TABLE appointments ("
		" id @ID@,"
		" worker_id BIGINT NOT NULL REFERENCES users(id),"
		" person_id BIGINT REFERENCES persons(id),"
		" start_at TEXT NOT NULL,"
		" end_at TEXT NOT NULL,"
		" mode TEXT NOT NULL,"
		" site TEXT,"
		" status TEXT NOT NULL DEFAULT 'prevu'"
		" CHECK (status IN ('prevu','honore','excuse','absent','annule')),"
		" intervention_id BIGINT REFERENCES interventions(id),"
		" created_by BIGINT NOT NULL REFERENCES users(id),"
		" created_at BIGINT NOT NULL,"
		" updated_at BIGINT NOT NULL,"
		" CHECK (end_at > start_at));"
		"CREATE INDEX appointments_worker ON appointments (worker_id, start_at);"
		"CREATE INDEX appointments_person ON appointments (person_id);"
		/* A worker's private feed: the hash of its secret (looked up) and the
		   salt the secret is derived from with the master key. */
		"CREATE TABLE calendar_feeds ("
		" user_id BIGINT PRIMARY KEY REFERENCES users(id),"
		" token_hash TEXT NOT NULL UNIQUE,"
		" salt TEXT NOT NULL,"
		" created_at BIGINT NOT NULL);",
		NULL, NULL, NULL},
	{9, "employer requests, public request links, employee requests",
		/* An employer's request for intervention and the workers' replies:
		   free text sealed (it may name someone despite the warning). */
		"CREATE TABLE employer_requests ("
		" id @ID@,"
		" organisation_id BIGINT NOT NULL REFERENCES organisations(id),"
		" author_id BIGINT NOT NULL REFERENCES users(id),"
		" subject @BLOB@ NOT NULL,"
		" message @BLOB@ NOT NULL,"
		" contact @BLOB@,"
		" status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','answered','closed')),"
		" created_on TEXT NOT NULL,"
		" created_at BIGINT NOT NULL,"
		" updated_at BIGINT NOT NULL);"
		"CREATE INDEX employer_requests_org ON employer_requests (organisation_id, status);"
		"CREATE TABLE employer_request_replies ("
		" id @ID@,"
		" request_id BIGINT NOT NULL REFERENCES employer_requests(id),"
		" author_id BIGINT NOT NULL REFERENCES users(id),"
		" message @BLOB@ NOT NULL,"
		" created_at BIGINT NOT NULL);"
		"CREATE INDEX employer_request_replies_request ON employer_request_replies (request_id);"
		/* One public link per organisation; only the token's hash is kept. */
		"CREATE TABLE request_links ("
		" organisation_id BIGINT PRIMARY KEY REFERENCES organisations(id),"
		" token_hash TEXT NOT NULL UNIQUE,"
		" created_by BIGINT NOT NULL REFERENCES users(id),"
		" created_at BIGINT NOT NULL);"
		/* Submissions on a link, for the rate limit: the client address
		   only as a keyed hash, rows older than a day deleted. */
		"CREATE TABLE request_link_hits ("
		" token_hash TEXT NOT NULL,"
		" client_hash TEXT NOT NULL,"
		" at BIGINT NOT NULL);"
		"CREATE INDEX request_link_hits_token ON request_link_hits (token_hash, at);"
		/* An employee's request to be contacted: identity and text sealed. */
		"CREATE TABLE employee_requests ("
		" id @ID@,"
		" organisation_id BIGINT NOT NULL REFERENCES organisations(id),"
		" last_name @BLOB@ NOT NULL,"
		" first_name @BLOB@ NOT NULL,"
		" contact @BLOB@ NOT NULL,"
		" preference TEXT NOT NULL CHECK (preference IN ('permanence','telephone')),"
		" message @BLOB@,"
		" status TEXT NOT NULL DEFAULT 'pending'"
		" CHECK (status IN ('pending','converted','dismissed')),"
		" person_id BIGINT REFERENCES persons(id),"
		" handled_by BIGINT REFERENCES users(id),"
		" created_on TEXT NOT NULL,"
		" created_at BIGINT NOT NULL,"
		" updated_at BIGINT NOT NULL);"
		"CREATE INDEX employee_requests_org ON employee_requests (organisation_id, status);",
		NULL, NULL, NULL},
	{10, "anonymisation of persons",
		/* Set when the retention purge erased a person's identity and free
		   texts (coded statistics kept). */
		"ALTER TABLE persons ADD COLUMN anonymised_on TEXT;",
		NULL, NULL, NULL},
	{11, "published bilans",
		/* What an employer reads: the head's frozen, gated snapshot of a
		   closed year for one organisation; a correction is a new version. */
		"CREATE TABLE bilan_publications ("
		" id @ID@,"
		" organisation_id BIGINT NOT NULL REFERENCES organisations(id),"
		" year INTEGER NOT NULL,"
		" version INTEGER NOT NULL,"
		" published_at BIGINT NOT NULL,"
		" published_by BIGINT REFERENCES users(id),"
		" renderer TEXT NOT NULL,"
		" snapshot TEXT NOT NULL,"
		" UNIQUE (organisation_id, year, version));",
		"CREATE TRIGGER bilan_publications_no_update BEFORE UPDATE ON bilan_publications"
		" BEGIN SELECT RAISE(ABORT, 'bilan_publications is append-only'); END;"
		"CREATE TRIGGER bilan_publications_no_delete BEFORE DELETE ON bilan_publications"
		" BEGIN SELECT RAISE(ABORT, 'bilan_publications is append-only'); END;",
		"CREATE FUNCTION bilan_publications_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
		" BEGIN RAISE EXCEPTION 'bilan_publications is append-only'; END; $$;"
		"CREATE TRIGGER bilan_publications_no_change BEFORE UPDATE OR DELETE"
		" ON bilan_publications FOR EACH ROW EXECUTE FUNCTION bilan_publications_append_only();",
		NULL},
	{12, "vacation unit of conventions, access log by action",
		/* What an employer is billed for is rounded up, month by month, to
		   this many minutes (a vacation; 210: a half-day of 3.5 h). */
		"ALTER TABLE conventions ADD COLUMN vacation_minutes INTEGER NOT NULL DEFAULT 210"
		" CHECK (vacation_minutes BETWEEN 15 AND 1440);"
		/* The auditor's view of the report reads, without a full scan. */
		"CREATE INDEX audit_log_action ON audit_log (action, actor_id, at);",
		NULL, NULL, NULL},
	{13, "access log checkpoints and recorded head",
		/* The retention purge's checkpoints: the sequence and hash of the
		   last entry removed (MACed with the audit key), so verification
		   restarts from there.  Append-only. */
		"CREATE TABLE audit_checkpoints ("
		" id @ID@,"
		" at BIGINT NOT NULL,"
		" seq BIGINT NOT NULL,"
		" hash TEXT NOT NULL,"
		" mac TEXT NOT NULL);"
		"CREATE INDEX audit_checkpoints_seq ON audit_checkpoints (seq);"
		/* The chain's head as the writer recorded it, in the same
		   transaction as each entry: a table whose tail was cut no longer
		   matches it (an older copy of the whole database does).  It never
		   goes back. */
		"CREATE TABLE audit_head ("
		" id INTEGER PRIMARY KEY CHECK (id = 1),"
		" seq BIGINT NOT NULL,"
		" hash TEXT NOT NULL);"
		"INSERT INTO audit_head (id, seq, hash)"
		" SELECT 1, id, hash FROM audit_log ORDER BY id DESC LIMIT 1;",
		/* SQLite: a row of the log may go only when a checkpoint covers it
		   and it is a year older than that checkpoint (the purge). */
		"DROP TRIGGER audit_log_no_delete;"
		"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
		" WHEN NOT EXISTS (SELECT 1 FROM audit_checkpoints c"
		"  WHERE c.seq >= OLD.id AND OLD.at <= c.at - 31536000)"
		" BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
		"CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints"
		" BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;"
		"CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints"
		" BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;"
		"CREATE TRIGGER audit_head_no_rewind BEFORE UPDATE ON audit_head"
		" WHEN NEW.seq <= OLD.seq"
		" BEGIN SELECT RAISE(ABORT, 'audit_head never goes back'); END;"
		"CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head"
		" BEGIN SELECT RAISE(ABORT, 'audit_head never goes back'); END;",
		/* PostgreSQL: the same, and the checkpoint must have been written
		   by the deleting transaction itself; TRUNCATE is refused too. */
		"CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger"
		" LANGUAGE plpgsql AS $$ BEGIN"
		"  IF TG_OP = 'DELETE' THEN"
		"   IF EXISTS (SELECT 1 FROM audit_checkpoints c WHERE c.seq >= OLD.id"
		"    AND OLD.at <= c.at - 31536000"
		"    AND c.xmin::text = (pg_current_xact_id()::text::bigint % 4294967296)::text) THEN"
		"    RETURN OLD;"
		"   END IF;"
		"  END IF;"
		"  RAISE EXCEPTION 'audit_log is append-only'; END; $$;"
		"CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$"
		" BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$;"
		"CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log"
		" FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();"
		"CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints"
		" FOR EACH ROW EXECUTE FUNCTION audit_refuse();"
		"CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints"
		" FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();"
		"CREATE TRIGGER audit_head_no_rewind BEFORE UPDATE ON audit_head"
		" FOR EACH ROW WHEN (NEW.seq <= OLD.seq) EXECUTE FUNCTION audit_refuse();"
		"CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head"
		" FOR EACH ROW EXECUTE FUNCTION audit_refuse();"
		"CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head"
		" FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();",
		NULL},
	{14, "second factor, recovery codes, account links, session metadata",
		/* The second factor (support/totp.h): the secret sealed with the text
		   key (associated data "users.totp_secret"), the last accepted time
		   step (a code is refused unless newer), the last sign-in, and a
		   flag telling the person at her next sign-in that her account was
		   reset.  An account without a password yet has password_hash ''. */
		"ALTER TABLE users ADD COLUMN totp_secret @BLOB@;"
		"ALTER TABLE users ADD COLUMN totp_last_step BIGINT;"
		"ALTER TABLE users ADD COLUMN last_login_at BIGINT;"
		"ALTER TABLE users ADD COLUMN was_reset INTEGER NOT NULL DEFAULT 0;"
		/* Ten single-use recovery codes, keyed hashes only (support/recovery.h). */
		"CREATE TABLE recovery_codes ("
		" id @ID@,"
		" user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
		" code_hash TEXT NOT NULL,"
		" used_at BIGINT);"
		"CREATE INDEX recovery_codes_user ON recovery_codes (user_id);"
		/* Enrolment and reset links: the token's hash only, valid 72 hours,
		   used once; the TOTP secret proposed with the link, sealed
		   (associated data "account_links.totp_secret"). */
		"CREATE TABLE account_links ("
		" id @ID@,"
		" token_hash TEXT NOT NULL UNIQUE,"
		" user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
		" kind TEXT NOT NULL CHECK (kind IN ('enrolment','reset')),"
		" created_at BIGINT NOT NULL,"
		" expires_at BIGINT NOT NULL,"
		" used_at BIGINT,"
		" totp_secret @BLOB@);"
		"CREATE INDEX account_links_user ON account_links (user_id);"
		/* What the person sees of her sessions. */
		"ALTER TABLE sessions ADD COLUMN user_agent TEXT;"
		"ALTER TABLE sessions ADD COLUMN client_addr TEXT;",
		NULL, NULL, NULL},

	/* Issue 13: a progressive delay instead of a lock (domain/throttle.h).
	   The login is kept as a keyed hash (it may be a mistyped password). */
	{15, "sign-in throttling counters and device cookies",
		"CREATE TABLE throttle_logins ("
		" login_key TEXT NOT NULL,"
		" client_addr TEXT NOT NULL,"
		" failures BIGINT NOT NULL,"
		" last_failure BIGINT NOT NULL,"
		" PRIMARY KEY (login_key, client_addr));"
		"CREATE TABLE throttle_addresses ("
		" client_addr TEXT PRIMARY KEY,"
		" failures BIGINT NOT NULL,"
		" last_failure BIGINT NOT NULL);"
		"CREATE TABLE device_cookies ("
		" token_hash TEXT PRIMARY KEY,"
		" user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
		" created_at BIGINT NOT NULL);"
		"CREATE INDEX device_cookies_user ON device_cookies (user_id);",
		NULL, NULL, NULL},
	{16, "two-person rule: proposals awaiting a second person",
		/* What takes effect only once a second person confirms
		   (service/twoperson.h): an account for a worker or a head, its
		   reset or re-enablement, a caseload transfer, a case handed over.
		   subject_id is the account concerned (the account reset or
		   re-enabled; the worker whose caseload or case moves); target_id
		   the receiving worker, who alone may accept.  The rule's switch
		   is the setting two_person_rule ("off"; absent: on). */
		"CREATE TABLE proposals ("
		" id @ID@,"
		" kind TEXT NOT NULL CHECK (kind IN ('account_create','account_reset',"
		"'account_enable','caseload_transfer','case_handover')),"
		" status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','confirmed',"
		"'refused','withdrawn')),"
		" proposer_id BIGINT NOT NULL REFERENCES users(id),"
		" subject_id BIGINT REFERENCES users(id),"
		" target_id BIGINT REFERENCES users(id),"
		" case_id BIGINT REFERENCES cases(id),"
		" login TEXT,"
		" name TEXT,"
		" role TEXT,"
		" created_at BIGINT NOT NULL,"
		" decided_by BIGINT REFERENCES users(id),"
		" decided_at BIGINT);"
		"CREATE INDEX proposals_status ON proposals (status, kind);"
		"CREATE INDEX proposals_proposer ON proposals (proposer_id);",
		NULL, NULL, NULL},
	{17, "shares end for good, reception role",
		/* The keyed index of a person's identity (service/persons.c): a MAC
		   under a subkey of the master key over the folded names and the
		   birth date, so that a similar person is found without the names
		   in clear.  NULL when the identity is not complete. */
		"ALTER TABLE persons ADD COLUMN identity_key TEXT;"
		"CREATE INDEX persons_identity ON persons (identity_key);"
		/* Each check of a full identity at a person's creation, per worker:
		   the rate limit (matched: a similar person was followed). */
		"CREATE TABLE identity_checks ("
		" id @ID@,"
		" user_id BIGINT NOT NULL REFERENCES users(id),"
		" at BIGINT NOT NULL,"
		" matched INTEGER NOT NULL);"
		"CREATE INDEX identity_checks_user_at ON identity_checks (user_id, at);"
		/* The name a reception account typed when booking an appointment
		   without a person record; shown to that account and the worker. */
		"ALTER TABLE appointments ADD COLUMN contact_name TEXT;",
		/* SQLite: the users' role CHECK gains 'reception'.  SQLite cannot
		   alter a CHECK and rebuilding users would cascade to its
		   dependants: the documented writable_schema edit, which only
		   widens the constraint; the guard table fails the migration when
		   the edit did not take. */
		"PRAGMA writable_schema=ON;"
		"UPDATE sqlite_master SET sql = replace(sql,"
		" 'CHECK (role IN (''admin'',''head'',''worker'',''employer'',''auditor''))',"
		" 'CHECK (role IN (''admin'',''head'',''worker'',''employer'',''auditor'',''reception''))')"
		" WHERE type = 'table' AND name = 'users';"
		"PRAGMA writable_schema=RESET;"
		"CREATE TEMP TABLE migration_17_guard (ok INTEGER CHECK (ok = 1));"
		"INSERT INTO migration_17_guard SELECT COUNT(*) FROM sqlite_master"
		" WHERE type = 'table' AND name = 'users' AND sql LIKE '%''reception''%';"
		"DROP TABLE migration_17_guard;",
		/* PostgreSQL: the same constraint, replaced. */
		"ALTER TABLE users DROP CONSTRAINT users_role_check;"
		"ALTER TABLE users ADD CONSTRAINT users_role_check"
		" CHECK (role IN ('admin','head','worker','employer','auditor','reception'));",
		NULL},

	{18, "OpenID Connect: sign-in attempts, links to provider accounts, pending second factors",
		/* One row per attempt (sign-in or link): the state's hash, the browser it
		   was started in (hash of a cookie), the nonce and PKCE verifier; single
		   use (deleted when the provider answers) and short-lived. */
		"CREATE TABLE oidc_attempts ("
		" state_hash TEXT PRIMARY KEY,"
		" browser_hash TEXT NOT NULL,"
		" purpose TEXT NOT NULL CHECK (purpose IN ('signin','link')),"
		" user_id BIGINT REFERENCES users(id) ON DELETE CASCADE,"
		" nonce TEXT NOT NULL,"
		" verifier TEXT NOT NULL,"
		" created_at BIGINT NOT NULL,"
		" expires_at BIGINT NOT NULL);"
		"CREATE INDEX oidc_attempts_expires ON oidc_attempts (expires_at);"
		/* An account is linked to one subject of an issuer, never by e-mail. */
		"CREATE TABLE oidc_links ("
		" issuer TEXT NOT NULL,"
		" subject TEXT NOT NULL,"
		" user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
		" created_at BIGINT NOT NULL,"
		" PRIMARY KEY (issuer, subject),"
		" UNIQUE (issuer, user_id));"
		/* After the provider, before the local second factor: the hash of a
		   one-time token handed to the browser. */
		"CREATE TABLE oidc_pending ("
		" token_hash TEXT PRIMARY KEY,"
		" user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
		" created_at BIGINT NOT NULL,"
		" expires_at BIGINT NOT NULL);",
		NULL, NULL, NULL},

	{19, "identity sealed, blind index of the names",
		/* The identity becomes sealed text bound to its row
		   ("persons.last_name#id", service/internal.h): the clear columns
		   are renamed *_clear here and read once by the sealing step that
		   needs the key (persons_index.c, run by `relais init` when the
		   setting identity_seal_pending is present), which then drops
		   them.  The birth year stays in clear for the bilan's age bands.
		   search_name gives way to keyed hashes of the folded names'
		   prefixes (person_search_terms). */
		"ALTER TABLE persons RENAME COLUMN last_name TO last_name_clear;"
		"ALTER TABLE persons RENAME COLUMN first_name TO first_name_clear;"
		"ALTER TABLE persons RENAME COLUMN birth_date TO birth_date_clear;"
		"ALTER TABLE persons RENAME COLUMN job_title TO job_title_clear;"
		"ALTER TABLE persons RENAME COLUMN phone TO phone_clear;"
		"ALTER TABLE persons RENAME COLUMN email TO email_clear;"
		"ALTER TABLE persons ADD COLUMN last_name @BLOB@;"
		"ALTER TABLE persons ADD COLUMN first_name @BLOB@;"
		"ALTER TABLE persons ADD COLUMN birth_date @BLOB@;"
		"ALTER TABLE persons ADD COLUMN job_title @BLOB@;"
		"ALTER TABLE persons ADD COLUMN phone @BLOB@;"
		"ALTER TABLE persons ADD COLUMN email @BLOB@;"
		"ALTER TABLE persons ADD COLUMN address @BLOB@;"
		"ALTER TABLE persons ADD COLUMN birth_year INTEGER;"
		"UPDATE persons SET birth_year = CAST(SUBSTR(birth_date_clear, 1, 4) AS INTEGER)"
		" WHERE birth_date_clear IS NOT NULL;"
		/* One row per distinct term of a person: hex of a keyed BLAKE2b. */
		"CREATE TABLE person_search_terms ("
		" person_id BIGINT NOT NULL REFERENCES persons(id),"
		" term TEXT NOT NULL,"
		" PRIMARY KEY (term, person_id));"
		"CREATE INDEX person_search_terms_person ON person_search_terms (person_id);"
		"ALTER TABLE shares RENAME COLUMN reason TO reason_clear;"
		"ALTER TABLE shares ADD COLUMN reason @BLOB@;"
		"ALTER TABLE appointments RENAME COLUMN contact_name TO contact_name_clear;"
		"ALTER TABLE appointments ADD COLUMN contact_name @BLOB@;",
		NULL,
		/* PostgreSQL: the clear columns may stay empty until dropped. */
		"ALTER TABLE persons ALTER COLUMN last_name_clear DROP NOT NULL;"
		"ALTER TABLE persons ALTER COLUMN first_name_clear DROP NOT NULL;"
		"ALTER TABLE persons ALTER COLUMN search_name DROP NOT NULL;"
		"ALTER TABLE shares ALTER COLUMN reason_clear DROP NOT NULL;",
		"INSERT INTO settings (name, value) VALUES ('identity_seal_pending', '1');"},
	{20, "row-bound sealing, key rotation",
		/* The sealed values written so far are bound to their column only:
		   app_init_database re-seals them bound to their row, then writes
		   sealed_aad = row.  A key rotation (relais key rotate) records how
		   far it went through each sealed column here, to resume. */
		"CREATE TABLE seal_progress ("
		" task TEXT NOT NULL,"
		" tbl TEXT NOT NULL,"
		" col TEXT NOT NULL,"
		" last_id BIGINT NOT NULL,"
		" done INTEGER NOT NULL DEFAULT 0,"
		" PRIMARY KEY (task, tbl, col));"
		"INSERT INTO settings (name, value) VALUES ('sealed_aad', 'column');",
		NULL, NULL, NULL},

	{21, "the person's rights: erasure requests and corrections on request",
		/* Erasure on request (RGPD art. 17, service/rights.h): asked by the
		   référent with a reason (sealed, bound to its row), confirmed or
		   refused by a head; confirming anonymises the person at once. */
		"CREATE TABLE erasure_requests ("
		" id @ID@,"
		" person_id BIGINT NOT NULL REFERENCES persons(id),"
		" requested_by BIGINT NOT NULL REFERENCES users(id),"
		" requested_at BIGINT NOT NULL,"
		" reason @BLOB@,"
		" status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','erased',"
		"'refused')),"
		" decided_by BIGINT REFERENCES users(id),"
		" decided_at BIGINT);"
		"CREATE INDEX erasure_requests_status ON erasure_requests (status, decided_at);"
		"CREATE INDEX erasure_requests_person ON erasure_requests (person_id);"
		/* Corrections on request (RGPD art. 16): who, when, which fields
		   (their names, never a value) and why (sealed, bound to its row). */
		"CREATE TABLE person_corrections ("
		" id @ID@,"
		" person_id BIGINT NOT NULL REFERENCES persons(id),"
		" corrected_by BIGINT NOT NULL REFERENCES users(id),"
		" corrected_at BIGINT NOT NULL,"
		" fields TEXT NOT NULL,"
		" reason @BLOB@);"
		"CREATE INDEX person_corrections_person ON person_corrections (person_id);",
		NULL, NULL, NULL},

	/* Issue 14: retention for everything (service/retention.h). */
	{22, "retention: the archives service's visas, public bodies' kinds",
		/* For a public body's records (archives publiques), the visa
		   d'élimination the head recorded for a bordereau: the purge of
		   those records runs for what was due on bordereau_on. */
		"CREATE TABLE retention_visas ("
		" id @ID@,"
		" bordereau_on TEXT NOT NULL,"
		" visa_on TEXT NOT NULL,"
		" reference TEXT NOT NULL,"
		" recorded_by BIGINT REFERENCES users(id),"
		" recorded_at BIGINT NOT NULL,"
		" CHECK (visa_on >= bordereau_on));",
		NULL, NULL,
		/* The public bodies a workplace social service serves most. */
		"INSERT INTO ref_items (list, code, label, parent, position) VALUES"
		" ('organisation_kind', 'cig', 'Centre de gestion (CIG, CDG)', NULL, 6),"
		" ('organisation_kind', 'ccas', 'CCAS, CIAS', NULL, 7),"
		" ('organisation_kind', 'recherche', 'Organisme public de recherche', NULL, 8);"},

	/* Issue 15: indexes for the lists' pages (service/paging.h), each
	   in its list's order with the id that breaks ties. */
	{23, "paging: indexes in the order of the caseload and the requests",
		"CREATE INDEX cases_referent_opened ON cases (referent_id, opened_on, id);"
		"CREATE INDEX employer_requests_created ON employer_requests"
		" (organisation_id, created_at, id);"
		"CREATE INDEX employee_requests_created ON employee_requests"
		" (organisation_id, status, created_at, id);",
		NULL, NULL, NULL},

	/* Issue 16: attachments on a case (service/attachments.h).  The file
	   is a secretstream under a key of its own, in chunks; that key, the
	   file's name, its title and a deletion's reason are sealed (bound to
	   the row), so key rotation re-wraps them with the other values.  A
	   deleted attachment keeps its row (a tombstone) without its chunks. */
	{24, "attachments on a case, encrypted at rest in chunks",
		"CREATE TABLE attachments ("
		" id @ID@,"
		" case_id BIGINT NOT NULL REFERENCES cases(id),"
		" author_id BIGINT NOT NULL REFERENCES users(id),"
		" kind TEXT NOT NULL CHECK (kind IN ('pdf','jpeg','png','document')),"
		" size_bytes BIGINT NOT NULL,"
		" created_at BIGINT NOT NULL,"
		" file_name @BLOB@,"
		" title @BLOB@,"
		" file_key @BLOB@,"
		" deleted_at BIGINT,"
		" deleted_by BIGINT REFERENCES users(id),"
		" delete_reason @BLOB@);"
		"CREATE INDEX attachments_case ON attachments (case_id, created_at, id);"
		/* data is the file key's secretstream, not a value sealed under
		   the text key: store/whole.c leaves this table to the walkers. */
		"CREATE TABLE attachment_chunks ("
		" attachment_id BIGINT NOT NULL REFERENCES attachments(id),"
		" seq INTEGER NOT NULL,"
		" data @BLOB@ NOT NULL,"
		" PRIMARY KEY (attachment_id, seq));",
		NULL, NULL, NULL},

	/* Issue 16: letter templates and the letters generated from them
	   (service/letters.h). */
	{25, "letters: templates and generated documents",
		/* A template: an .odt the head or the admin uploads (or one shipped
		   with relais, code set), its merge fields (names joined by ','),
		   its bytes in base64 (no personal data: not sealed). */
		"CREATE TABLE letter_templates ("
		" id @ID@,"
		" code TEXT UNIQUE,"
		" name TEXT NOT NULL,"
		" category TEXT NOT NULL,"
		" active INTEGER NOT NULL DEFAULT 1,"
		" fields TEXT NOT NULL,"
		" odt TEXT NOT NULL,"
		" uploaded_by BIGINT REFERENCES users(id),"
		" uploaded_at BIGINT NOT NULL);"
		/* A letter generated in a case: its title and its .odt (base64)
		   sealed, bound to the row; the partner it is addressed to and the
		   date of the person's consent to share, when it names one. */
		"CREATE TABLE letters ("
		" id @ID@,"
		" case_id BIGINT NOT NULL REFERENCES cases(id),"
		" template_id BIGINT NOT NULL REFERENCES letter_templates(id),"
		" partner_id BIGINT REFERENCES partners(id),"
		" share_consent_on TEXT,"
		" created_by BIGINT NOT NULL REFERENCES users(id),"
		" created_at BIGINT NOT NULL,"
		" title @BLOB@,"
		" odt @BLOB@);"
		"CREATE INDEX letters_case ON letters (case_id, id);",
		NULL, NULL, NULL},

	/* Issue 17: correcting records (service/corrections.h).  Each edit
	   or deletion of a record after the fact: which record, who, when,
	   which fields (their names, never a value) and why (sealed, bound to
	   its row).  A deletion erases the record itself; this row is its
	   tombstone for the audit trail. */
	{26, "corrections: edits and deletions of records, with their reason",
		"CREATE TABLE record_corrections ("
		" id @ID@,"
		" kind TEXT NOT NULL,"
		" record_id BIGINT NOT NULL,"
		" case_id BIGINT REFERENCES cases(id),"
		" operation TEXT NOT NULL CHECK (operation IN ('edit','delete')),"
		" fields TEXT NOT NULL,"
		" done_by BIGINT NOT NULL REFERENCES users(id),"
		" done_at BIGINT NOT NULL,"
		" reason @BLOB@);"
		"CREATE INDEX record_corrections_record ON record_corrections (kind, record_id);"
		"CREATE INDEX record_corrections_case ON record_corrections (case_id);",
		NULL, NULL, NULL},

	/* Issue 17: where the morning digest goes (a staff address, not a
	   person's: the digest itself holds only counts). */
	{27, "users: an e-mail address for the morning digest",
		"ALTER TABLE users ADD COLUMN email TEXT;",
		NULL, NULL, NULL},

	/* Issue 17: duplicates.  The keyed indexes of a person's phone and
	   e-mail (service/persons.h, persons_contact_key): MACs under the
	   identity subkey over the normalised value, never the value.  NULL
	   when not recorded; rows written before are filled at `relais init`
	   (persons_identity_backfill), as migration 17's identity_key was. */
	{28, "persons: keyed indexes of the phone and the e-mail (duplicates)",
		"ALTER TABLE persons ADD COLUMN phone_key TEXT;"
		"ALTER TABLE persons ADD COLUMN email_key TEXT;"
		"CREATE INDEX persons_phone_key ON persons (phone_key);"
		"CREATE INDEX persons_email_key ON persons (email_key);",
		NULL, NULL, NULL},

	/* Issue 17: the legal exceptions to secrecy (service/secrecy.h) — a
	   signalement, an information préoccupante, an answer to a judicial
	   réquisition — recorded on a case: its kind and legal basis as codes
	   (domain/secrecy.h), its recipient, what was sent and the precision
	   of "another legal obligation" sealed, bound to the row.  Never
	   counted anywhere.  And the date the information notice (RGPD art.
	   13) was handed to the person. */
	{29, "secrecy liftings on a case; the information notice given to a person",
		"CREATE TABLE secrecy_liftings ("
		" id @ID@,"
		" case_id BIGINT NOT NULL REFERENCES cases(id),"
		" kind TEXT NOT NULL,"
		" legal_basis TEXT NOT NULL,"
		" lifted_on TEXT NOT NULL,"
		" recipient @BLOB@,"
		" what_sent @BLOB@,"
		" basis_detail @BLOB@,"
		" recorded_by BIGINT NOT NULL REFERENCES users(id),"
		" recorded_at BIGINT NOT NULL);"
		"CREATE INDEX secrecy_liftings_case ON secrecy_liftings (case_id, lifted_on, id);"
		"ALTER TABLE persons ADD COLUMN notice_given_on TEXT;",
		NULL, NULL, NULL},

	/* Issue 17: every consent change kept (service/persons.h).  One row
	   per change of a person's consent to be accompanied (its date) or to
	   be counted in statistics (given 1, withdrawn 0): the date it applies
	   from, when and by whom it was recorded (NULL: the command line or an
	   import).  Only ever inserted; deleted with the person's other rows
	   when she is anonymised (service/purge.c).  The persons recorded so
	   far get their consents as they stand. */
	{30, "consent changes: the history of each person's consents",
		"CREATE TABLE consent_changes ("
		" id @ID@,"
		" person_id BIGINT NOT NULL REFERENCES persons(id),"
		" kind TEXT NOT NULL CHECK (kind IN ('accompaniment','statistics')),"
		" given INTEGER NOT NULL CHECK (given IN (0, 1)),"
		" on_date TEXT NOT NULL,"
		" recorded_at BIGINT NOT NULL,"
		" actor_id BIGINT REFERENCES users(id));"
		"CREATE INDEX consent_changes_person ON consent_changes (person_id, id);"
		"INSERT INTO consent_changes (person_id, kind, given, on_date, recorded_at, actor_id)"
		" SELECT id, 'accompaniment', 1, consent_accompaniment_on, created_at, NULL"
		" FROM persons WHERE anonymised_on IS NULL ORDER BY id;"
		"INSERT INTO consent_changes (person_id, kind, given, on_date, recorded_at, actor_id)"
		" SELECT id, 'statistics', CASE WHEN consent_statistics = 0 THEN 0 ELSE 1 END,"
		" COALESCE(consent_statistics_on, consent_accompaniment_on), updated_at, NULL"
		" FROM persons WHERE anonymised_on IS NULL ORDER BY id;",
		NULL, NULL, NULL},
	/* Issue 15: the head's dashboard counts the service's appointments of
	   the coming days; by their start rather than a scan of all of them. */
	{31, "appointments: an index by start",
		"CREATE INDEX appointments_start ON appointments (start_at);",
		NULL, NULL, NULL},
	/* Issue 15: one organisation's bilan reads its persons, their cases and
	   the cases' interventions through three indexes; each now carries the
	   columns the bilan counts, so the reads stay in the indexes (no visit
	   of each row in its table, whose pages are scattered across a large
	   service).  interventions_case keeps its (case_id, date) order, the
	   id after it, for the case page's paging. */
	{32, "the bilan's indexes carry the columns it counts",
		"DROP INDEX persons_organisation;"
		"CREATE INDEX persons_organisation ON persons (organisation_id, consent_statistics,"
		" id, status, category, family_situation, sex, birth_year);"
		"DROP INDEX cases_person;"
		"CREATE INDEX cases_person ON cases (person_id, opened_on, closed_on, id, outcome,"
		" referral_source);"
		"DROP INDEX interventions_case;"
		"CREATE INDEX interventions_case ON interventions (case_id, date, id, mode, kind,"
		" duration_minutes);",
		NULL, NULL, NULL},
	/* Issue 15: each person's span of activity — from the earliest to the
	   latest date any of her cases, interventions, aids, orientations and
	   sick leaves bears ('9999-12-31' for an open case or leave) — so that
	   one organisation's bilan reads only the persons active in its year
	   rather than every person the organisation ever had.  The span only
	   has to cover those dates (wider is never wrong, narrower would be):
	   triggers widen it on every insert and change of a dated row, and
	   compute it again from the rows when a case's dates or person change
	   (a case closes: the span ends).  A deletion leaves it as it was. */
	{33, "persons: their span of activity, kept by triggers",
		"ALTER TABLE persons ADD COLUMN active_from TEXT;"
		"ALTER TABLE persons ADD COLUMN active_to TEXT;"
		"CREATE TEMPORARY TABLE person_spans AS SELECT x.person_id, MIN(x.f) AS f,"
		" MAX(x.t) AS t FROM (" SPAN_DATES("person_id", "") ") x GROUP BY x.person_id;"
		"CREATE INDEX person_spans_id ON person_spans (person_id);"
		"UPDATE persons SET"
		" active_from = (SELECT s.f FROM person_spans s WHERE s.person_id = persons.id),"
		" active_to = (SELECT s.t FROM person_spans s WHERE s.person_id = persons.id);"
		"DROP TABLE person_spans;"
		"DROP INDEX persons_organisation;"
		"CREATE INDEX persons_organisation ON persons (organisation_id, consent_statistics,"
		" active_to, active_from, id, status, category, family_situation, sex, birth_year);",
		SPAN_TRIGGERS_SQLITE, SPAN_TRIGGERS_POSTGRES, NULL},
	/* Issue 15: consent to statistics is 0 (no) or 1 (yes), and now the
	   schema says so.  One organisation's hours read its persons whatever
	   their consent; with the two values known, "consent_statistics IN
	   (0, 1)" lets the index of migration 33 read them as two ranges of
	   the persons active in the year, rather than every person the
	   organisation ever had.  relais only ever wrote 0 or 1; another value
	   (written by hand) counted as consent when migration 30 recorded the
	   consents: it becomes 1.  SQLite cannot add a CHECK to a table:
	   triggers refuse the other values there. */
	{34, "persons: consent to statistics is 0 or 1",
		"UPDATE persons SET consent_statistics = 1 WHERE consent_statistics NOT IN (0, 1);",
		"CREATE TRIGGER persons_consent_statistics_insert BEFORE INSERT ON persons"
		" WHEN NEW.consent_statistics NOT IN (0, 1)"
		" BEGIN SELECT RAISE(ABORT, 'persons.consent_statistics must be 0 or 1'); END;"
		"CREATE TRIGGER persons_consent_statistics_update"
		" BEFORE UPDATE OF consent_statistics ON persons"
		" WHEN NEW.consent_statistics NOT IN (0, 1)"
		" BEGIN SELECT RAISE(ABORT, 'persons.consent_statistics must be 0 or 1'); END;",
		"ALTER TABLE persons ADD CONSTRAINT persons_consent_statistics"
		" CHECK (consent_statistics IN (0, 1));",
		NULL},
};

const int migrations_count = (int)(sizeof migrations / sizeof migrations[0]);
