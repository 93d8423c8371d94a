/*
 * statements — the one table of SQL.  See statements.h.
 *
 * Conventions: ids are BIGINT, times are Unix seconds (BIGINT), booleans
 * are 0/1 integers, hashes and tokens are lowercase hex or base64url text.
 */
#include <stddef.h>

#include "store/backend.h"
#include "store/statements.h"

#define AUDIT_COLUMNS \
	"id, at, actor_id, actor_login, action, object_type, object_id, client_addr, prev_hash, hash"

/* The access log's search (ST_AUDIT_FIND_*): $1 person id as text ('' any;
   an entry on a person is "ID" or "ID;detail", as person.export's count),
   $2 the same as a number, $3 account (0 any), $4 action ('' any), $5 $6 the
   time range [from, until). */
#define AUDIT_FIND_OF_CASES(type, table) \
	" OR (object_type = '" type "' AND object_id IN (SELECT CAST(x.id AS TEXT)" \
	" FROM " table " x JOIN cases c ON c.id = x.case_id WHERE c.person_id = $2))"
#define AUDIT_FIND \
	"($1 = '' OR (object_type = 'person' AND (object_id = $1" \
	" OR object_id LIKE $1 || ';%'))" \
	" OR (object_type = 'case' AND object_id IN" \
	" (SELECT CAST(id AS TEXT) FROM cases WHERE person_id = $2))" \
	AUDIT_FIND_OF_CASES("aid", "aids") AUDIT_FIND_OF_CASES("orientation", "orientations") \
	AUDIT_FIND_OF_CASES("intervention", "interventions") \
	AUDIT_FIND_OF_CASES("secrecy_lifting", "secrecy_liftings") \
	" OR (object_type = 'appointment' AND object_id IN" \
	" (SELECT CAST(id AS TEXT) FROM appointments WHERE person_id = $2)))" \
	" AND ($3 = 0 OR actor_id = $3) AND ($4 = '' OR action = $4) AND at >= $5 AND at < $6"

/* A person as read back (columns: enum person_col in statements.h). */
#define PERSON_COLUMNS                                                                        \
	"p.id, o.code, u.login, p.last_name, p.first_name, p.birth_date, p.sex, p.status,"      \
	" p.category, p.family_situation, p.job_title, p.phone, p.email,"                       \
	" p.consent_accompaniment_on, p.consent_statistics, p.consent_statistics_on,"           \
	" p.created_at, p.updated_at, p.address, p.birth_year, p.notice_given_on"
#define PERSON_FROM                                                                           \
	" FROM persons p JOIN organisations o ON o.id = p.organisation_id"                      \
	" LEFT JOIN users u ON u.id = p.referent_id"
#define PERSON_SELECT "SELECT " PERSON_COLUMNS PERSON_FROM

/* A case as read back (columns: enum case_col in statements.h). */
#define CASE_SELECT                                                                           \
	"SELECT c.id, c.person_id, p.last_name, p.first_name, u.login, c.opened_on,"           \
	" c.closed_on, c.referral_source, c.outcome, c.diagnosis, c.action_plan,"               \
	" c.created_at, c.updated_at"                                                           \
	" FROM cases c JOIN persons p ON p.id = c.person_id JOIN users u ON u.id = c.referent_id"

/* The SQLite text of an access hold (statements.h), never run there. */
#define HOLD_SQLITE "SELECT $1"

/* User U may open case c: its référent, or holder of a live share (T: today). */
#define CASE_VISIBLE(U, T)                                                                    \
	"(c.referent_id = " U " OR EXISTS (SELECT 1 FROM shares s WHERE s.case_id = c.id"     \
	" AND s.user_id = " U " AND s.ended_at IS NULL AND s.until >= " T "))"

/*
 * A person's timeline (service/person_page.h, issue 17): one row per event
 * of the person ($1) and of her cases user $2 may open on $3 (CASE_VISIBLE),
 * of the kinds whose bit is set in $4 (enum timeline_kind_bit).  Columns
 * (enum timeline_col): its day (YYYY-MM-DD), its rank (enum
 * timeline_event: the order of a day's events), the record's id, its case
 * (NULL for the person's own), three codes, a number and a name, their
 * meaning by event in service/person_page.h.  No free text.  Times (Unix
 * seconds) become days at the UTC offset $5 (DAY: the one expression that
 * differs between SQLite and PostgreSQL).
 */
#define TL_DAY_SQLITE(x) "date(" x " + $5, 'unixepoch')"
#define TL_DAY_PG(x) "to_char(to_timestamp(" x " + $5) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
#define TL_CASES(bit) " FROM cases c WHERE c.person_id = $1 AND " CASE_VISIBLE("$2", "$3") \
	" AND ($4 & " bit ") <> 0"
#define TL_OF_CASES(table, bit) " FROM " table " JOIN cases c ON c.id = x.case_id" \
	" WHERE c.person_id = $1 AND " CASE_VISIBLE("$2", "$3") " AND ($4 & " bit ") <> 0"
/* A consent change's code1 is the one before it of the same kind: the
   accompaniment's former date, the statistics' former choice ('1' given,
   '0' withdrawn); NULL for the first. */
#define TIMELINE(DAY) \
	"SELECT x.on_date AS day, CASE WHEN x.kind = 'accompaniment' THEN 1 ELSE 2 END AS rank," \
	" x.id AS id, CAST(NULL AS BIGINT) AS case_id, (SELECT CASE WHEN y.kind = 'accompaniment'" \
	" THEN y.on_date ELSE CAST(y.given AS TEXT) END FROM consent_changes y" \
	" WHERE y.person_id = x.person_id AND y.kind = x.kind AND y.id < x.id" \
	" ORDER BY y.id DESC LIMIT 1) AS code1," \
	" CAST(NULL AS TEXT) AS code2, CAST(NULL AS TEXT) AS code3, CAST(x.given AS BIGINT) AS num," \
	" CAST(NULL AS TEXT) AS name FROM consent_changes x WHERE x.person_id = $1" \
	" AND ($4 & 1) <> 0" \
	" UNION ALL SELECT c.opened_on, 3, c.id, c.id, c.referral_source, NULL, NULL, NULL, NULL" \
	TL_CASES("2") \
	" UNION ALL SELECT " DAY("s.created_at") ", 4, s.id, c.id, NULL, NULL, NULL, NULL, u.name" \
	" FROM shares s JOIN users u ON u.id = s.user_id JOIN cases c ON c.id = s.case_id" \
	" WHERE c.person_id = $1 AND " CASE_VISIBLE("$2", "$3") " AND ($4 & 128) <> 0" \
	" UNION ALL SELECT SUBSTR(a.start_at, 1, 10), 5, a.id, NULL, a.mode, a.status," \
	" SUBSTR(a.start_at, 12, 5), NULL, NULL FROM appointments a WHERE a.person_id = $1" \
	" AND ($4 & 64) <> 0 AND (a.worker_id = $2 OR EXISTS (SELECT 1 FROM interventions i" \
	" JOIN cases c ON c.id = i.case_id WHERE i.id = a.intervention_id" \
	" AND " CASE_VISIBLE("$2", "$3") "))" \
	" UNION ALL SELECT x.date, 6, x.id, c.id, x.mode, x.kind, NULL, x.duration_minutes, NULL" \
	TL_OF_CASES("interventions x", "4") \
	" UNION ALL SELECT x.submitted_on, 7, x.id, c.id, x.kind, x.funder, NULL," \
	" x.amount_requested_cents, NULL" TL_OF_CASES("aids x", "8") \
	" UNION ALL SELECT x.decided_on, 8, x.id, c.id, x.kind, x.funder, x.decision," \
	" x.amount_granted_cents, NULL" TL_OF_CASES("aids x", "8") \
	" AND x.decided_on IS NOT NULL" \
	" UNION ALL SELECT x.sent_on, 9, x.id, c.id, NULL, NULL, NULL, NULL, pa.name" \
	TL_OF_CASES("orientations x JOIN partners pa ON pa.id = x.partner_id", "16") \
	" UNION ALL SELECT x.answered_on, 10, x.id, c.id, x.status, NULL, NULL, NULL, pa.name" \
	TL_OF_CASES("orientations x JOIN partners pa ON pa.id = x.partner_id", "16") \
	" AND x.answered_on IS NOT NULL" \
	" UNION ALL SELECT x.start_on, 11, x.id, c.id, x.kind, x.end_on, NULL, NULL, NULL" \
	TL_OF_CASES("sick_leaves x", "32") \
	" UNION ALL SELECT x.start_on, 12, x.id, c.id, NULL, x.end_on, NULL, x.percent, NULL" \
	TL_OF_CASES("therapeutic_part_times x", "32") \
	" UNION ALL SELECT " DAY("x.created_at") ", 13, x.id, c.id, x.kind, NULL, NULL, NULL, NULL" \
	TL_OF_CASES("attachments x", "256") " AND x.deleted_at IS NULL" \
	" UNION ALL SELECT " DAY("x.created_at") ", 14, x.id, c.id, pa.name, NULL, NULL, NULL," \
	" t.name" TL_OF_CASES("letters x JOIN letter_templates t ON t.id = x.template_id" \
			      " LEFT JOIN partners pa ON pa.id = x.partner_id", "256") \
	" UNION ALL SELECT CASE WHEN s.ended_at IS NULL THEN s.until ELSE " DAY("s.ended_at") \
	" END, 15, s.id, c.id, NULL, NULL, NULL, NULL, u.name" \
	" FROM shares s JOIN users u ON u.id = s.user_id JOIN cases c ON c.id = s.case_id" \
	" WHERE c.person_id = $1 AND " CASE_VISIBLE("$2", "$3") " AND ($4 & 128) <> 0" \
	" AND (s.ended_at IS NOT NULL OR s.until < $3)" \
	" UNION ALL SELECT c.closed_on, 16, c.id, c.id, c.outcome, NULL, NULL, NULL, NULL" \
	TL_CASES("2") " AND c.closed_on IS NOT NULL" \
	" UNION ALL SELECT x.lifted_on, 17, x.id, c.id, x.kind, x.legal_basis, NULL, NULL, NULL" \
	TL_OF_CASES("secrecy_liftings x", "512")
/* Its page: newest first, after ($6 day, $7 rank, $8 id), $9 rows. */
#define TIMELINE_PAGE(DAY) \
	"SELECT day, rank, id, case_id, code1, code2, code3, num, name FROM (" TIMELINE(DAY) ") t" \
	" WHERE day < $6 OR (day = $6 AND (rank < $7 OR (rank = $7 AND id < $8)))" \
	" ORDER BY day DESC, rank DESC, id DESC LIMIT $9"

/* Case c's status is S: 'open', 'closed' or 'all'. */
#define CASE_STATUS(S)                                                                        \
	"(" S " = 'all' OR (" S " = 'open' AND c.closed_on IS NULL)"                           \
	" OR (" S " = 'closed' AND c.closed_on IS NOT NULL))"

/* User U may open person p: référent of the person or of one of its cases,
   or holder of a live share of one (T: today).  Same as ST_PERSON_ACCESS. */
#define PERSON_VISIBLE(U, T)                                                                  \
	"(p.referent_id = " U " OR EXISTS (SELECT 1 FROM cases c2 WHERE c2.person_id = p.id"   \
	" AND c2.referent_id = " U ") OR EXISTS (SELECT 1 FROM shares s2 JOIN cases c3"         \
	" ON c3.id = s2.case_id WHERE c3.person_id = p.id AND s2.user_id = " U                  \
	" AND s2.ended_at IS NULL AND s2.until >= " T "))"

/* The scope of a bilan's statement: column col belongs to the organisation
   whose id is parameter $n.  IN_SCOPE: that id, or 0 for the whole service
   (the condition then uses no index: the service's bilan reads every row);
   IN_ORG: that id, never 0, which drives the plan through the index on col
   (one organisation's bilan reads only that organisation's rows, issue 15). */
#define IN_SCOPE(col, n) "($" n " = 0 OR " col " = $" n ")"
#define IN_ORG(col, n) col " = $" n
/* Persons counted in a bilan: consent to statistics, in scope ($3, as
   SCOPE: IN_SCOPE or IN_ORG says).  One organisation's bilan also keeps
   only the persons whose span of activity (migration 33: it covers every
   date of their cases, interventions, aids, orientations and sick leaves)
   meets the period $1..$2, which its index reads as a range: the persons
   of other years are never visited. */
#define IN_SCOPE_ACTIVE(F, T) ""
#define IN_ORG_ACTIVE(F, T) " AND p.active_to >= $" F " AND p.active_from <= $" T
/* One organisation's rows are few (thousands): its statements hand them
   to the caller, who adds them up, rather than have SQLite sort them into
   groups (the sorter cost more than the reads).  SCOPE##_ROWS(grouped,
   each): the text for the service's grouped statement, or for one row. */
#define IN_SCOPE_ROWS(grouped, each) grouped
#define IN_ORG_ROWS(grouped, each) each
/* Persons whatever their consent (the hours spent): for one organisation,
   said as the column's two values (migration 34), so that its index reads
   the persons active in the period as two ranges. */
#define IN_SCOPE_ANY_CONSENT ""
#define IN_ORG_ANY_CONSENT " AND p.consent_statistics IN (0, 1)"
#define REPORT_WHO(SCOPE)                                                                    \
	"p.consent_statistics = 1 AND " SCOPE("p.organisation_id", "3") SCOPE##_ACTIVE("1", "2")
#define REPORT_PERSONS REPORT_WHO(IN_SCOPE)
/* A case open on at least one day from $1 to $2. */
#define REPORT_CASE_OPEN "c.opened_on <= $2 AND (c.closed_on IS NULL OR c.closed_on >= $1)"

/* The bilan's statements, each written once for both scopes (SCOPE:
   IN_SCOPE for ST_REPORT_*, IN_ORG for ST_REPORT_ORG_*); $1 first day, $2
   last day of the period, $3 the organisation, $4 today (or, for the
   orientations, 30 days ago). */
#define REPORT_FOLLOWED(SCOPE)                                                               \
	"SELECT p.id, p.status, p.category, p.family_situation, p.sex, p.birth_year"          \
	" FROM persons p WHERE " REPORT_WHO(SCOPE)                                             \
	" AND EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND " REPORT_CASE_OPEN ")"
#define REPORT_DOMAINS(SCOPE)                                                                \
	"SELECT DISTINCT c.person_id, d.code FROM cases c"                                    \
	" JOIN case_domains d ON d.case_id = c.id JOIN persons p ON p.id = c.person_id"       \
	" WHERE " REPORT_WHO(SCOPE) " AND " REPORT_CASE_OPEN " ORDER BY c.person_id, d.code"
/* Cases opened (D: opened_on) or closed (D: closed_on) in the period, by
   the code in column K. */
#define REPORT_CASES(SCOPE, K, D)                                                            \
	"SELECT c." K ", COUNT(*) FROM cases c JOIN persons p ON p.id = c.person_id"          \
	" WHERE " REPORT_WHO(SCOPE) " AND c." D " >= $1 AND c." D " <= $2"                     \
	" GROUP BY c." K
#define REPORT_INTERVENTIONS(SCOPE)                                                          \
	"SELECT i.mode, i.kind, "                                                                \
	SCOPE##_ROWS("COUNT(*), COALESCE(SUM(i.duration_minutes), 0)", "1, i.duration_minutes") \
	" FROM interventions i JOIN cases c ON c.id = i.case_id"                               \
	" JOIN persons p ON p.id = c.person_id"                                                 \
	" WHERE " REPORT_WHO(SCOPE) " AND i.date >= $1 AND i.date <= $2"                        \
	SCOPE##_ROWS(" GROUP BY i.mode, i.kind", "")
/* $1: the year, $2: the organisation. */
#define REPORT_HEADCOUNT(SCOPE)                                                              \
	"SELECT COUNT(*), COALESCE(SUM(h.headcount), 0) FROM headcounts h"                    \
	" WHERE h.year = $1 AND " SCOPE("h.organisation_id", "2")
#define REPORT_AIDS(SCOPE)                                                                   \
	"SELECT a.funder, a.decision, COUNT(*), COALESCE(SUM(a.amount_requested_cents), 0),"   \
	" COALESCE(SUM(a.amount_granted_cents), 0)"                                            \
	" FROM aids a JOIN cases c ON c.id = a.case_id JOIN persons p ON p.id = c.person_id"  \
	" WHERE " REPORT_WHO(SCOPE) " AND a.submitted_on >= $1 AND a.submitted_on <= $2"       \
	" AND $4 <> '' GROUP BY a.funder, a.decision"
/* An orientation sent more than 30 days before $4 without answer counts
   as sans_reponse, whether or not the nightly change has run. */
#define REPORT_ORIENTATION_STATUS                                                            \
	"CASE WHEN o.status = 'envoyee' AND o.sent_on < $4 THEN 'sans_reponse' ELSE o.status END"
#define REPORT_ORIENTATIONS(SCOPE)                                                           \
	"SELECT pa.kind, " REPORT_ORIENTATION_STATUS ", COUNT(*)"                              \
	" FROM orientations o JOIN partners pa ON pa.id = o.partner_id"                        \
	" JOIN cases c ON c.id = o.case_id JOIN persons p ON p.id = c.person_id"               \
	" WHERE " REPORT_WHO(SCOPE) " AND o.sent_on >= $1 AND o.sent_on <= $2"                 \
	" GROUP BY pa.kind, " REPORT_ORIENTATION_STATUS
#define REPORT_ACTIONS(SCOPE)                                                                \
	"SELECT a.topic, COUNT(*), COALESCE(SUM(a.participants), 0) FROM collective_actions a" \
	" WHERE " SCOPE("a.organisation_id", "3") " AND a.held_on >= $1 AND a.held_on <= $2"   \
	" AND $4 <> '' GROUP BY a.topic"
/* Persons with a sick leave of 90 days or more (to $4 when still open)
   running on at least one day of the period; DAYS: the leave's length in
   the back end's dialect. */
#define REPORT_LONG_LEAVES(SCOPE, DAYS)                                                      \
	"SELECT COUNT(DISTINCT c.person_id) FROM sick_leaves l JOIN cases c ON c.id = l.case_id" \
	" JOIN persons p ON p.id = c.person_id"                                                 \
	" WHERE " REPORT_WHO(SCOPE) " AND l.start_on <= $2 AND (l.end_on IS NULL OR l.end_on >= $1)" \
	" AND " DAYS " >= 90"
#define REPORT_LEAVE_DAYS_SQLITE "julianday(COALESCE(l.end_on, $4)) - julianday(l.start_on)"
#define REPORT_LEAVE_DAYS_PG "COALESCE(l.end_on, $4)::date - l.start_on::date"
#define REPORT_RETENTION(SCOPE)                                                              \
	"SELECT r.outcome, COUNT(*) FROM job_retention r JOIN cases c ON c.id = r.case_id"    \
	" JOIN persons p ON p.id = c.person_id"                                                 \
	" WHERE " REPORT_WHO(SCOPE) " AND c.closed_on >= $1 AND c.closed_on <= $2"             \
	" AND r.outcome IS NOT NULL AND $4 <> '' GROUP BY r.outcome"
/* Conventions overlapping $2..$3 in scope ($1), the one that started last
   last (its vacation unit prevails). */
#define CONVENTIONS_IN_PERIOD(SCOPE)                                                         \
	"SELECT starts_on, ends_on, hours_per_year, vacation_minutes FROM conventions"         \
	" WHERE " SCOPE("organisation_id", "1") " AND starts_on <= $3 AND ends_on >= $2"       \
	" ORDER BY starts_on, id"
/* Minutes spent from $2 to $3 in scope ($1) by month and activity: time
   entries, interventions (individual work) in the cases of the
   organisation's persons, and its collective actions. */
#define HOURS_SPENT(SCOPE)                                                                   \
	"SELECT SUBSTR(t.date, 1, 7), t.activity, SUM(t.minutes) FROM time_entries t"          \
	" WHERE " SCOPE("t.organisation_id", "1") " AND t.date >= $2 AND t.date <= $3"         \
	" GROUP BY SUBSTR(t.date, 1, 7), t.activity"                                           \
	" UNION ALL"                                                                             \
	" SELECT SUBSTR(i.date, 1, 7), 'individuel',"                                           \
	SCOPE##_ROWS(" SUM(i.duration_minutes)", " i.duration_minutes")                         \
	" FROM interventions i JOIN cases c ON c.id = i.case_id"                               \
	" JOIN persons p ON p.id = c.person_id"                                                 \
	" WHERE " SCOPE("p.organisation_id", "1") SCOPE##_ANY_CONSENT SCOPE##_ACTIVE("2", "3") \
	" AND i.date >= $2 AND i.date <= $3"                                                     \
	SCOPE##_ROWS(" GROUP BY SUBSTR(i.date, 1, 7)", "")                                      \
	" UNION ALL"                                                                             \
	" SELECT SUBSTR(a.held_on, 1, 7), 'collectif', SUM(a.duration_minutes)"                \
	" FROM collective_actions a"                                                            \
	" WHERE " SCOPE("a.organisation_id", "1") " AND a.held_on >= $2 AND a.held_on <= $3"   \
	" GROUP BY SUBSTR(a.held_on, 1, 7)"

/* The actions listed, with P the column of their partners' ids. */
#define ACTION_LIST(P)                                                                         \
	"SELECT a.id, o.code, o.name, a.held_on, a.topic, a.format, a.title, a.participants,"   \
	" a.duration_minutes, " P " FROM collective_actions a"                                  \
	" JOIN organisations o ON o.id = a.organisation_id"                                     \
	" WHERE ($1 = 0 OR a.organisation_id = $1)"                                              \
	" AND ($2 = 0 OR EXISTS (SELECT 1 FROM assignments s"                                    \
	" WHERE s.organisation_id = a.organisation_id AND s.user_id = $2))"                      \
	" AND a.held_on >= $3 AND a.held_on <= $4"                                               \
	" ORDER BY a.held_on DESC, a.id DESC LIMIT 2000"

/* Employer requests r in scope: $1 an organisation id (0: any), $2 a
   worker who must serve the organisation (0: no such condition). */
#define EREQ_SCOPE                                                                            \
	"($1 = 0 OR r.organisation_id = $1) AND ($2 = 0 OR EXISTS (SELECT 1 FROM assignments s" \
	" WHERE s.organisation_id = r.organisation_id AND s.user_id = $2))"

/* Employee request e of an organisation worker U serves. */
#define EMPREQ_SERVED(U)                                                                      \
	"EXISTS (SELECT 1 FROM assignments s WHERE s.organisation_id = e.organisation_id"       \
	" AND s.user_id = " U ")"

/* An aid as read back (columns: enum aid_col in statements.h). */
#define AID_SELECT                                                                            \
	"SELECT a.id, a.case_id, a.kind, a.funder, a.amount_requested_cents, a.submitted_on,"   \
	" a.reason, a.decision, a.amount_granted_cents, a.decided_on, a.paid_on, u.login,"      \
	" a.created_at, a.updated_at FROM aids a JOIN users u ON u.id = a.author_id"

/* A month's budget as read back (columns: enum budget_col in statements.h). */
#define BUDGET_SELECT                                                                         \
	"SELECT id, month, adults, children_under_14, others_14_plus, incomes_cents,"           \
	" charges_cents, repayments_cents, updated_at FROM budgets"
/* A partner as read back (columns: enum partner_col in statements.h). */
#define PARTNER_COLUMNS \
	"pa.id, pa.name, pa.kind, pa.address, pa.phone, pa.email, pa.notes, pa.merged_into," \
	" pa.created_at, pa.updated_at"

/* An orientation as read back (columns: enum orientation_col in statements.h). */
#define ORIENTATION_SELECT                                                                    \
	"SELECT o.id, o.case_id, o.partner_id, pa.name, pa.kind, o.sent_on, o.reason,"         \
	" o.share_consent_on, o.details_sent, o.status, o.answered_on, o.done_on, u.login"      \
	" FROM orientations o JOIN partners pa ON pa.id = o.partner_id"                        \
	" JOIN users u ON u.id = o.author_id"

#define ORG_COLUMNS "o.id, o.code, o.name, o.kind, o.sector"

/* Retention (domain/retention.h): whether organisation o is a public body
   (the same kinds as retention_public_kinds) equals parameter n. */
#define RET_PUBLIC(n)                                                                    \
	" (CASE WHEN o.kind IN ('collectivite','etablissement_public','cig','ccas',"      \
	"'recherche') THEN 1 ELSE 0 END) = " n
/* Persons with a case, all of whose cases are quiet since $1: closed
   before it, or open without contact (intervention or opening) since;
   of public bodies or not as $2 says. */
#define RET_PERSONS_DUE                                                                  \
	" FROM persons p JOIN organisations o ON o.id = p.organisation_id"                 \
	" WHERE p.anonymised_on IS NULL"                                                   \
	" AND EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id)"                     \
	" AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND ("            \
	" c.closed_on >= $1 OR (c.closed_on IS NULL AND c.opened_on >= $1)"                \
	" OR EXISTS (SELECT 1 FROM interventions i WHERE i.case_id = c.id AND i.date >= $1)))" \
	" AND" RET_PUBLIC("$2")
/* Persons never accompanied: no case, created and last changed before $1
   (Unix time), no appointment since $3 (a date), no employee request
   still pending; of public bodies or not as $2 says. */
#define RET_UNACCOMPANIED_DUE                                                            \
	" FROM persons p JOIN organisations o ON o.id = p.organisation_id"                 \
	" WHERE p.anonymised_on IS NULL AND p.created_at < $1 AND p.updated_at < $1"       \
	" AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id)"                 \
	" AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.person_id = p.id"           \
	" AND a.start_at >= $3)"                                                           \
	" AND NOT EXISTS (SELECT 1 FROM employee_requests r WHERE r.person_id = p.id"      \
	" AND r.status = 'pending')"                                                       \
	" AND" RET_PUBLIC("$2")
/* Employer requests closed before $1, or open or answered and untouched
   since $2 (Unix times); of public bodies or not as $3 says. */
#define RET_EMPLOYER_REQUESTS_DUE                                                        \
	" FROM employer_requests q JOIN organisations o ON o.id = q.organisation_id"       \
	" WHERE ((q.status = 'closed' AND q.updated_at < $1)"                              \
	" OR (q.status <> 'closed' AND q.updated_at < $2))"                                \
	" AND NOT EXISTS (SELECT 1 FROM employer_request_replies r"                        \
	" WHERE r.request_id = q.id AND r.created_at >= $1)"                               \
	" AND" RET_PUBLIC("$3")
/* Employee requests dismissed before $1, or pending and untouched since
   $2 (a converted one goes with its person); public bodies or not: $3. */
#define RET_EMPLOYEE_REQUESTS_DUE                                                        \
	" FROM employee_requests q JOIN organisations o ON o.id = q.organisation_id"       \
	" WHERE ((q.status = 'dismissed' AND q.updated_at < $1)"                           \
	" OR (q.status = 'pending' AND q.updated_at < $2))"                                \
	" AND" RET_PUBLIC("$3")
/* Per organisation and year: the tally of a bordereau. */
#define RET_TALLY(year, from)                                                            \
	"SELECT o.name, " year ", COUNT(*)" from " GROUP BY o.name, " year                  \
	" ORDER BY o.name, " year

/* An attachment and who wrote and deleted it (enum att_col). */
#define ATT_SELECT                                                                            \
	"SELECT a.id, a.case_id, a.kind, a.size_bytes, a.created_at, a.file_name, a.title,"    \
	" a.file_key, a.deleted_at, u.login, d.login FROM attachments a"                       \
	" JOIN users u ON u.id = a.author_id LEFT JOIN users d ON d.id = a.deleted_by"

const struct stmt_def stmt_table[ST__COUNT] = {
	[ST_MIGRATIONS_ENSURE] = {"migrations_ensure",
		"CREATE TABLE IF NOT EXISTS schema_migrations ("
		" version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
		NULL, NULL},
	[ST_MIGRATIONS_MAX] = {"migrations_max",
		"SELECT COALESCE(MAX(version), 0) FROM schema_migrations", NULL, NULL},
	[ST_MIGRATION_RECORD] = {"migration_record",
		"INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
		NULL, NULL},
	/* Serialises concurrent `relais init` runs; SQLite's BEGIN IMMEDIATE already does. */
	[ST_MIGRATION_LOCK] = {"migration_lock", NULL,
		"SELECT 1",
		"SELECT pg_advisory_xact_lock(8243110607183246081)"},

	[ST_USER_INSERT] = {"user_insert",
		"INSERT INTO users (login, name, role, password_hash, created_at, organisation_id)"
		" VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
		NULL, NULL},
	[ST_USER_BY_LOGIN] = {"user_by_login",
		"SELECT id, login, name, role, password_hash, active, locked_until, organisation_id"
		" FROM users WHERE login = $1",
		NULL, NULL},
	[ST_USER_LIST] = {"user_list",
		"SELECT u.id, u.login, u.name, u.role, u.active, u.locked_until, u.created_at, o.code,"
		" u.last_login_at, CASE WHEN u.password_hash = '' THEN 0 ELSE 1 END"
		" FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id"
		" ORDER BY u.login",
		NULL, NULL},
	[ST_USER_COUNT_ROLE] = {"user_count_role",
		"SELECT COUNT(*) FROM users WHERE role = $1", NULL, NULL},
	[ST_USER_SET_LOCK] = {"user_set_lock",
		"UPDATE users SET locked_until = $2 WHERE id = $1", NULL, NULL},
	[ST_LOGIN_FAILURE_INSERT] = {"login_failure_insert",
		"INSERT INTO login_failures (user_id, at) VALUES ($1, $2)", NULL, NULL},
	[ST_LOGIN_FAILURE_COUNT] = {"login_failure_count",
		"SELECT COUNT(*) FROM login_failures WHERE user_id = $1 AND at > $2", NULL, NULL},
	[ST_LOGIN_FAILURE_CLEAR] = {"login_failure_clear",
		"DELETE FROM login_failures WHERE user_id = $1", NULL, NULL},

	[ST_SESSION_INSERT] = {"session_insert",
		"INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)"
		" VALUES ($1, $2, $3, $4, $4)",
		NULL, NULL},
	[ST_SESSION_LOOKUP] = {"session_lookup",
		"SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at,"
		" u.login, u.name, u.role, u.active, u.organisation_id"
		" FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
		NULL, NULL},
	[ST_SESSION_TOUCH] = {"session_touch",
		"UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1", NULL, NULL},
	[ST_SESSION_DELETE] = {"session_delete",
		"DELETE FROM sessions WHERE token_hash = $1", NULL, NULL},
	/* $1: oldest last_seen_at still alive, $2: oldest created_at still alive. */
	[ST_SESSION_PURGE] = {"session_purge",
		"DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2", NULL, NULL},

	/* Taken before reading the chain's tail so two writers cannot fork it. */
	[ST_AUDIT_LOCK] = {"audit_lock", NULL,
		"SELECT 1",
		"LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE"},
	[ST_AUDIT_LAST] = {"audit_last",
		"SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", NULL, NULL},
	[ST_AUDIT_INSERT] = {"audit_insert",
		"INSERT INTO audit_log (" AUDIT_COLUMNS ")"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
		NULL, NULL},
	/* $1: last id already seen, $2: page size. */
	[ST_AUDIT_SCAN] = {"audit_scan",
		"SELECT " AUDIT_COLUMNS " FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
		NULL, NULL},
	[ST_AUDIT_RECENT] = {"audit_recent",
		"SELECT " AUDIT_COLUMNS " FROM audit_log ORDER BY id DESC LIMIT $1", NULL, NULL},
	/* The latest $1 report reads by accounts whose role is employer. */
	[ST_AUDIT_EMPLOYER_READS] = {"audit_employer_reads",
		"SELECT a.at, a.actor_login, a.object_id FROM audit_log a"
		" JOIN users u ON u.id = a.actor_id"
		" WHERE a.action = 'report.read' AND u.role = 'employer'"
		" ORDER BY a.id DESC LIMIT $1",
		NULL, NULL},
	/* Every report read by an employer account, account by account, in
	   time order (the alerts count them day by day). */
	[ST_AUDIT_EMPLOYER_READS_BY_ACTOR] = {"audit_employer_reads_by_actor",
		"SELECT a.actor_id, a.actor_login, a.at FROM audit_log a"
		" JOIN users u ON u.id = a.actor_id"
		" WHERE a.action = 'report.read' AND u.role = 'employer'"
		" ORDER BY a.actor_id, a.at, a.id",
		NULL, NULL},

	/* The head as its writer recorded it (migration 13); it only moves on. */
	[ST_AUDIT_HEAD_PUT] = {"audit_head_put",
		"INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2)"
		" ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
		NULL, NULL},
	/* Same columns as ST_AUDIT_LAST. */
	[ST_AUDIT_HEAD_GET] = {"audit_head_get", "SELECT seq, hash FROM audit_head WHERE id = 1",
		NULL, NULL},
	[ST_AUDIT_HASH_AT] = {"audit_hash_at", "SELECT hash FROM audit_log WHERE id = $1", NULL,
		NULL},
	/* How many of the append-only triggers of the log are missing (or, on
	   PostgreSQL, disabled); 0 when the schema is whole. */
	[ST_AUDIT_TRIGGERS_MISSING] = {"audit_triggers_missing", NULL,
		"SELECT 6 - COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN"
		" ('audit_log_no_update', 'audit_log_no_delete', 'audit_checkpoints_no_update',"
		" 'audit_checkpoints_no_delete', 'audit_head_no_rewind', 'audit_head_no_delete')",
		"SELECT 7 - COUNT(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
		" AND tgname IN ('audit_log_no_change', 'audit_log_no_truncate',"
		" 'audit_checkpoints_no_change', 'audit_checkpoints_no_truncate',"
		" 'audit_head_no_rewind', 'audit_head_no_delete', 'audit_head_no_truncate')"},
	/* $1 at, $2 seq, $3 hash, $4 mac. */
	[ST_AUDIT_CHECKPOINT_INSERT] = {"audit_checkpoint_insert",
		"INSERT INTO audit_checkpoints (at, seq, hash, mac) VALUES ($1, $2, $3, $4)", NULL,
		NULL},
	[ST_AUDIT_CHECKPOINT_LAST] = {"audit_checkpoint_last",
		"SELECT at, seq, hash, mac FROM audit_checkpoints ORDER BY seq DESC, id DESC LIMIT $1",
		NULL, NULL},
	/* The last id of the prefix of entries all older than $1 (0: none),
	   never the head itself. */
	[ST_AUDIT_PURGE_PREFIX] = {"audit_purge_prefix",
		"SELECT COALESCE(MIN(id), (SELECT COALESCE(MAX(id), 1) FROM audit_log)) - 1"
		" FROM audit_log WHERE at >= $1",
		NULL, NULL},
	/* The entries up to $1 (the triggers let them go only under a checkpoint). */
	[ST_AUDIT_PURGE] = {"audit_purge", "DELETE FROM audit_log WHERE id <= $1", NULL, NULL},

	[ST_SETTING_GET] = {"setting_get", "SELECT value FROM settings WHERE name = $1", NULL, NULL},
	[ST_SETTING_PUT] = {"setting_put",
		"INSERT INTO settings (name, value) VALUES ($1, $2)"
		" ON CONFLICT (name) DO UPDATE SET value = excluded.value",
		NULL, NULL},

	[ST_REF_LIST] = {"ref_list",
		"SELECT list, code, label, parent, position, retired FROM ref_items"
		" ORDER BY list, position, code",
		NULL, NULL},
	[ST_REF_GET] = {"ref_get",
		"SELECT label, parent, retired FROM ref_items WHERE list = $1 AND code = $2", NULL,
		NULL},
	/* New entries go to the end of their list. */
	[ST_REF_INSERT] = {"ref_insert",
		"INSERT INTO ref_items (list, code, label, parent, position)"
		" VALUES ($1, $2, $3, $4,"
		" (SELECT COALESCE(MAX(position), 0) + 1 FROM ref_items WHERE list = $1))",
		NULL, NULL},
	[ST_REF_UPDATE] = {"ref_update",
		"UPDATE ref_items SET label = $3, retired = $4 WHERE list = $1 AND code = $2", NULL,
		NULL},

	[ST_ORG_INSERT] = {"org_insert",
		"INSERT INTO organisations (code, name, kind, sector, created_at)"
		" VALUES ($1, $2, $3, $4, $5) RETURNING id",
		NULL, NULL},
	[ST_ORG_LIST] = {"org_list",
		"SELECT " ORG_COLUMNS " FROM organisations o ORDER BY o.name, o.code", NULL, NULL},
	/* $1: a worker's user id. */
	[ST_ORG_LIST_ASSIGNED] = {"org_list_assigned",
		"SELECT " ORG_COLUMNS " FROM organisations o"
		" JOIN assignments a ON a.organisation_id = o.id WHERE a.user_id = $1"
		" ORDER BY o.name, o.code",
		NULL, NULL},
	[ST_ORG_BY_CODE] = {"org_by_code",
		"SELECT " ORG_COLUMNS " FROM organisations o WHERE o.code = $1", NULL, NULL},
	[ST_ORG_BY_ID] = {"org_by_id",
		"SELECT " ORG_COLUMNS " FROM organisations o WHERE o.id = $1", NULL, NULL},
	[ST_HEADCOUNT_PUT] = {"headcount_put",
		"INSERT INTO headcounts (organisation_id, year, headcount) VALUES ($1, $2, $3)"
		" ON CONFLICT (organisation_id, year) DO UPDATE SET headcount = excluded.headcount",
		NULL, NULL},
	[ST_HEADCOUNT_LIST] = {"headcount_list",
		"SELECT year, headcount FROM headcounts WHERE organisation_id = $1 ORDER BY year",
		NULL, NULL},
	[ST_ASSIGN_INSERT] = {"assign_insert",
		"INSERT INTO assignments (organisation_id, user_id) VALUES ($1, $2)"
		" ON CONFLICT (organisation_id, user_id) DO NOTHING",
		NULL, NULL},
	[ST_ASSIGN_DELETE] = {"assign_delete",
		"DELETE FROM assignments WHERE organisation_id = $1 AND user_id = $2", NULL, NULL},
	[ST_ASSIGN_LIST] = {"assign_list",
		"SELECT u.login, u.name FROM assignments a JOIN users u ON u.id = a.user_id"
		" WHERE a.organisation_id = $1 ORDER BY u.name, u.login",
		NULL, NULL},
	[ST_ASSIGN_CHECK] = {"assign_check",
		"SELECT COUNT(*) FROM assignments WHERE organisation_id = $1 AND user_id = $2", NULL,
		NULL},

	[ST_PERSON_INSERT] = {"person_insert",
		"INSERT INTO persons (organisation_id, referent_id, birth_year, sex, status, category,"
		" family_situation, consent_accompaniment_on, consent_statistics,"
		" consent_statistics_on, import_ref, created_at, updated_at, identity_key,"
		" phone_key, email_key)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15)"
		" RETURNING id",
		NULL, NULL},
	[ST_PERSON_GET] = {"person_get", PERSON_SELECT " WHERE p.id = $1", NULL, NULL},
	/* The secrecy rule: $2 may see person $1 when référent of the person or
	   of one of their cases, or holder of a live share ($3: today) on one;
	   an anonymised person (purged or erased on request) is nobody's. */
	[ST_PERSON_ACCESS] = {"person_access",
		"SELECT COUNT(*) FROM persons p WHERE p.id = $1 AND p.anonymised_on IS NULL"
		" AND (p.referent_id = $2"
		" OR EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND c.referent_id = $2)"
		" OR EXISTS (SELECT 1 FROM shares s JOIN cases c ON c.id = s.case_id"
		" WHERE c.person_id = p.id AND s.user_id = $2 AND s.ended_at IS NULL"
		" AND s.until >= $3))",
		NULL, NULL},
	[ST_PERSON_UPDATE] = {"person_update",
		"UPDATE persons SET birth_year = $2, sex = $3, status = $4, category = $5,"
		" family_situation = $6, consent_accompaniment_on = $7, consent_statistics = $8,"
		" consent_statistics_on = $9, updated_at = $10, identity_key = $11, phone_key = $12,"
		" email_key = $13 WHERE id = $1",
		NULL, NULL},
	/* $1: the référent; $2 to $5: blind-index terms the person must all
	   have (persons_index.c; a term repeated when fewer words), looked up
	   per person of the caseload by the primary key (a short prefix is
	   shared by thousands of persons of the service).  The names are
	   sealed: the caller sorts. */
	[ST_PERSON_SEARCH] = {"person_search",
		PERSON_SELECT " WHERE p.referent_id = $1 AND p.anonymised_on IS NULL"
		" AND EXISTS (SELECT 1 FROM person_search_terms t WHERE t.term = $2"
		" AND t.person_id = p.id)"
		" AND EXISTS (SELECT 1 FROM person_search_terms t WHERE t.term = $3"
		" AND t.person_id = p.id)"
		" AND EXISTS (SELECT 1 FROM person_search_terms t WHERE t.term = $4"
		" AND t.person_id = p.id)"
		" AND EXISTS (SELECT 1 FROM person_search_terms t WHERE t.term = $5"
		" AND t.person_id = p.id)"
		" ORDER BY p.id LIMIT 5000",
		NULL, NULL},

	[ST_CASE_INSERT] = {"case_insert",
		"INSERT INTO cases (person_id, referent_id, opened_on, closed_on, referral_source,"
		" outcome, import_ref, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
		NULL, NULL},
	[ST_CASE_GET] = {"case_get", CASE_SELECT " WHERE c.id = $1", NULL, NULL},
	[ST_CASE_ACCESS] = {"case_access",
		"SELECT COUNT(*) FROM cases c WHERE c.id = $1 AND " CASE_VISIBLE("$2", "$3"), NULL,
		NULL},
	[ST_CASE_UPDATE] = {"case_update",
		"UPDATE cases SET opened_on = $2, closed_on = $3, referral_source = $4, outcome = $5,"
		" diagnosis = $6, action_plan = $7, updated_at = $8 WHERE id = $1",
		NULL, NULL},
	/* The caseload of $1 ($2: today); $3: open, closed or all.  Free text is not
	   read for lists. */
	[ST_CASE_LIST] = {"case_list",
		"SELECT c.id, c.person_id, p.last_name, p.first_name, u.login, c.opened_on,"
		" c.closed_on, c.referral_source, c.outcome, NULL, NULL, c.created_at, c.updated_at"
		" FROM cases c JOIN persons p ON p.id = c.person_id"
		" JOIN users u ON u.id = c.referent_id"
		" WHERE " CASE_VISIBLE("$1", "$2")
		" AND " CASE_STATUS("$3")
		" ORDER BY c.opened_on, c.id LIMIT 1000",
		NULL, NULL},
	[ST_CASE_DOMAIN_INSERT] = {"case_domain_insert",
		"INSERT INTO case_domains (case_id, code) VALUES ($1, $2)", NULL, NULL},
	[ST_CASE_DOMAINS_DELETE] = {"case_domains_delete",
		"DELETE FROM case_domains WHERE case_id = $1", NULL, NULL},
	[ST_CASE_DOMAINS] = {"case_domains",
		"SELECT code FROM case_domains WHERE case_id = $1 ORDER BY code", NULL, NULL},
	/* The cases of person $1 that $2 may open ($3: today). */
	[ST_CASES_OF_PERSON] = {"cases_of_person",
		"SELECT c.id, c.person_id, p.last_name, p.first_name, u.login, c.opened_on,"
		" c.closed_on, c.referral_source, c.outcome, NULL, NULL, c.created_at, c.updated_at"
		" FROM cases c JOIN persons p ON p.id = c.person_id"
		" JOIN users u ON u.id = c.referent_id"
		" WHERE c.person_id = $1 AND " CASE_VISIBLE("$2", "$3")
		" ORDER BY c.opened_on DESC, c.id",
		NULL, NULL},

	[ST_INTERVENTION_INSERT] = {"intervention_insert",
		"INSERT INTO interventions (case_id, author_id, date, mode, kind, duration_minutes,"
		" notes, private_note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
		" RETURNING id",
		NULL, NULL},
	[ST_INTERVENTIONS_OF_CASE] = {"interventions_of_case",
		"SELECT i.id, i.date, i.mode, i.kind, i.duration_minutes, u.login, i.author_id,"
		" i.notes, i.private_note FROM interventions i JOIN users u ON u.id = i.author_id"
		" WHERE i.case_id = $1 ORDER BY i.date DESC, i.id DESC",
		NULL, NULL},
	/* A page of them, newest first, after the (date, id) of the last row
	   shown; the index interventions_case (case_id, date) serves it. */
	[ST_INTERVENTIONS_OF_CASE_PAGE] = {"interventions_of_case_page",
		"SELECT i.id, i.date, i.mode, i.kind, i.duration_minutes, u.login, i.author_id,"
		" i.notes, i.private_note FROM interventions i JOIN users u ON u.id = i.author_id"
		" WHERE i.case_id = $1 AND (i.date < $2 OR (i.date = $2 AND i.id < $3))"
		" ORDER BY i.date DESC, i.id DESC LIMIT $4",
		NULL, NULL},
	[ST_INTERVENTIONS_OF_CASE_COUNT] = {"interventions_of_case_count",
		"SELECT COUNT(*) FROM interventions WHERE case_id = $1", NULL, NULL},

	[ST_SHARE_INSERT] = {"share_insert",
		"INSERT INTO shares (case_id, user_id, granted_by, until, reason, created_at)"
		" VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
		NULL, NULL},
	[ST_SHARE_END] = {"share_end",
		"UPDATE shares SET ended_at = $3 WHERE case_id = $1 AND user_id = $2"
		" AND ended_at IS NULL",
		NULL, NULL},
	[ST_SHARES_OF_CASE] = {"shares_of_case",
		"SELECT s.id, u.login, u.name, s.until, s.reason, g.login, s.created_at, s.ended_at"
		" FROM shares s JOIN users u ON u.id = s.user_id JOIN users g ON g.id = s.granted_by"
		" WHERE s.case_id = $1 ORDER BY s.created_at DESC, s.id DESC",
		NULL, NULL},
	/* The active social workers but $1: whom a case may be shared with
	   or handed over to (staff names, never a person's). */
	[ST_COLLEAGUES] = {"colleagues",
		"SELECT login, name FROM users WHERE role = 'worker' AND active = 1 AND id <> $1"
		" ORDER BY name, login",
		NULL, NULL},
	/* Who holds a case, and where its person belongs. */
	[ST_CASE_OWNER] = {"case_owner",
		"SELECT c.referent_id, c.person_id, p.organisation_id"
		" FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.id = $1",
		NULL, NULL},
	[ST_CASE_SET_REFERENT] = {"case_set_referent",
		"UPDATE cases SET referent_id = $2, updated_at = $3 WHERE id = $1", NULL, NULL},
	[ST_PERSON_SET_REFERENT] = {"person_set_referent",
		"UPDATE persons SET referent_id = $2, updated_at = $3 WHERE id = $1", NULL, NULL},
	/* Assigns $2 to every organisation of $1's persons. */
	[ST_CASELOAD_ASSIGN] = {"caseload_assign",
		"INSERT INTO assignments (organisation_id, user_id)"
		" SELECT DISTINCT organisation_id, CAST($2 AS BIGINT) FROM persons WHERE referent_id = $1"
		" ON CONFLICT (organisation_id, user_id) DO NOTHING",
		NULL, NULL},
	[ST_CASELOAD_MOVE_CASES] = {"caseload_move_cases",
		"UPDATE cases SET referent_id = $2, updated_at = $3 WHERE referent_id = $1", NULL,
		NULL},
	[ST_CASELOAD_MOVE_PERSONS] = {"caseload_move_persons",
		"UPDATE persons SET referent_id = $2, updated_at = $3 WHERE referent_id = $1", NULL,
		NULL},
	/* Sizes only: never a name of a person. */
	[ST_CASELOAD_SIZES] = {"caseload_sizes",
		"SELECT u.login, u.name,"
		" (SELECT COUNT(*) FROM cases c WHERE c.referent_id = u.id AND c.closed_on IS NULL),"
		" (SELECT COUNT(*) FROM cases c WHERE c.referent_id = u.id),"
		" (SELECT COUNT(*) FROM persons p WHERE p.referent_id = u.id)"
		" FROM users u WHERE u.role = 'worker' ORDER BY u.name, u.login",
		NULL, NULL},

	[ST_AID_INSERT] = {"aid_insert",
		"INSERT INTO aids (case_id, author_id, kind, funder, amount_requested_cents,"
		" submitted_on, reason, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
		NULL, NULL},
	[ST_AID_GET] = {"aid_get", AID_SELECT " WHERE a.id = $1", NULL, NULL},
	/* $2 may open aid $1: it may open the aid's case ($3: today). */
	[ST_AID_ACCESS] = {"aid_access",
		"SELECT COUNT(*) FROM aids a JOIN cases c ON c.id = a.case_id"
		" WHERE a.id = $1 AND " CASE_VISIBLE("$2", "$3"),
		NULL, NULL},
	[ST_AID_DECIDE] = {"aid_decide",
		"UPDATE aids SET decision = $2, amount_granted_cents = $3, decided_on = $4,"
		" paid_on = $5, updated_at = $6 WHERE id = $1",
		NULL, NULL},
	[ST_AIDS_OF_CASE] = {"aids_of_case",
		AID_SELECT " WHERE a.case_id = $1 ORDER BY a.submitted_on DESC, a.id DESC", NULL, NULL},
	/* The aids waiting for a decision, submitted before $3, in the cases $1
	   may open ($2: today). */
	[ST_AIDS_WAITING] = {"aids_waiting",
		"SELECT c.id, p.last_name, p.first_name, a.submitted_on, p.id"
		" FROM aids a JOIN cases c ON c.id = a.case_id JOIN persons p ON p.id = c.person_id"
		" WHERE a.decision = 'en_attente' AND a.submitted_on < $3"
		" AND " CASE_VISIBLE("$1", "$2") " ORDER BY a.submitted_on, a.id LIMIT 500",
		NULL, NULL},
	/* How many aids wait for a decision since before $1: a count, no name. */
	[ST_AIDS_WAITING_COUNT] = {"aids_waiting_count",
		"SELECT COUNT(*) FROM aids WHERE decision = 'en_attente' AND submitted_on < $1",
		NULL, NULL},

	/* A month's budget replaces what the case had for that month. */
	[ST_BUDGET_UPSERT] = {"budget_upsert",
		"INSERT INTO budgets (case_id, month, author_id, adults, children_under_14,"
		" others_14_plus, incomes_cents, charges_cents, repayments_cents, created_at,"
		" updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)"
		" ON CONFLICT (case_id, month) DO UPDATE SET author_id = excluded.author_id,"
		" adults = excluded.adults, children_under_14 = excluded.children_under_14,"
		" others_14_plus = excluded.others_14_plus, incomes_cents = excluded.incomes_cents,"
		" charges_cents = excluded.charges_cents,"
		" repayments_cents = excluded.repayments_cents, updated_at = excluded.updated_at"
		" RETURNING id",
		NULL, NULL},
	[ST_BUDGET_LINES_DELETE] = {"budget_lines_delete",
		"DELETE FROM budget_lines WHERE budget_id = $1", NULL, NULL},
	[ST_BUDGET_LINE_INSERT] = {"budget_line_insert",
		"INSERT INTO budget_lines (budget_id, position, section, label, amount_cents,"
		" monthly_cents) VALUES ($1, $2, $3, $4, $5, $6)",
		NULL, NULL},
	/* The budget of case $1 for month $2, or its latest when $2 is ''. */
	[ST_BUDGET_GET] = {"budget_get",
		BUDGET_SELECT " WHERE case_id = $1 AND ($2 = '' OR month = $2)"
		" ORDER BY month DESC LIMIT 1",
		NULL, NULL},
	[ST_BUDGET_LINES] = {"budget_lines",
		"SELECT section, label, amount_cents, monthly_cents, position FROM budget_lines"
		" WHERE budget_id = $1 ORDER BY position",
		NULL, NULL},
	[ST_BUDGET_HISTORY] = {"budget_history",
		BUDGET_SELECT " WHERE case_id = $1 ORDER BY month LIMIT 600", NULL, NULL},

	[ST_PERSON_BY_REF] = {"person_by_ref",
		"SELECT id, organisation_id FROM persons WHERE import_ref = $1", NULL, NULL},
	[ST_CASE_BY_REF] = {"case_by_ref",
		"SELECT id, referent_id FROM cases WHERE import_ref = $1", NULL, NULL},
	[ST_REPORT_FOLLOWED] = {"report_followed", REPORT_FOLLOWED(IN_SCOPE), NULL, NULL},
	[ST_REPORT_DOMAINS] = {"report_domains", REPORT_DOMAINS(IN_SCOPE), NULL, NULL},
	[ST_REPORT_NEW_CASES] = {"report_new_cases",
		REPORT_CASES(IN_SCOPE, "referral_source", "opened_on"), NULL, NULL},
	[ST_REPORT_CLOSED_CASES] = {"report_closed_cases",
		REPORT_CASES(IN_SCOPE, "outcome", "closed_on"), NULL, NULL},
	[ST_REPORT_INTERVENTIONS] = {"report_interventions", REPORT_INTERVENTIONS(IN_SCOPE),
		NULL, NULL},
	/* $1: the year, $2: an organisation id or 0. */
	/* Published bilans: the latest version of (organisation, year); a new
	   version; the organisation's published years (latest versions). */
	[ST_BILAN_PUB_LAST] = {"bilan_pub_last",
		"SELECT version, published_at, snapshot FROM bilan_publications"
		" WHERE organisation_id = $1 AND year = $2 ORDER BY version DESC LIMIT 1",
		NULL, NULL},
	[ST_BILAN_PUB_INSERT] = {"bilan_pub_insert",
		"INSERT INTO bilan_publications (organisation_id, year, version, published_at,"
		" published_by, renderer, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7)",
		NULL, NULL},
	[ST_BILAN_PUB_LIST] = {"bilan_pub_list",
		"SELECT year, MAX(version), MAX(published_at) FROM bilan_publications"
		" WHERE organisation_id = $1 GROUP BY year ORDER BY year DESC",
		NULL, NULL},
	[ST_REPORT_HEADCOUNT] = {"report_headcount", REPORT_HEADCOUNT(IN_SCOPE), NULL, NULL},
	/* The head's counts take only the dates: ($1) or ($1, $2). */
	/* Open cases whose last contact (last intervention, else the opening)
	   is before $3, that $1 may open on $2. */
	[ST_DASH_NO_CONTACT] = {"dash_no_contact",
		"SELECT c.id, p.last_name, p.first_name, t.last, p.id FROM cases c"
		" JOIN persons p ON p.id = c.person_id"
		" JOIN (SELECT c2.id AS case_id, COALESCE(MAX(i.date), c2.opened_on) AS last"
		" FROM cases c2 LEFT JOIN interventions i ON i.case_id = c2.id"
		" WHERE c2.closed_on IS NULL GROUP BY c2.id, c2.opened_on) t ON t.case_id = c.id"
		" WHERE " CASE_VISIBLE("$1", "$2") " AND t.last < $3"
		" ORDER BY t.last, c.id LIMIT 200",
		NULL, NULL},
	[ST_DASH_NO_CONTACT_COUNT] = {"dash_no_contact_count",
		"SELECT COUNT(*) FROM (SELECT c.id FROM cases c"
		" LEFT JOIN interventions i ON i.case_id = c.id WHERE c.closed_on IS NULL"
		" GROUP BY c.id, c.opened_on HAVING COALESCE(MAX(i.date), c.opened_on) < $1) t",
		NULL, NULL},
	/* Live shares ending from $2 to $3 on cases $1 refers or holds the share of. */
	[ST_DASH_SHARES_ENDING] = {"dash_shares_ending",
		"SELECT c.id, p.last_name, p.first_name, s.until, p.id FROM shares s"
		" JOIN cases c ON c.id = s.case_id JOIN persons p ON p.id = c.person_id"
		" WHERE s.ended_at IS NULL AND s.until >= $2 AND s.until <= $3"
		" AND (s.user_id = $1 OR c.referent_id = $1) ORDER BY s.until, c.id LIMIT 200",
		NULL, NULL},
	[ST_DASH_SHARES_ENDING_COUNT] = {"dash_shares_ending_count",
		"SELECT COUNT(*) FROM shares s"
		" WHERE s.ended_at IS NULL AND s.until >= $1 AND s.until <= $2",
		NULL, NULL},
	[ST_CONVENTION_INSERT] = {"convention_insert",
		"INSERT INTO conventions (organisation_id, kind, starts_on, ends_on, hours_per_year,"
		" hourly_rate_cents, notes, created_by, created_at, vacation_minutes)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
		NULL, NULL},
	[ST_CONVENTIONS_OF_ORG] = {"conventions_of_org",
		"SELECT id, kind, starts_on, ends_on, hours_per_year, hourly_rate_cents, notes,"
		" vacation_minutes FROM conventions WHERE organisation_id = $1 ORDER BY starts_on DESC, id DESC",
		NULL, NULL},
	/* $1: an organisation id, 0 for all. */
	[ST_CONVENTIONS_IN_PERIOD] = {"conventions_in_period", CONVENTIONS_IN_PERIOD(IN_SCOPE),
		NULL, NULL},
	[ST_TIME_INSERT] = {"time_insert",
		"INSERT INTO time_entries (organisation_id, user_id, date, minutes, activity,"
		" created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
		NULL, NULL},
	/* $1: an organisation id, 0 for all. */
	[ST_HOURS_SPENT] = {"hours_spent", HOURS_SPENT(IN_SCOPE), NULL, NULL},
	[ST_REPORT_AIDS] = {"report_aids", REPORT_AIDS(IN_SCOPE), NULL, NULL},
	[ST_REPORT_ORIENTATIONS] = {"report_orientations", REPORT_ORIENTATIONS(IN_SCOPE), NULL,
		NULL},
	[ST_REPORT_ACTIONS] = {"report_actions", REPORT_ACTIONS(IN_SCOPE), NULL, NULL},
	[ST_REPORT_LONG_LEAVES] = {"report_long_leaves", NULL,
		REPORT_LONG_LEAVES(IN_SCOPE, REPORT_LEAVE_DAYS_SQLITE),
		REPORT_LONG_LEAVES(IN_SCOPE, REPORT_LEAVE_DAYS_PG)},
	[ST_REPORT_RETENTION] = {"report_retention", REPORT_RETENTION(IN_SCOPE), NULL, NULL},
	/* Persons with a case, all of whose cases are quiet since $1: closed
	   before it, or open without contact (intervention or opening) since. */
	[ST_PURGE_DUE] = {"purge_due",
		"SELECT p.id" RET_PERSONS_DUE " ORDER BY p.id LIMIT 100000", NULL, NULL},
	/* A quiet open case ends at its last contact, the person lost from view. */
	[ST_PURGE_CLOSE_CASES] = {"purge_close_cases",
		"UPDATE cases SET outcome = 'abandon', closed_on = COALESCE((SELECT MAX(i.date)"
		" FROM interventions i WHERE i.case_id = cases.id AND i.date >= cases.opened_on),"
		" opened_on) WHERE person_id = $1 AND closed_on IS NULL",
		NULL, NULL},
	/* Identity erased; the birth year, sex, status, category and family
	   situation stay for the statistics. */
	[ST_PURGE_PERSON] = {"purge_person",
		"UPDATE persons SET last_name = NULL, first_name = NULL, birth_date = NULL,"
		" phone = NULL, email = NULL, job_title = NULL, address = NULL, import_ref = NULL,"
		" identity_key = NULL, phone_key = NULL, email_key = NULL, anonymised_on = $2"
		" WHERE id = $1",
		NULL, NULL},
	[ST_PURGE_CASES] = {"purge_cases",
		"UPDATE cases SET diagnosis = NULL, action_plan = NULL, import_ref = NULL"
		" WHERE person_id = $1",
		NULL, NULL},
	[ST_PURGE_INTERVENTIONS] = {"purge_interventions",
		"UPDATE interventions SET notes = NULL, private_note = NULL"
		" WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)",
		NULL, NULL},
	[ST_PURGE_AIDS] = {"purge_aids",
		"UPDATE aids SET reason = NULL WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)",
		NULL, NULL},
	[ST_PURGE_BUDGET_LINES] = {"purge_budget_lines",
		"DELETE FROM budget_lines WHERE budget_id IN (SELECT b.id FROM budgets b"
		" JOIN cases c ON c.id = b.case_id WHERE c.person_id = $1)",
		NULL, NULL},
	[ST_PURGE_ORIENTATIONS] = {"purge_orientations",
		"UPDATE orientations SET reason = NULL"
		" WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)",
		NULL, NULL},
	[ST_PURGE_RETENTION] = {"purge_retention",
		"UPDATE job_retention SET adjustment_description = NULL"
		" WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)",
		NULL, NULL},
	[ST_PURGE_SHARES] = {"purge_shares",
		"UPDATE shares SET reason = NULL, ended_at = COALESCE(ended_at, $2)"
		" WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)",
		NULL, NULL},
	[ST_PURGE_EMPLOYEE_REQUESTS] = {"purge_employee_requests",
		"DELETE FROM employee_requests WHERE person_id = $1", NULL, NULL},
	/* After a purge: rewrite the file without the freed pages, then empty
	   the write-ahead log (SQLite); PostgreSQL reclaims by its own vacuum. */
	[ST_PURGE_COMPACT] = {"purge_compact", NULL, "VACUUM", "SELECT 1"},
	[ST_PURGE_CHECKPOINT] = {"purge_checkpoint", NULL, "PRAGMA wal_checkpoint(TRUNCATE)",
		"SELECT 1"},
	[ST_PERSON_ORG] = {"person_org",
		"SELECT organisation_id FROM persons WHERE id = $1", NULL, NULL},
	[ST_PARTNER_INSERT] = {"partner_insert",
		"INSERT INTO partners (name, search_name, kind, address, phone, email, notes,"
		" created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)"
		" RETURNING id",
		NULL, NULL},
	[ST_PARTNER_GET] = {"partner_get",
		"SELECT " PARTNER_COLUMNS " FROM partners pa WHERE pa.id = $1", NULL, NULL},
	/* $1: a LIKE pattern on the folded name, $2: a kind or ''.  Merged
	   duplicates are left out. */
	[ST_PARTNER_SEARCH] = {"partner_search",
		"SELECT " PARTNER_COLUMNS " FROM partners pa WHERE pa.merged_into IS NULL"
		" AND pa.search_name LIKE $1 ESCAPE '!' AND ($2 = '' OR pa.kind = $2)"
		" ORDER BY pa.search_name, pa.id LIMIT 500",
		NULL, NULL},
	[ST_PARTNER_UPDATE] = {"partner_update",
		"UPDATE partners SET name = $2, search_name = $3, kind = $4, address = $5, phone = $6,"
		" email = $7, notes = $8, updated_at = $9 WHERE id = $1",
		NULL, NULL},
	/* $1 merged into $2. */
	[ST_PARTNER_MERGE] = {"partner_merge",
		"UPDATE partners SET merged_into = $2, updated_at = $3 WHERE id = $1"
		" AND merged_into IS NULL",
		NULL, NULL},
	/* Duplicates merged earlier into $1 now point at $2. */
	[ST_PARTNER_REPOINT] = {"partner_repoint",
		"UPDATE partners SET merged_into = $2 WHERE merged_into = $1", NULL, NULL},

	[ST_ORIENTATION_INSERT] = {"orientation_insert",
		"INSERT INTO orientations (case_id, partner_id, author_id, sent_on, reason,"
		" share_consent_on, details_sent, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
		NULL, NULL},
	[ST_ORIENTATION_GET] = {"orientation_get", ORIENTATION_SELECT " WHERE o.id = $1", NULL,
		NULL},
	[ST_ORIENTATIONS_OF_CASE] = {"orientations_of_case",
		ORIENTATION_SELECT " WHERE o.case_id = $1 ORDER BY o.sent_on DESC, o.id DESC", NULL,
		NULL},
	[ST_ORIENTATION_SET_STATUS] = {"orientation_set_status",
		"UPDATE orientations SET status = $2, answered_on = $3, done_on = $4, updated_at = $5"
		" WHERE id = $1",
		NULL, NULL},
	/* Still waiting though sent before $1 (the no-answer cut-off). */
	[ST_ORIENTATIONS_OVERDUE] = {"orientations_overdue",
		"SELECT id FROM orientations WHERE status = 'envoyee' AND sent_on < $1"
		" ORDER BY id LIMIT 1000",
		NULL, NULL},
	[ST_ORIENTATION_EXPIRE] = {"orientation_expire",
		"UPDATE orientations SET status = 'sans_reponse', updated_at = $2"
		" WHERE id = $1 AND status = 'envoyee'",
		NULL, NULL},
	/* The waiting orientations of the cases $1 may open ($2: today), sent
	   before $3. */
	[ST_ORIENTATIONS_WAITING] = {"orientations_waiting",
		"SELECT o.case_id, p.last_name, p.first_name, o.sent_on, p.id FROM orientations o"
		" JOIN cases c ON c.id = o.case_id JOIN persons p ON p.id = c.person_id"
		" WHERE o.status = 'envoyee' AND o.sent_on < $3 AND " CASE_VISIBLE("$1", "$2")
		" ORDER BY o.sent_on, o.id",
		NULL, NULL},
	[ST_ORIENTATIONS_WAITING_COUNT] = {"orientations_waiting_count",
		"SELECT COUNT(*) FROM orientations WHERE status = 'envoyee' AND sent_on < $1", NULL,
		NULL},
	/* A merge: the orientations of partner $1 go to partner $2. */
	[ST_ORIENTATIONS_MOVE_PARTNER] = {"orientations_move_partner",
		"UPDATE orientations SET partner_id = $2 WHERE partner_id = $1", NULL, NULL},
	/* An imported person without référent takes their case's. */
	[ST_PERSON_ADOPT] = {"person_adopt",
		"UPDATE persons SET referent_id = $2 WHERE id = $1 AND referent_id IS NULL", NULL,
		NULL},
	[ST_ACTION_INSERT] = {"action_insert",
		"INSERT INTO collective_actions (organisation_id, held_on, topic, format, title,"
		" participants, duration_minutes, created_by, created_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
		NULL, NULL},
	/* $1: an organisation id or 0 for all; $2: a worker whose assigned
	   organisations bound the list, or 0; $3, $4: first and last day. */
	[ST_ACTION_LIST] = {"action_list",
		ACTION_LIST("(SELECT group_concat(x.partner_id) FROM collective_action_partners x"
			    " WHERE x.action_id = a.id)"),
		NULL,
		ACTION_LIST("(SELECT string_agg(x.partner_id::text, ',' ORDER BY x.partner_id)"
			    " FROM collective_action_partners x WHERE x.action_id = a.id)")},
	[ST_ACTION_PARTNER_INSERT] = {"action_partner_insert",
		"INSERT INTO collective_action_partners (action_id, partner_id) VALUES ($1, $2)"
		" ON CONFLICT DO NOTHING",
		NULL, NULL},
	/* A merge ($1 into $2): links move unless the action already has $2. */
	[ST_ACTION_PARTNERS_MOVE] = {"action_partners_move",
		"UPDATE collective_action_partners SET partner_id = $2 WHERE partner_id = $1"
		" AND NOT EXISTS (SELECT 1 FROM collective_action_partners y"
		" WHERE y.action_id = collective_action_partners.action_id AND y.partner_id = $2)",
		NULL, NULL},
	[ST_ACTION_PARTNERS_DROP] = {"action_partners_drop",
		"DELETE FROM collective_action_partners WHERE partner_id = $1 AND $2 <> $1", NULL,
		NULL},

	[ST_RETENTION_GET] = {"retention_get",
		"SELECT rqth_status, rqth_requested_on, rqth_decided_on, rqth_expires_on,"
		" pre_return_visit_on, adjustment_requested_on, adjustment_done_on,"
		" adjustment_description, outcome, updated_at FROM job_retention WHERE case_id = $1",
		NULL, NULL},
	[ST_RETENTION_PUT] = {"retention_put",
		"INSERT INTO job_retention (case_id, rqth_status, rqth_requested_on, rqth_decided_on,"
		" rqth_expires_on, pre_return_visit_on, adjustment_requested_on, adjustment_done_on,"
		" adjustment_description, outcome, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
		" ON CONFLICT (case_id) DO UPDATE SET rqth_status = excluded.rqth_status,"
		" rqth_requested_on = excluded.rqth_requested_on,"
		" rqth_decided_on = excluded.rqth_decided_on,"
		" rqth_expires_on = excluded.rqth_expires_on,"
		" pre_return_visit_on = excluded.pre_return_visit_on,"
		" adjustment_requested_on = excluded.adjustment_requested_on,"
		" adjustment_done_on = excluded.adjustment_done_on,"
		" adjustment_description = excluded.adjustment_description,"
		" outcome = excluded.outcome, updated_at = excluded.updated_at",
		NULL, NULL},
	[ST_LEAVE_INSERT] = {"leave_insert",
		"INSERT INTO sick_leaves (case_id, start_on, end_on, kind, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
		NULL, NULL},
	[ST_LEAVE_UPDATE] = {"leave_update",
		"UPDATE sick_leaves SET start_on = $3, end_on = $4, kind = $5, updated_at = $6"
		" WHERE id = $1 AND case_id = $2",
		NULL, NULL},
	[ST_LEAVE_DELETE] = {"leave_delete",
		"DELETE FROM sick_leaves WHERE id = $1 AND case_id = $2", NULL, NULL},
	[ST_LEAVES_OF_CASE] = {"leaves_of_case",
		"SELECT id, start_on, end_on, kind FROM sick_leaves WHERE case_id = $1"
		" ORDER BY start_on DESC, id DESC",
		NULL, NULL},
	[ST_PART_TIME_INSERT] = {"part_time_insert",
		"INSERT INTO therapeutic_part_times (case_id, start_on, end_on, percent, created_at)"
		" VALUES ($1, $2, $3, $4, $5) RETURNING id",
		NULL, NULL},
	[ST_PART_TIME_DELETE] = {"retention_part_time_delete",
		"DELETE FROM therapeutic_part_times WHERE id = $1 AND case_id = $2", NULL, NULL},
	[ST_PART_TIMES_OF_CASE] = {"part_times_of_case",
		"SELECT id, start_on, end_on, percent FROM therapeutic_part_times WHERE case_id = $1"
		" ORDER BY start_on DESC, id DESC",
		NULL, NULL},
	/* Sick leaves still running ($2: today) on open cases, with the date of
	   the case's latest intervention; $1: a worker (the cases she may open),
	   or 0 for every case (the head's count).  The rule is domain/retention.h. */
	[ST_LONG_LEAVES] = {"long_leaves",
		"SELECT l.case_id, p.last_name, p.first_name, l.start_on, l.end_on,"
		" (SELECT MAX(i.date) FROM interventions i WHERE i.case_id = c.id), p.id"
		" FROM sick_leaves l JOIN cases c ON c.id = l.case_id"
		" JOIN persons p ON p.id = c.person_id"
		" WHERE c.closed_on IS NULL AND (l.end_on IS NULL OR l.end_on >= $2)"
		" AND ($1 = 0 OR " CASE_VISIBLE("$1", "$2") ")"
		" ORDER BY l.start_on, l.case_id",
		NULL, NULL},

	/* ---- permanences, appointments, calendar feeds ---- */
	[ST_PERMANENCE_INSERT] = {"permanence_insert",
		"INSERT INTO permanences (organisation_id, worker_id, site, weekday, start_time,"
		" end_time, every_weeks, from_on, until_on, created_by, created_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
		NULL, NULL},
	[ST_PERMANENCE_GET] = {"permanence_get",
		"SELECT id, worker_id, weekday, start_time, end_time, every_weeks, from_on, until_on,"
		" organisation_id FROM permanences WHERE id = $1",
		NULL, NULL},
	/* The permanences of worker $1, for the overlap check. */
	[ST_PERMANENCES_OF_WORKER] = {"permanences_of_worker",
		"SELECT id, worker_id, weekday, start_time, end_time, every_weeks, from_on, until_on,"
		" organisation_id FROM permanences WHERE worker_id = $1 ORDER BY id",
		NULL, NULL},
	/* $1 organisation id or 0, $2 worker id or 0. */
	[ST_PERMANENCE_LIST] = {"permanence_list",
		"SELECT p.id, o.code, o.name, u.login, u.name, p.site, p.weekday, p.start_time,"
		" p.end_time, p.every_weeks, p.from_on, p.until_on FROM permanences p"
		" JOIN organisations o ON o.id = p.organisation_id JOIN users u ON u.id = p.worker_id"
		" WHERE ($1 = 0 OR p.organisation_id = $1) AND ($2 = 0 OR p.worker_id = $2)"
		" ORDER BY p.weekday, p.start_time, o.name, p.id LIMIT 2000",
		NULL, NULL},
	[ST_PERMANENCE_EXCEPTION_INSERT] = {"permanence_exception_insert",
		"INSERT INTO permanence_exceptions (permanence_id, on_date, reason, created_by,"
		" created_at) VALUES ($1, $2, $3, $4, $5)",
		NULL, NULL},
	[ST_PERMANENCE_EXCEPTION_COUNT] = {"permanence_exception_count",
		"SELECT COUNT(*) FROM permanence_exceptions WHERE permanence_id = $1 AND on_date = $2",
		NULL, NULL},
	[ST_PERMANENCE_EXCEPTIONS] = {"permanence_exceptions",
		"SELECT on_date, reason FROM permanence_exceptions WHERE permanence_id = $1"
		" ORDER BY on_date",
		NULL, NULL},
	[ST_APPOINTMENT_INSERT] = {"appointment_insert",
		"INSERT INTO appointments (worker_id, person_id, start_at, end_at, mode, site,"
		" created_by, created_at, updated_at, contact_name)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)"
		" RETURNING id",
		NULL, NULL},
	/* Live appointments of worker $1 meeting [$2, $3), other than id $4. */
	[ST_APPOINTMENT_OVERLAPS] = {"appointment_overlaps",
		"SELECT COUNT(*) FROM appointments WHERE worker_id = $1 AND status IN ('prevu','honore')"
		" AND start_at < $3 AND end_at > $2 AND id <> $4",
		NULL, NULL},
	[ST_APPOINTMENT_GET] = {"appointment_get",
		"SELECT a.id, a.worker_id, u.login, a.person_id, a.start_at, a.end_at, a.mode, a.site,"
		" a.status, a.intervention_id FROM appointments a JOIN users u ON u.id = a.worker_id"
		" WHERE a.id = $1",
		NULL, NULL},
	/* Appointments of worker $1 (0: all) starting from $2 to before $3; the
	   person's name and open case only when viewer $4 may open the person
	   ($5: today). */
	[ST_APPOINTMENTS_RANGE] = {"appointments_range",
		"SELECT a.id, u.login, u.name, a.person_id,"
		" CASE WHEN " PERSON_VISIBLE("$4", "$5") " THEN p.last_name END,"
		" CASE WHEN " PERSON_VISIBLE("$4", "$5") " THEN p.first_name END,"
		" a.start_at, a.end_at, a.mode, a.site, a.status, a.intervention_id,"
		" (SELECT MAX(c.id) FROM cases c WHERE c.person_id = a.person_id"
		" AND c.closed_on IS NULL AND " CASE_VISIBLE("$4", "$5") "),"
		" a.created_by, a.contact_name,"
		" CASE WHEN " PERSON_VISIBLE("$4", "$5") " THEN 1 ELSE 0 END"
		" FROM appointments a JOIN users u ON u.id = a.worker_id"
		" LEFT JOIN persons p ON p.id = a.person_id"
		" WHERE ($1 = 0 OR a.worker_id = $1) AND a.start_at >= $2 AND a.start_at < $3"
		" ORDER BY a.start_at, a.id LIMIT 2000",
		NULL, NULL},
	/* Appointments still planned starting from $1 to before $2. */
	[ST_APPOINTMENTS_COUNT] = {"appointments_count",
		"SELECT COUNT(*) FROM appointments WHERE status = 'prevu' AND start_at >= $1"
		" AND start_at < $2",
		NULL, NULL},
	[ST_APPOINTMENT_SET_STATUS] = {"appointment_set_status",
		"UPDATE appointments SET status = $2, intervention_id = $3, updated_at = $4"
		" WHERE id = $1",
		NULL, NULL},
	[ST_APPOINTMENT_MOVE] = {"appointment_move",
		"UPDATE appointments SET start_at = $2, end_at = $3, updated_at = $4 WHERE id = $1",
		NULL, NULL},
	/* The open case of person $1 that user $2 may open ($3: today), latest first. */
	[ST_OPEN_CASE_OF_PERSON] = {"open_case_of_person",
		"SELECT c.id, c.opened_on FROM cases c WHERE c.person_id = $1 AND c.closed_on IS NULL"
		" AND " CASE_VISIBLE("$2", "$3") " ORDER BY c.opened_on DESC, c.id DESC LIMIT 1",
		NULL, NULL},
	[ST_FEED_GET] = {"feed_get",
		"SELECT token_hash, salt FROM calendar_feeds WHERE user_id = $1", NULL, NULL},
	[ST_FEED_DELETE] = {"feed_delete",
		"DELETE FROM calendar_feeds WHERE user_id = $1", NULL, NULL},
	[ST_FEED_INSERT] = {"feed_insert",
		"INSERT INTO calendar_feeds (user_id, token_hash, salt, created_at)"
		" VALUES ($1, $2, $3, $4)",
		NULL, NULL},
	[ST_FEED_LOOKUP] = {"feed_lookup",
		"SELECT f.user_id, u.login, u.active, u.role FROM calendar_feeds f"
		" JOIN users u ON u.id = f.user_id WHERE f.token_hash = $1",
		NULL, NULL},
	/* ---- employer requests ---- */
	[ST_EREQ_INSERT] = {"ereq_insert",
		"INSERT INTO employer_requests (organisation_id, author_id, subject, message, contact,"
		" created_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)"
		" RETURNING id",
		NULL, NULL},
	/* The status of request $3 when in scope. */
	[ST_EREQ_GET] = {"ereq_get",
		"SELECT r.status FROM employer_requests r WHERE r.id = $3 AND " EREQ_SCOPE,
		NULL, NULL},
	[ST_EREQ_REPLY_INSERT] = {"ereq_reply_insert",
		"INSERT INTO employer_request_replies (request_id, author_id, message, created_at)"
		" VALUES ($1, $2, $3, $4) RETURNING id",
		NULL, NULL},
	[ST_EREQ_SET_STATUS] = {"ereq_set_status",
		"UPDATE employer_requests SET status = $2, updated_at = $3 WHERE id = $1", NULL, NULL},
	/* Open requests of the organisations worker $1 serves. */
	[ST_EREQ_OPEN] = {"ereq_open",
		"SELECT r.id, o.name, r.created_on FROM employer_requests r"
		" JOIN organisations o ON o.id = r.organisation_id WHERE r.status = 'open'"
		" AND EXISTS (SELECT 1 FROM assignments s WHERE s.organisation_id = r.organisation_id"
		" AND s.user_id = $1) ORDER BY r.created_at, r.id LIMIT 200",
		NULL, NULL},
	[ST_EREQ_OPEN_COUNT] = {"ereq_open_count",
		"SELECT COUNT(*) FROM employer_requests WHERE status = 'open'", NULL, NULL},

	/* ---- public request links ---- */
	/* A new link replaces the organisation's previous one. */
	[ST_LINK_PUT] = {"link_put",
		"INSERT INTO request_links (organisation_id, token_hash, created_by, created_at)"
		" VALUES ($1, $2, $3, $4) ON CONFLICT (organisation_id) DO UPDATE SET"
		" token_hash = excluded.token_hash, created_by = excluded.created_by,"
		" created_at = excluded.created_at",
		NULL, NULL},
	[ST_LINK_DELETE] = {"link_delete",
		"DELETE FROM request_links WHERE organisation_id = $1", NULL, NULL},
	[ST_LINK_OF_ORG] = {"link_of_org",
		"SELECT created_at FROM request_links WHERE organisation_id = $1", NULL, NULL},
	[ST_LINK_BY_HASH] = {"link_by_hash",
		"SELECT l.organisation_id, o.name FROM request_links l"
		" JOIN organisations o ON o.id = l.organisation_id WHERE l.token_hash = $1",
		NULL, NULL},
	/* Submissions on link $1 from client $2 since $3. */
	[ST_LINK_HITS_CLIENT] = {"link_hits_client",
		"SELECT COUNT(*) FROM request_link_hits"
		" WHERE token_hash = $1 AND client_hash = $2 AND at > $3",
		NULL, NULL},
	[ST_LINK_HITS_LINK] = {"link_hits_link",
		"SELECT COUNT(*) FROM request_link_hits WHERE token_hash = $1 AND at > $2", NULL,
		NULL},
	[ST_LINK_HIT_INSERT] = {"link_hit_insert",
		"INSERT INTO request_link_hits (token_hash, client_hash, at) VALUES ($1, $2, $3)",
		NULL, NULL},
	[ST_LINK_HITS_PURGE] = {"link_hits_purge",
		"DELETE FROM request_link_hits WHERE at < $1", NULL, NULL},

	/* ---- employee requests: $1 / $2 a worker, only her organisations' ---- */
	[ST_EMPREQ_INSERT] = {"empreq_insert",
		"INSERT INTO employee_requests (organisation_id, last_name, first_name, contact,"
		" preference, message, created_on, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
		NULL, NULL},
	/* Request $1 when worker $2 serves its organisation. */
	[ST_EMPREQ_GET] = {"empreq_get",
		"SELECT e.id, o.code, e.last_name, e.first_name, e.contact, e.status"
		" FROM employee_requests e JOIN organisations o ON o.id = e.organisation_id"
		" WHERE e.id = $1 AND " EMPREQ_SERVED("$2"),
		NULL, NULL},
	/* A pending request is handled once. */
	[ST_EMPREQ_SET] = {"empreq_set",
		"UPDATE employee_requests SET status = $2, person_id = $3, handled_by = $4,"
		" updated_at = $5 WHERE id = $1 AND status = 'pending'",
		NULL, NULL},
	[ST_EMPREQ_PENDING] = {"empreq_pending",
		"SELECT e.id, e.last_name, e.first_name, e.created_on FROM employee_requests e"
		" WHERE e.status = 'pending' AND " EMPREQ_SERVED("$1")
		" ORDER BY e.created_at, e.id LIMIT 200",
		NULL, NULL},
	[ST_EMPREQ_PENDING_COUNT] = {"empreq_pending_count",
		"SELECT COUNT(*) FROM employee_requests WHERE status = 'pending'", NULL, NULL},

	[ST_ACCT_USER_GET] = {"acct_user_get",
		"SELECT id, login, role, password_hash, active, totp_secret, totp_last_step, was_reset"
		" FROM users WHERE id = $1",
		NULL, NULL},
	[ST_ACCT_SET_STEP] = {"acct_set_step",
		"UPDATE users SET totp_last_step = $2 WHERE id = $1", NULL, NULL},
	[ST_ACCT_RECOVERY_LIST] = {"acct_recovery_list",
		"SELECT id, code_hash FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL"
		" ORDER BY id",
		NULL, NULL},
	[ST_ACCT_RECOVERY_USE] = {"acct_recovery_use",
		"UPDATE recovery_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL", NULL, NULL},
	[ST_ACCT_RECOVERY_INSERT] = {"acct_recovery_insert",
		"INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)", NULL, NULL},
	[ST_ACCT_RECOVERY_DELETE] = {"acct_recovery_delete",
		"DELETE FROM recovery_codes WHERE user_id = $1", NULL, NULL},
	[ST_ACCT_AFTER_LOGIN] = {"acct_after_login",
		"UPDATE users SET last_login_at = $2, was_reset = 0 WHERE id = $1", NULL, NULL},
	[ST_ACCT_SESSION_META] = {"acct_session_meta",
		"UPDATE sessions SET user_agent = $2, client_addr = $3 WHERE token_hash = $1", NULL,
		NULL},
	[ST_ACCT_SESSIONS_OF_USER] = {"acct_sessions_of_user",
		"SELECT token_hash, created_at, last_seen_at, user_agent, client_addr FROM sessions"
		" WHERE user_id = $1 ORDER BY last_seen_at DESC, created_at DESC",
		NULL, NULL},
	[ST_ACCT_SESSION_END] = {"acct_session_end",
		"DELETE FROM sessions WHERE user_id = $1 AND token_hash = $2", NULL, NULL},
	[ST_ACCT_SESSIONS_END_ALL] = {"acct_sessions_end_all",
		"DELETE FROM sessions WHERE user_id = $1", NULL, NULL},
	[ST_ACCT_SESSIONS_END_OTHERS] = {"acct_sessions_end_others",
		"DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2", NULL, NULL},
	[ST_ACCT_LINK_INSERT] = {"acct_link_insert",
		"INSERT INTO account_links (token_hash, user_id, kind, created_at, expires_at,"
		" totp_secret) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
		NULL, NULL},
	[ST_ACCT_LINK_GET] = {"acct_link_get",
		"SELECT l.id, l.user_id, l.kind, l.expires_at, l.used_at, l.totp_secret, u.login,"
		" u.role, u.active FROM account_links l JOIN users u ON u.id = l.user_id"
		" WHERE l.token_hash = $1",
		NULL, NULL},
	[ST_ACCT_LINK_USE] = {"acct_link_use",
		"UPDATE account_links SET used_at = $2 WHERE id = $1 AND used_at IS NULL", NULL, NULL},
	[ST_ACCT_LINKS_RETIRE] = {"acct_links_retire",
		"UPDATE account_links SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL", NULL,
		NULL},
	[ST_ACCT_SET_CREDENTIALS] = {"acct_set_credentials",
		"UPDATE users SET password_hash = $2, totp_secret = $3, totp_last_step = $4"
		" WHERE id = $1",
		NULL, NULL},
	[ST_ACCT_SET_PASSWORD] = {"acct_set_password",
		"UPDATE users SET password_hash = $2 WHERE id = $1", NULL, NULL},
	[ST_ACCT_RESET] = {"acct_reset",
		"UPDATE users SET password_hash = '', totp_secret = NULL, totp_last_step = NULL,"
		" was_reset = 1 WHERE id = $1",
		NULL, NULL},
	[ST_ACCT_SET_ACTIVE] = {"acct_set_active",
		"UPDATE users SET active = $2 WHERE id = $1", NULL, NULL},
	[ST_ACCT_CASELOAD] = {"acct_caseload",
		"SELECT id, opened_on FROM cases WHERE referent_id = $1 AND closed_on IS NULL"
		" ORDER BY opened_on, id",
		NULL, NULL},
	/* Sign-in throttling: a failure is counted in one statement, so that
	   concurrent failures each count; a count older than $4 seconds
	   (the rule's forget_after) starts again from one. */
	[ST_THROTTLE_LOGIN_GET] = {"throttle_login_get",
		"SELECT failures, last_failure FROM throttle_logins"
		" WHERE login_key = $1 AND client_addr = $2",
		NULL, NULL},
	[ST_THROTTLE_LOGIN_FAIL] = {"throttle_login_fail",
		"INSERT INTO throttle_logins (login_key, client_addr, failures, last_failure)"
		" VALUES ($1, $2, 1, $3) ON CONFLICT (login_key, client_addr) DO UPDATE SET"
		" failures = CASE WHEN throttle_logins.last_failure <= $3 - $4 THEN 1"
		" WHEN throttle_logins.failures >= 4294967295 THEN throttle_logins.failures"
		" ELSE throttle_logins.failures + 1 END,"
		" last_failure = CASE WHEN throttle_logins.last_failure > $3"
		" AND throttle_logins.last_failure > $3 - $4 THEN throttle_logins.last_failure ELSE $3 END",
		NULL, NULL},
	[ST_THROTTLE_LOGIN_CLEAR] = {"throttle_login_clear",
		"DELETE FROM throttle_logins WHERE login_key = $1 AND client_addr = $2", NULL, NULL},
	[ST_THROTTLE_ADDR_GET] = {"throttle_addr_get",
		"SELECT failures, last_failure FROM throttle_addresses WHERE client_addr = $1",
		NULL, NULL},
	[ST_THROTTLE_ADDR_FAIL] = {"throttle_addr_fail",
		"INSERT INTO throttle_addresses (client_addr, failures, last_failure)"
		" VALUES ($1, 1, $2) ON CONFLICT (client_addr) DO UPDATE SET"
		" failures = CASE WHEN throttle_addresses.last_failure <= $2 - $3 THEN 1"
		" WHEN throttle_addresses.failures >= 4294967295 THEN throttle_addresses.failures"
		" ELSE throttle_addresses.failures + 1 END,"
		" last_failure = CASE WHEN throttle_addresses.last_failure > $2"
		" AND throttle_addresses.last_failure > $2 - $3 THEN throttle_addresses.last_failure ELSE $2 END",
		NULL, NULL},
	[ST_DEVICE_INSERT] = {"device_insert",
		"INSERT INTO device_cookies (token_hash, user_id, created_at) VALUES ($1, $2, $3)",
		NULL, NULL},
	/* The login a device cookie was given to, when it is younger than $2. */
	[ST_DEVICE_LOGIN] = {"device_login",
		"SELECT u.login FROM device_cookies d JOIN users u ON u.id = d.user_id"
		" WHERE d.token_hash = $1 AND d.created_at > $2",
		NULL, NULL},
	[ST_DEVICE_PURGE] = {"device_purge",
		"DELETE FROM device_cookies WHERE created_at <= $1", NULL, NULL},
	/* ---- shares end for good (issue 13) ---- */
	/* The keyed indexes of person $1: identity ($2), phone ($3), e-mail
	   ($4); each NULL when its part is missing. */
	[ST_PERSON_KEYS_SET] = {"person_keys_set",
		"UPDATE persons SET identity_key = $2, phone_key = $3, email_key = $4 WHERE id = $1",
		NULL, NULL},
	/* A person of organisation $2 with identity key $1, phone key $4 or
	   e-mail key $5 (NULL: none) that another worker than $3 follows (an
	   open case of which she is référent): its id, the oldest, or none. */
	[ST_PERSON_SIMILAR_FOLLOWED] = {"person_similar_followed",
		"SELECT p.id FROM persons p WHERE (p.identity_key = $1 OR p.phone_key = $4"
		" OR p.email_key = $5) AND p.organisation_id = $2"
		" AND p.anonymised_on IS NULL AND EXISTS (SELECT 1 FROM cases c"
		" WHERE c.person_id = p.id AND c.closed_on IS NULL AND c.referent_id <> $3)"
		" ORDER BY p.id LIMIT 1",
		NULL, NULL},
	/* The identity checks of worker $1 since $2: all of them, and those
	   that found a similar person. */
	[ST_IDENTITY_CHECKS_COUNT] = {"identity_checks_count",
		"SELECT COUNT(*), COALESCE(SUM(matched), 0) FROM identity_checks"
		" WHERE user_id = $1 AND at >= $2",
		NULL, NULL},
	/* The checks since $1 that found a person a colleague follows (the
	   head's count: no worker, no person). */
	[ST_IDENTITY_CHECKS_MATCHED_SINCE] = {"identity_checks_matched_since",
		"SELECT COUNT(*) FROM identity_checks WHERE matched = 1 AND at >= $1", NULL, NULL},
	/* The persons of worker $1 (référent of the person or of one of its
	   cases) with identity key $2, phone key $3 or e-mail key $4 (NULL:
	   none): the duplicates she is warned of at a creation. */
	[ST_PERSON_DUPLICATES_OWN] = {"person_duplicates_own",
		PERSON_SELECT " WHERE p.anonymised_on IS NULL"
		" AND (p.identity_key = $2 OR p.phone_key = $3 OR p.email_key = $4)"
		" AND (p.referent_id = $1"
		" OR EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND c.referent_id = $1))"
		" ORDER BY p.id LIMIT 20",
		NULL, NULL},
	[ST_IDENTITY_CHECK_INSERT] = {"identity_check_insert",
		"INSERT INTO identity_checks (user_id, at, matched) VALUES ($1, $2, $3)", NULL, NULL},
	/* The retention purge: names typed by the reception on appointments
	   before $1 (a date), and identity checks older than $1 (Unix time). */
	[ST_PURGE_APPOINTMENT_CONTACTS] = {"purge_appointment_contacts",
		"UPDATE appointments SET contact_name = NULL WHERE contact_name IS NOT NULL"
		" AND start_at < $1",
		NULL, NULL},
	/* Checks older than $1; those that found a person a colleague follows
	   stay until $2 (the year's start: the head's count). */
	[ST_PURGE_IDENTITY_CHECKS] = {"purge_identity_checks",
		"DELETE FROM identity_checks WHERE at < $1 AND (matched = 0 OR at < $2)", NULL,
		NULL},
	/* Open cases of person $1 whose référent is not $2. */
	[ST_CASE_OPEN_ELSEWHERE] = {"case_open_elsewhere",
		"SELECT COUNT(*) FROM cases WHERE person_id = $1 AND closed_on IS NULL"
		" AND referent_id <> $2",
		NULL, NULL},

	/* $1 kind, $2 proposer, $3 subject, $4 target, $5 case, $6 login, $7 name, $8 role,
	   $9 created_at. */
	[ST_PROPOSAL_INSERT] = {"proposal_insert",
		"INSERT INTO proposals (kind, proposer_id, subject_id, target_id, case_id, login, name,"
		" role, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
		NULL, NULL},
	[ST_PROPOSAL_GET] = {"proposal_get",
		"SELECT p.id, p.kind, p.status, p.proposer_id, pu.login, p.subject_id, su.login,"
		" p.target_id, tu.login, p.case_id, p.login, p.name, p.role, p.created_at, du.login,"
		" p.decided_at, o.name, su.role"
		" FROM proposals p JOIN users pu ON pu.id = p.proposer_id"
		" LEFT JOIN users su ON su.id = p.subject_id LEFT JOIN users tu ON tu.id = p.target_id"
		" LEFT JOIN users du ON du.id = p.decided_by"
		" LEFT JOIN cases c ON c.id = p.case_id LEFT JOIN persons pe ON pe.id = c.person_id"
		" LEFT JOIN organisations o ON o.id = pe.organisation_id"
		" WHERE p.id = $1",
		NULL, NULL},
	/* What concerns viewer $1: hers, about her, for her to accept, and (for a
	   head, $2 = 1) the accounts awaiting a head; pending, or decided since $3. */
	[ST_PROPOSAL_LIST] = {"proposal_list",
		"SELECT p.id, p.kind, p.status, p.proposer_id, pu.login, p.subject_id, su.login,"
		" p.target_id, tu.login, p.case_id, p.login, p.name, p.role, p.created_at, du.login,"
		" p.decided_at, o.name, su.role"
		" FROM proposals p JOIN users pu ON pu.id = p.proposer_id"
		" LEFT JOIN users su ON su.id = p.subject_id LEFT JOIN users tu ON tu.id = p.target_id"
		" LEFT JOIN users du ON du.id = p.decided_by"
		" LEFT JOIN cases c ON c.id = p.case_id LEFT JOIN persons pe ON pe.id = c.person_id"
		" LEFT JOIN organisations o ON o.id = pe.organisation_id"
		" WHERE (p.status = 'pending' OR p.decided_at >= $3)"
		" AND (p.proposer_id = $1 OR p.subject_id = $1 OR p.target_id = $1"
		" OR ($2 = 1 AND p.kind IN ('account_create', 'account_reset', 'account_enable')))"
		" ORDER BY p.id DESC LIMIT 200",
		NULL, NULL},
	/* $1 id, $2 new status, $3 who decided, $4 when: only a pending one. */
	[ST_PROPOSAL_DECIDE] = {"proposal_decide",
		"UPDATE proposals SET status = $2, decided_by = $3, decided_at = $4"
		" WHERE id = $1 AND status = 'pending'",
		NULL, NULL},
	/* Pending proposals of kind $1 for the same login $2, account $3 or case $4. */
	[ST_PROPOSAL_PENDING_SAME] = {"proposal_pending_same",
		"SELECT COUNT(*) FROM proposals WHERE status = 'pending' AND kind = $1"
		" AND (login = $2 OR subject_id = $3 OR case_id = $4)",
		NULL, NULL},
	[ST_USER_BRIEF] = {"user_brief",
		"SELECT id, login, name, role, active FROM users WHERE id = $1", NULL, NULL},
	/* An active account with its own second factor enrolled (1) or not (0). */
	[ST_USER_HAS_FACTOR] = {"user_has_factor",
		"SELECT COUNT(*) FROM users WHERE id = $1 AND active = 1 AND totp_secret IS NOT NULL",
		NULL, NULL},

	/* OpenID Connect (service/oidc.c). */
	[ST_OIDC_ATTEMPT_INSERT] = {"oidc_attempt_insert",
		"INSERT INTO oidc_attempts (state_hash, browser_hash, purpose, user_id, nonce, verifier,"
		" created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
		NULL, NULL},
	[ST_OIDC_ATTEMPT_GET] = {"oidc_attempt_get",
		"SELECT browser_hash, purpose, COALESCE(user_id, 0), nonce, verifier, expires_at"
		" FROM oidc_attempts WHERE state_hash = $1",
		NULL, NULL},
	[ST_OIDC_ATTEMPT_DELETE] = {"oidc_attempt_delete",
		"DELETE FROM oidc_attempts WHERE state_hash = $1", NULL, NULL},
	[ST_OIDC_ATTEMPT_PURGE] = {"oidc_attempt_purge",
		"DELETE FROM oidc_attempts WHERE expires_at < $1", NULL, NULL},
	[ST_OIDC_LINK_INSERT] = {"oidc_link_insert",
		"INSERT INTO oidc_links (issuer, subject, user_id, created_at) VALUES ($1, $2, $3, $4)",
		NULL, NULL},
	/* The account linked to subject $2 of issuer $1. */
	[ST_OIDC_LINK_USER] = {"oidc_link_user",
		"SELECT u.id, u.login, u.name, u.role, u.active, COALESCE(u.organisation_id, 0), 0"
		" FROM oidc_links l JOIN users u ON u.id = l.user_id"
		" WHERE l.issuer = $1 AND l.subject = $2",
		NULL, NULL},
	[ST_OIDC_LINK_OF_USER] = {"oidc_link_of_user",
		"SELECT subject, created_at FROM oidc_links WHERE issuer = $1 AND user_id = $2",
		NULL, NULL},
	[ST_OIDC_LINK_DELETE] = {"oidc_link_delete",
		"DELETE FROM oidc_links WHERE issuer = $1 AND user_id = $2", NULL, NULL},
	[ST_OIDC_PENDING_INSERT] = {"oidc_pending_insert",
		"INSERT INTO oidc_pending (token_hash, user_id, created_at, expires_at)"
		" VALUES ($1, $2, $3, $4)",
		NULL, NULL},
	[ST_OIDC_PENDING_GET] = {"oidc_pending_get",
		"SELECT u.id, u.login, u.name, u.role, u.active, COALESCE(u.organisation_id, 0),"
		" p.expires_at FROM oidc_pending p JOIN users u ON u.id = p.user_id"
		" WHERE p.token_hash = $1",
		NULL, NULL},
	[ST_OIDC_PENDING_DELETE] = {"oidc_pending_delete",
		"DELETE FROM oidc_pending WHERE token_hash = $1", NULL, NULL},
	[ST_OIDC_PENDING_PURGE] = {"oidc_pending_purge",
		"DELETE FROM oidc_pending WHERE expires_at < $1", NULL, NULL},
	[ST_USER_BY_ID_FOR_SESSION] = {"user_by_id_for_session",
		"SELECT id, login, name, role, active, COALESCE(organisation_id, 0), 0"
		" FROM users WHERE id = $1",
		NULL, NULL},

	/* ---- identity sealed (persons_index.c) ---- */
	/* The sealed identity of person $1, row-bound ("persons.last_name#$1"). */
	[ST_PERSON_SEAL] = {"person_seal",
		"UPDATE persons SET last_name = $2, first_name = $3, birth_date = $4, job_title = $5,"
		" phone = $6, email = $7, address = $8 WHERE id = $1",
		NULL, NULL},
	/* Every person of référent $1 (a search without words): the caller sorts. */
	[ST_PERSON_LIST_OWN] = {"person_list_own",
		PERSON_SELECT " WHERE p.referent_id = $1 AND p.anonymised_on IS NULL"
		" ORDER BY p.id LIMIT 5000",
		NULL, NULL},
	[ST_PERSON_TERMS_DELETE] = {"person_terms_delete",
		"DELETE FROM person_search_terms WHERE person_id = $1", NULL, NULL},
	[ST_PERSON_TERMS_CLEAR] = {"person_terms_clear", "DELETE FROM person_search_terms", NULL,
		NULL},
	[ST_PERSON_TERM_INSERT] = {"person_term_insert",
		"INSERT INTO person_search_terms (person_id, term) VALUES ($1, $2)", NULL, NULL},
	/* Every person's sealed names and birth date, for the index's rebuild. */
	[ST_PERSONS_SEALED_NAMES] = {"persons_sealed_names",
		"SELECT id, last_name, first_name, birth_date, phone, email FROM persons"
		" WHERE anonymised_on IS NULL ORDER BY id",
		NULL, NULL},
	/* Persons with a full identity, a phone or an e-mail not yet indexed
	   (written before migration 17 or 28, or their key cleared): filled
	   at `relais init`. */
	[ST_PERSONS_IDENTITY_MISSING] = {"persons_identity_missing",
		"SELECT id, last_name, first_name, birth_date, phone, email FROM persons"
		" WHERE anonymised_on IS NULL AND ((identity_key IS NULL AND birth_date IS NOT NULL)"
		" OR (phone_key IS NULL AND phone IS NOT NULL)"
		" OR (email_key IS NULL AND email IS NOT NULL))"
		" ORDER BY id",
		NULL, NULL},
	[ST_SHARE_REASON_SEAL] = {"share_reason_seal",
		"UPDATE shares SET reason = $2 WHERE id = $1", NULL, NULL},
	[ST_APPOINTMENT_CONTACT_SEAL] = {"appointment_contact_seal",
		"UPDATE appointments SET contact_name = $2 WHERE id = $1", NULL, NULL},
	/* Migration 19's sealing step: the clear columns, read once. */
	[ST_SEAL_CLEAR_PERSONS] = {"seal_clear_persons",
		"SELECT id, last_name_clear, first_name_clear, birth_date_clear, job_title_clear,"
		" phone_clear, email_clear FROM persons ORDER BY id",
		NULL, NULL},
	[ST_SEAL_CLEAR_SHARES] = {"seal_clear_shares",
		"SELECT id, reason_clear FROM shares WHERE reason_clear IS NOT NULL"
		" AND reason_clear <> '' ORDER BY id",
		NULL, NULL},
	[ST_SEAL_CLEAR_APPOINTMENTS] = {"seal_clear_appointments",
		"SELECT id, contact_name_clear FROM appointments WHERE contact_name_clear IS NOT NULL"
		" AND contact_name_clear <> '' ORDER BY id",
		NULL, NULL},
	[ST_SEAL_DROP_LAST_NAME] = {"seal_drop_last_name",
		"ALTER TABLE persons DROP COLUMN last_name_clear", NULL, NULL},
	[ST_SEAL_DROP_FIRST_NAME] = {"seal_drop_first_name",
		"ALTER TABLE persons DROP COLUMN first_name_clear", NULL, NULL},
	[ST_SEAL_DROP_SEARCH_NAME] = {"seal_drop_search_name",
		"ALTER TABLE persons DROP COLUMN search_name", NULL, NULL},
	[ST_SEAL_DROP_BIRTH_DATE] = {"seal_drop_birth_date",
		"ALTER TABLE persons DROP COLUMN birth_date_clear", NULL, NULL},
	[ST_SEAL_DROP_JOB_TITLE] = {"seal_drop_job_title",
		"ALTER TABLE persons DROP COLUMN job_title_clear", NULL, NULL},
	[ST_SEAL_DROP_PHONE] = {"seal_drop_phone",
		"ALTER TABLE persons DROP COLUMN phone_clear", NULL, NULL},
	[ST_SEAL_DROP_EMAIL] = {"seal_drop_email",
		"ALTER TABLE persons DROP COLUMN email_clear", NULL, NULL},
	[ST_SEAL_DROP_REASON] = {"seal_drop_reason",
		"ALTER TABLE shares DROP COLUMN reason_clear", NULL, NULL},
	[ST_SEAL_DROP_CONTACT_NAME] = {"seal_drop_contact_name",
		"ALTER TABLE appointments DROP COLUMN contact_name_clear", NULL, NULL},
	[ST_SEAL_DONE] = {"seal_done",
		"DELETE FROM settings WHERE name = 'identity_seal_pending'", NULL, NULL},
	/* After the sealing: the file rewritten without the clear pages. */
	[ST_SEAL_COMPACT] = {"seal_compact", NULL, "VACUUM", "VACUUM FULL"},
	/* Row-bound sealing and key rotation (service/sealed.h). */
	[ST_SETTING_DELETE] = {"setting_delete", "DELETE FROM settings WHERE name = $1", NULL, NULL},
	/* How far task $1 went through column $3 of table $2. */
	[ST_SEAL_PROGRESS_GET] = {"seal_progress_get",
		"SELECT last_id, done FROM seal_progress WHERE task = $1 AND tbl = $2 AND col = $3",
		NULL, NULL},
	[ST_SEAL_PROGRESS_PUT] = {"seal_progress_put",
		"INSERT INTO seal_progress (task, tbl, col, last_id, done) VALUES ($1, $2, $3, $4, $5)"
		" ON CONFLICT (task, tbl, col) DO UPDATE SET last_id = excluded.last_id,"
		" done = excluded.done",
		NULL, NULL},
	[ST_SEAL_PROGRESS_CLEAR] = {"seal_progress_clear",
		"DELETE FROM seal_progress WHERE task = $1", NULL, NULL},
	/* A new row's sealed values, bound to its id: written after the insert,
	   in the same transaction (service/internal.h, svc_seal_at). */
	[ST_INTERVENTION_SEAL] = {"intervention_seal",
		"UPDATE interventions SET notes = $2, private_note = $3 WHERE id = $1", NULL, NULL},
	[ST_AID_SEAL] = {"aid_seal", "UPDATE aids SET reason = $2 WHERE id = $1", NULL, NULL},
	[ST_ORIENTATION_SEAL] = {"orientation_seal",
		"UPDATE orientations SET reason = $2 WHERE id = $1", NULL, NULL},
	[ST_EREQ_SEAL] = {"ereq_seal",
		"UPDATE employer_requests SET subject = $2, message = $3, contact = $4 WHERE id = $1",
		NULL, NULL},
	[ST_EREQ_REPLY_SEAL] = {"ereq_reply_seal",
		"UPDATE employer_request_replies SET message = $2 WHERE id = $1", NULL, NULL},
	[ST_EMPREQ_SEAL] = {"empreq_seal",
		"UPDATE employee_requests SET last_name = $2, first_name = $3, contact = $4,"
		" message = $5 WHERE id = $1",
		NULL, NULL},
	[ST_ACCT_LINK_SEAL] = {"acct_link_seal",
		"UPDATE account_links SET totp_secret = $2 WHERE id = $1", NULL, NULL},
	/* The person's rights on request (service/rights.c). */
	/* $2 may ask to erase person $1: référent of the person or of one of
	   their cases (a share is not enough), the person not anonymised. */
	[ST_ERASURE_MAY_REQUEST] = {"erasure_may_request",
		"SELECT COUNT(*) FROM persons p WHERE p.id = $1 AND p.anonymised_on IS NULL"
		" AND (p.referent_id = $2 OR EXISTS (SELECT 1 FROM cases c"
		" WHERE c.person_id = p.id AND c.referent_id = $2))",
		NULL, NULL},
	[ST_ERASURE_INSERT] = {"erasure_insert",
		"INSERT INTO erasure_requests (person_id, requested_by, requested_at)"
		" VALUES ($1, $2, $3) RETURNING id",
		NULL, NULL},
	[ST_ERASURE_SEAL] = {"erasure_seal",
		"UPDATE erasure_requests SET reason = $2 WHERE id = $1", NULL, NULL},
	[ST_ERASURE_PENDING_SAME] = {"erasure_pending_same",
		"SELECT COUNT(*) FROM erasure_requests WHERE person_id = $1 AND status = 'pending'",
		NULL, NULL},
#define ERASURE_SELECT                                                                         \
	"SELECT e.id, e.person_id, e.requested_by, u.login, u.name, o.name, e.requested_at,"   \
	" e.reason, e.status, d.login, COALESCE(e.decided_at, 0)"                              \
	" FROM erasure_requests e JOIN users u ON u.id = e.requested_by"                       \
	" JOIN persons p ON p.id = e.person_id"                                                \
	" LEFT JOIN organisations o ON o.id = p.organisation_id"                               \
	" LEFT JOIN users d ON d.id = e.decided_by"
	[ST_ERASURE_GET] = {"erasure_get", ERASURE_SELECT " WHERE e.id = $1", NULL, NULL},
	/* $1 the viewer, $2 1 for every request (a head), $3 decided since. */
	[ST_ERASURE_LIST] = {"erasure_list",
		ERASURE_SELECT " WHERE (e.requested_by = $1 OR $2 = 1)"
		" AND (e.status = 'pending' OR e.decided_at >= $3)"
		" ORDER BY e.id DESC LIMIT 200",
		NULL, NULL},
#undef ERASURE_SELECT
	/* $1 id, $2 new status, $3 who decided, $4 when: only a pending one. */
	[ST_ERASURE_DECIDE] = {"erasure_decide",
		"UPDATE erasure_requests SET status = $2, decided_by = $3, decided_at = $4"
		" WHERE id = $1 AND status = 'pending'",
		NULL, NULL},
	[ST_CORRECTION_INSERT] = {"correction_insert",
		"INSERT INTO person_corrections (person_id, corrected_by, corrected_at, fields)"
		" VALUES ($1, $2, $3, $4) RETURNING id",
		NULL, NULL},
	[ST_CORRECTION_SEAL] = {"correction_seal",
		"UPDATE person_corrections SET reason = $2 WHERE id = $1", NULL, NULL},
	/* The reasons of past corrections may quote the old values. */
	[ST_PURGE_CORRECTIONS] = {"purge_corrections",
		"UPDATE person_corrections SET reason = NULL WHERE person_id = $1", NULL, NULL},
	[ST_ERASURE_PENDING_COUNT] = {"erasure_pending_count",
		"SELECT COUNT(*) FROM erasure_requests WHERE status = 'pending'", NULL, NULL},
	[ST_CORRECTION_LIST] = {"correction_list",
		"SELECT c.id, c.corrected_at, u.login, c.fields, c.reason FROM person_corrections c"
		" JOIN users u ON u.id = c.corrected_by WHERE c.person_id = $1 ORDER BY c.id",
		NULL, NULL},
	/* ---- retention for everything (issue 14; service/retention.c) ---- */
	/* The year of a person's file: the last closing (or opening) of her cases. */
	[ST_RET_PERSONS_TALLY] = {"ret_persons_tally",
		RET_TALLY("SUBSTR((SELECT MAX(COALESCE(c.closed_on, c.opened_on)) FROM cases c"
			  " WHERE c.person_id = p.id), 1, 4)",
			  RET_PERSONS_DUE),
		NULL, NULL},
	[ST_RET_UNACCOMPANIED_DUE] = {"ret_unaccompanied_due",
		"SELECT p.id" RET_UNACCOMPANIED_DUE " ORDER BY p.id LIMIT 100000", NULL, NULL},
	[ST_RET_UNACCOMPANIED_TALLY] = {"ret_unaccompanied_tally", NULL,
		RET_TALLY("strftime('%Y', p.created_at, 'unixepoch')", RET_UNACCOMPANIED_DUE),
		RET_TALLY("to_char(to_timestamp(p.created_at) AT TIME ZONE 'UTC', 'YYYY')",
			  RET_UNACCOMPANIED_DUE)},
	[ST_RET_EMPLOYER_REQUESTS_TALLY] = {"ret_employer_requests_tally",
		RET_TALLY("SUBSTR(q.created_on, 1, 4)", RET_EMPLOYER_REQUESTS_DUE), NULL, NULL},
	[ST_RET_EMPLOYER_REPLIES_DELETE] = {"ret_employer_replies_delete",
		"DELETE FROM employer_request_replies WHERE request_id IN (SELECT q.id"
		RET_EMPLOYER_REQUESTS_DUE ")",
		NULL, NULL},
	[ST_RET_EMPLOYER_REQUESTS_DELETE] = {"ret_employer_requests_delete",
		"DELETE FROM employer_requests WHERE id IN (SELECT q.id" RET_EMPLOYER_REQUESTS_DUE ")",
		NULL, NULL},
	[ST_RET_EMPLOYEE_REQUESTS_TALLY] = {"ret_employee_requests_tally",
		RET_TALLY("SUBSTR(q.created_on, 1, 4)", RET_EMPLOYEE_REQUESTS_DUE), NULL, NULL},
	[ST_RET_EMPLOYEE_REQUESTS_DELETE] = {"ret_employee_requests_delete",
		"DELETE FROM employee_requests WHERE id IN (SELECT q.id" RET_EMPLOYEE_REQUESTS_DUE ")",
		NULL, NULL},
	/* The counts of the working data due ($1… as their deletions take). */
	[ST_RET_SESSIONS_COUNT] = {"ret_sessions_count",
		"SELECT COUNT(*) FROM sessions WHERE last_seen_at < $1 OR created_at < $2", NULL, NULL},
	[ST_RET_SIGNIN_COUNT] = {"ret_signin_count",
		"SELECT (SELECT COUNT(*) FROM oidc_attempts WHERE expires_at < $1)"
		" + (SELECT COUNT(*) FROM oidc_pending WHERE expires_at < $1)",
		NULL, NULL},
	/* $1 throttling counters' window, $2 public links' hits, $3 device
	   cookies (<=), $4 the old per-account failures. */
	[ST_RET_THROTTLE_COUNT] = {"ret_throttle_count",
		"SELECT (SELECT COUNT(*) FROM throttle_logins WHERE last_failure < $1)"
		" + (SELECT COUNT(*) FROM throttle_addresses WHERE last_failure < $1)"
		" + (SELECT COUNT(*) FROM request_link_hits WHERE at < $2)"
		" + (SELECT COUNT(*) FROM device_cookies WHERE created_at <= $3)"
		" + (SELECT COUNT(*) FROM login_failures WHERE at < $4)",
		NULL, NULL},
	[ST_RET_THROTTLE_LOGINS_DELETE] = {"ret_throttle_logins_delete",
		"DELETE FROM throttle_logins WHERE last_failure < $1", NULL, NULL},
	[ST_RET_THROTTLE_ADDRESSES_DELETE] = {"ret_throttle_addresses_delete",
		"DELETE FROM throttle_addresses WHERE last_failure < $1", NULL, NULL},
	[ST_RET_LOGIN_FAILURES_DELETE] = {"ret_login_failures_delete",
		"DELETE FROM login_failures WHERE at < $1", NULL, NULL},
	[ST_RET_CALENDAR_COUNT] = {"ret_calendar_count",
		"SELECT COUNT(*) FROM calendar_feeds f JOIN users u ON u.id = f.user_id"
		" WHERE u.active = 0",
		NULL, NULL},
	[ST_RET_CALENDAR_DELETE] = {"ret_calendar_delete",
		"DELETE FROM calendar_feeds WHERE user_id IN (SELECT id FROM users WHERE active = 0)",
		NULL, NULL},
	[ST_RET_VISA_INSERT] = {"ret_visa_insert",
		"INSERT INTO retention_visas (bordereau_on, visa_on, reference, recorded_by,"
		" recorded_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
		NULL, NULL},
	/* The latest bordereau with a visa: what was due on that day may go. */
	[ST_RET_VISA_LATEST] = {"ret_visa_latest",
		"SELECT MAX(bordereau_on) FROM retention_visas", NULL, NULL},
	[ST_RET_VISA_LIST] = {"ret_visa_list",
		"SELECT v.id, v.bordereau_on, v.visa_on, v.reference, COALESCE(u.login, ''),"
		" v.recorded_at FROM retention_visas v LEFT JOIN users u ON u.id = v.recorded_by"
		" ORDER BY v.bordereau_on DESC, v.id DESC LIMIT 50",
		NULL, NULL},

	/* One organisation's bilan and hours (issue 15): the statements above,
	   the organisation driving the plan. */
	[ST_REPORT_ORG_FOLLOWED] = {"report_org_followed", REPORT_FOLLOWED(IN_ORG), NULL, NULL},
	[ST_REPORT_ORG_DOMAINS] = {"report_org_domains", REPORT_DOMAINS(IN_ORG), NULL, NULL},
	[ST_REPORT_ORG_NEW_CASES] = {"report_org_new_cases",
		REPORT_CASES(IN_ORG, "referral_source", "opened_on"), NULL, NULL},
	[ST_REPORT_ORG_CLOSED_CASES] = {"report_org_closed_cases",
		REPORT_CASES(IN_ORG, "outcome", "closed_on"), NULL, NULL},
	[ST_REPORT_ORG_INTERVENTIONS] = {"report_org_interventions", REPORT_INTERVENTIONS(IN_ORG),
		NULL, NULL},
	[ST_REPORT_ORG_HEADCOUNT] = {"report_org_headcount", REPORT_HEADCOUNT(IN_ORG), NULL, NULL},
	[ST_REPORT_ORG_AIDS] = {"report_org_aids", REPORT_AIDS(IN_ORG), NULL, NULL},
	[ST_REPORT_ORG_ORIENTATIONS] = {"report_org_orientations", REPORT_ORIENTATIONS(IN_ORG),
		NULL, NULL},
	[ST_REPORT_ORG_ACTIONS] = {"report_org_actions", REPORT_ACTIONS(IN_ORG), NULL, NULL},
	[ST_REPORT_ORG_LONG_LEAVES] = {"report_org_long_leaves", NULL,
		REPORT_LONG_LEAVES(IN_ORG, REPORT_LEAVE_DAYS_SQLITE),
		REPORT_LONG_LEAVES(IN_ORG, REPORT_LEAVE_DAYS_PG)},
	[ST_REPORT_ORG_RETENTION] = {"report_org_retention", REPORT_RETENTION(IN_ORG), NULL, NULL},
	[ST_CONVENTIONS_ORG_IN_PERIOD] = {"conventions_org_in_period",
		CONVENTIONS_IN_PERIOD(IN_ORG), NULL, NULL},
	[ST_HOURS_ORG_SPENT] = {"hours_org_spent", HOURS_SPENT(IN_ORG), NULL, NULL},
	/* Issue 15: pages of the lists that grow (statements.h says each one's
	   parameters).  The caseload, newest opened first; the index
	   cases_referent_opened (migration 23) serves the référent's own. */
	/* Two branches merged in order, each read in its index's order and cut
	   at the limit: the référent's cases (cases_referent_opened), then the
	   cases shared with her (shares_user) — one OR of both made the
	   database scan every case of the service and sort them. */
	[ST_CASE_PAGE] = {"case_page",
		"SELECT c.id, c.person_id, p.last_name, p.first_name, u.login, c.opened_on,"
		" c.closed_on, c.referral_source, c.outcome, NULL, NULL, c.created_at, c.updated_at"
		" FROM cases c JOIN persons p ON p.id = c.person_id"
		" JOIN users u ON u.id = c.referent_id"
		" WHERE c.referent_id = $1 AND " CASE_STATUS("$3")
		" AND (c.opened_on < $4 OR (c.opened_on = $4 AND c.id < $5))"
		" UNION ALL "
		"SELECT c.id, c.person_id, p.last_name, p.first_name, u.login, c.opened_on,"
		" c.closed_on, c.referral_source, c.outcome, NULL, NULL, c.created_at, c.updated_at"
		" FROM cases c JOIN persons p ON p.id = c.person_id"
		" JOIN users u ON u.id = c.referent_id"
		" WHERE c.id IN (SELECT s.case_id FROM shares s WHERE s.user_id = $1"
		" AND s.ended_at IS NULL AND s.until >= $2) AND c.referent_id <> $1"
		" AND " CASE_STATUS("$3")
		" AND (c.opened_on < $4 OR (c.opened_on = $4 AND c.id < $5))"
		" ORDER BY 6 DESC, 1 DESC LIMIT $6",
		NULL, NULL},
	[ST_CASE_COUNT] = {"case_count",
		"SELECT (SELECT COUNT(*) FROM cases c WHERE c.referent_id = $1 AND "
		CASE_STATUS("$3") ") + (SELECT COUNT(*) FROM cases c WHERE c.id IN"
		" (SELECT s.case_id FROM shares s WHERE s.user_id = $1 AND s.ended_at IS NULL"
		" AND s.until >= $2) AND c.referent_id <> $1 AND " CASE_STATUS("$3") ")",
		NULL, NULL},
	/* The référent's persons by last contact (the last intervention of
	   their cases, else the consent), then id, latest first (the names are
	   sealed: no order by name in the database).  persons_referent and
	   interventions_case serve it. */
	[ST_PERSON_PAGE] = {"person_page",
		"SELECT " PERSON_COLUMNS ", x.last_contact" PERSON_FROM
		" JOIN (SELECT p2.id AS pid, COALESCE((SELECT MAX(i.date) FROM interventions i"
		" JOIN cases c ON c.id = i.case_id WHERE c.person_id = p2.id),"
		" p2.consent_accompaniment_on) AS last_contact FROM persons p2"
		" WHERE p2.referent_id = $1 AND p2.anonymised_on IS NULL) x ON x.pid = p.id"
		" WHERE x.last_contact < $2 OR (x.last_contact = $2 AND p.id < $3)"
		" ORDER BY x.last_contact DESC, p.id DESC LIMIT $4",
		NULL, NULL},
	[ST_PERSON_COUNT_OWN] = {"person_count_own",
		"SELECT COUNT(*) FROM persons p WHERE p.referent_id = $1 AND p.anonymised_on IS NULL",
		NULL, NULL},
	/* The directory by name, then id, after partner $3 (its name read
	   back: the cursor holds its id alone); partners_search serves it. */
	[ST_PARTNER_PAGE] = {"partner_page",
		"SELECT " PARTNER_COLUMNS " FROM partners pa WHERE pa.merged_into IS NULL"
		" AND pa.search_name LIKE $1 ESCAPE '!' AND ($2 = '' OR pa.kind = $2)"
		" AND ($3 = 0 OR pa.search_name > (SELECT k.search_name FROM partners k"
		" WHERE k.id = $3) OR (pa.search_name = (SELECT k.search_name FROM partners k"
		" WHERE k.id = $3) AND pa.id > $3))"
		" ORDER BY pa.search_name, pa.id LIMIT $4",
		NULL, NULL},
	[ST_PARTNER_COUNT] = {"partner_count",
		"SELECT COUNT(*) FROM partners pa WHERE pa.merged_into IS NULL"
		" AND pa.search_name LIKE $1 ESCAPE '!' AND ($2 = '' OR pa.kind = $2)",
		NULL, NULL},
	/* The access log, newest first, on its primary key. */
	[ST_AUDIT_PAGE] = {"audit_page",
		"SELECT " AUDIT_COLUMNS " FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2",
		NULL, NULL},
	[ST_AUDIT_COUNT] = {"audit_count", "SELECT COUNT(*) FROM audit_log", NULL, NULL},
	/* Employer requests, newest first; employer_requests_created
	   (migration 23) serves one organisation's. */
	[ST_EREQ_PAGE] = {"ereq_page",
		"SELECT r.id, o.code, o.name, u.name, r.subject, r.message, r.contact, r.status,"
		" r.created_at, r.updated_at FROM employer_requests r"
		" JOIN organisations o ON o.id = r.organisation_id JOIN users u ON u.id = r.author_id"
		" WHERE " EREQ_SCOPE " AND (r.created_at < $3 OR (r.created_at = $3 AND r.id < $4))"
		" ORDER BY r.created_at DESC, r.id DESC LIMIT $5",
		NULL, NULL},
	[ST_EREQ_COUNT] = {"ereq_count",
		"SELECT COUNT(*) FROM employer_requests r WHERE " EREQ_SCOPE, NULL, NULL},
	/* The replies to the requests of one page: after the cursor ($3, $4),
	   down to the page's last row ($5, $6) included. */
	[ST_EREQ_REPLIES_PAGE] = {"ereq_replies_page",
		"SELECT x.id, x.request_id, u.name, x.message, x.created_at"
		" FROM employer_request_replies x JOIN employer_requests r ON r.id = x.request_id"
		" JOIN users u ON u.id = x.author_id"
		" WHERE " EREQ_SCOPE " AND (r.created_at < $3 OR (r.created_at = $3 AND r.id < $4))"
		" AND (r.created_at > $5 OR (r.created_at = $5 AND r.id >= $6))"
		" ORDER BY x.request_id, x.created_at, x.id",
		NULL, NULL},
	/* Employees' requests, oldest first (a queue to work through). */
	[ST_EMPREQ_PAGE] = {"empreq_page",
		"SELECT e.id, o.code, o.name, e.last_name, e.first_name, e.contact, e.preference,"
		" e.message, e.status, e.person_id, e.created_at FROM employee_requests e"
		" JOIN organisations o ON o.id = e.organisation_id WHERE e.status = $2"
		" AND " EMPREQ_SERVED("$1")
		" AND (e.created_at > $3 OR (e.created_at = $3 AND e.id > $4))"
		" ORDER BY e.created_at, e.id LIMIT $5",
		NULL, NULL},
	[ST_EMPREQ_COUNT] = {"empreq_count",
		"SELECT COUNT(*) FROM employee_requests e WHERE e.status = $2"
		" AND " EMPREQ_SERVED("$1"),
		NULL, NULL},
	/* An account's open caseload, oldest opened first (for reassignment);
	   cases_referent_opened serves it. */
	[ST_ACCT_CASELOAD_PAGE] = {"acct_caseload_page",
		"SELECT id, opened_on FROM cases WHERE referent_id = $1 AND closed_on IS NULL"
		" AND (opened_on > $2 OR (opened_on = $2 AND id > $3)) ORDER BY opened_on, id LIMIT $4",
		NULL, NULL},
	[ST_ACCT_CASELOAD_COUNT] = {"acct_caseload_count",
		"SELECT COUNT(*) FROM cases WHERE referent_id = $1 AND closed_on IS NULL", NULL, NULL},
	/* The timeline of person $1 as user $2 may see it (today $3), of the
	   kinds in mask $4, dates of times at UTC offset $5: see TIMELINE. */
	[ST_PERSON_TIMELINE_PAGE] = {"person_timeline_page", NULL,
		TIMELINE_PAGE(TL_DAY_SQLITE), TIMELINE_PAGE(TL_DAY_PG)},
	[ST_PERSON_TIMELINE_COUNT] = {"person_timeline_count", NULL,
		"SELECT COUNT(*) FROM (" TIMELINE(TL_DAY_SQLITE) ") t",
		"SELECT COUNT(*) FROM (" TIMELINE(TL_DAY_PG) ") t"},
	/* The access log searched (issue 17): a person's entries are those
	   naming her, her cases, their aids, orientations and interventions,
	   and her appointments. */
	[ST_AUDIT_FIND_PAGE] = {"audit_find_page",
		"SELECT " AUDIT_COLUMNS " FROM audit_log WHERE " AUDIT_FIND
		" AND id < $7 ORDER BY id DESC LIMIT $8",
		NULL, NULL},
	[ST_AUDIT_FIND_COUNT] = {"audit_find_count",
		"SELECT COUNT(*) FROM audit_log WHERE " AUDIT_FIND, NULL, NULL},
	/* The person's appointments for her right of access (service/access.h). */
	[ST_PERSON_APPOINTMENTS] = {"person_appointments",
		"SELECT a.start_at, a.end_at, a.mode, a.status, u.login FROM appointments a"
		" JOIN users u ON u.id = a.worker_id WHERE a.person_id = $1 ORDER BY a.start_at, a.id",
		NULL, NULL},
	/* Issue 17: correcting records (service/corrections.h). */
	[ST_RECORD_CORRECTION_INSERT] = {"record_correction_insert",
		"INSERT INTO record_corrections (kind, record_id, case_id, operation, fields, done_by,"
		" done_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
		NULL, NULL},
	[ST_RECORD_CORRECTION_SEAL] = {"record_correction_seal",
		"UPDATE record_corrections SET reason = $2 WHERE id = $1", NULL, NULL},
	[ST_RECORD_CORRECTIONS_OF] = {"record_corrections_of",
		"SELECT r.id, r.operation, r.fields, u.login, r.done_at, r.reason"
		" FROM record_corrections r JOIN users u ON u.id = r.done_by"
		" WHERE r.kind = $1 AND r.record_id = $2 ORDER BY r.id",
		NULL, NULL},
	[ST_INTERVENTION_ROW] = {"intervention_row",
		"SELECT case_id, author_id, date, mode, kind, duration_minutes, notes, private_note"
		" FROM interventions WHERE id = $1",
		NULL, NULL},
	[ST_INTERVENTION_UPDATE] = {"intervention_update",
		"UPDATE interventions SET date = $2, mode = $3, kind = $4, duration_minutes = $5"
		" WHERE id = $1",
		NULL, NULL},
	[ST_INTERVENTION_NOTES_SEAL] = {"intervention_notes_seal",
		"UPDATE interventions SET notes = $2 WHERE id = $1", NULL, NULL},
	[ST_INTERVENTION_UNLINK] = {"intervention_unlink",
		"UPDATE appointments SET intervention_id = NULL WHERE intervention_id = $1", NULL, NULL},
	[ST_INTERVENTION_DELETE] = {"intervention_delete",
		"DELETE FROM interventions WHERE id = $1", NULL, NULL},
	[ST_AID_DELETE] = {"aid_delete",
		"DELETE FROM aids WHERE id = $1 AND decision = 'en_attente'", NULL, NULL},
	[ST_AID_UPDATE] = {"aid_update",
		"UPDATE aids SET kind = $2, funder = $3, amount_requested_cents = $4,"
		" submitted_on = $5, updated_at = $6 WHERE id = $1 AND decision = 'en_attente'",
		NULL, NULL},
	[ST_PERMANENCE_SITE] = {"permanence_site", "SELECT site FROM permanences WHERE id = $1",
		NULL, NULL},
	[ST_PERMANENCE_UPDATE] = {"permanence_update",
		"UPDATE permanences SET organisation_id = $2, worker_id = $3, site = $4, weekday = $5,"
		" start_time = $6, end_time = $7, every_weeks = $8, from_on = $9, until_on = $10"
		" WHERE id = $1",
		NULL, NULL},
	[ST_PERMANENCE_EXCEPTIONS_CLEAR] = {"permanence_exceptions_clear",
		"DELETE FROM permanence_exceptions WHERE permanence_id = $1", NULL, NULL},
	[ST_PERMANENCE_DELETE] = {"permanence_delete", "DELETE FROM permanences WHERE id = $1",
		NULL, NULL},
	[ST_ACTION_ROW] = {"action_row",
		"SELECT organisation_id, held_on, topic, format, title, participants, duration_minutes"
		" FROM collective_actions WHERE id = $1",
		NULL, NULL},
	[ST_ACTION_UPDATE] = {"action_update",
		"UPDATE collective_actions SET organisation_id = $2, held_on = $3, topic = $4,"
		" format = $5, title = $6, participants = $7, duration_minutes = $8 WHERE id = $1",
		NULL, NULL},
	[ST_ACTION_PARTNERS_CLEAR] = {"action_partners_clear",
		"DELETE FROM collective_action_partners WHERE action_id = $1", NULL, NULL},
	[ST_ACTION_PARTNER_IDS] = {"action_partner_ids",
		"SELECT partner_id FROM collective_action_partners WHERE action_id = $1", NULL, NULL},
	[ST_ACTION_DELETE] = {"action_delete", "DELETE FROM collective_actions WHERE id = $1", NULL,
		NULL},
	[ST_TIME_ROW] = {"time_row",
		"SELECT id, organisation_id, user_id, date, minutes, activity FROM time_entries"
		" WHERE id = $1",
		NULL, NULL},
	[ST_TIME_UPDATE] = {"time_update",
		"UPDATE time_entries SET organisation_id = $2, date = $3, minutes = $4, activity = $5"
		" WHERE id = $1",
		NULL, NULL},
	[ST_TIME_DELETE] = {"time_delete", "DELETE FROM time_entries WHERE id = $1", NULL, NULL},
	[ST_TIMES_OF_USER] = {"times_of_user",
		"SELECT id, organisation_id, user_id, date, minutes, activity FROM time_entries"
		" WHERE user_id = $1 AND organisation_id = $2 AND date >= $3 AND date <= $4"
		" ORDER BY date DESC, id DESC",
		NULL, NULL},
	[ST_APPOINTMENT_DELETE] = {"appointment_delete",
		"DELETE FROM appointments WHERE id = $1", NULL, NULL},
	[ST_PURGE_RECORD_CORRECTIONS] = {"purge_record_corrections",
		"UPDATE record_corrections SET reason = NULL"
		" WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)",
		NULL, NULL},
	/* Issue 16: attachments (service/attachments.h). */
	[ST_ATT_INSERT] = {"att_insert",
		"INSERT INTO attachments (case_id, author_id, kind, size_bytes, created_at)"
		" VALUES ($1, $2, $3, $4, $5) RETURNING id",
		NULL, NULL},
	[ST_ATT_SEAL] = {"att_seal",
		"UPDATE attachments SET file_name = $2, title = $3, file_key = $4 WHERE id = $1",
		NULL, NULL},
	[ST_ATT_CHUNK_INSERT] = {"att_chunk_insert",
		"INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES ($1, $2, $3)", NULL,
		NULL},
	[ST_ATT_CHUNK_GET] = {"att_chunk_get",
		"SELECT data FROM attachment_chunks WHERE attachment_id = $1 AND seq = $2", NULL,
		NULL},
	/* $2 may open attachment $1: it may open its case ($3: today). */
	[ST_ATT_ACCESS] = {"att_access",
		"SELECT COUNT(*) FROM attachments a JOIN cases c ON c.id = a.case_id"
		" WHERE a.id = $1 AND " CASE_VISIBLE("$2", "$3"),
		NULL, NULL},
	[ST_ATT_GET] = {"att_get", ATT_SELECT " WHERE a.id = $1", NULL, NULL},
	[ST_ATTS_OF_CASE] = {"atts_of_case",
		ATT_SELECT " WHERE a.case_id = $1 ORDER BY a.created_at DESC, a.id DESC", NULL, NULL},
	/* The tombstone keeps the name and the title; the key goes with the chunks. */
	[ST_ATT_DELETE] = {"att_delete",
		"UPDATE attachments SET deleted_at = $2, deleted_by = $3, file_key = NULL"
		" WHERE id = $1 AND deleted_at IS NULL",
		NULL, NULL},
	[ST_ATT_REASON_SEAL] = {"att_reason_seal",
		"UPDATE attachments SET delete_reason = $2 WHERE id = $1", NULL, NULL},
	[ST_ATT_CHUNKS_DELETE] = {"att_chunks_delete",
		"DELETE FROM attachment_chunks WHERE attachment_id = $1", NULL, NULL},
	[ST_PURGE_ATTACHMENT_CHUNKS] = {"purge_attachment_chunks",
		"DELETE FROM attachment_chunks WHERE attachment_id IN (SELECT a.id FROM attachments a"
		" JOIN cases c ON c.id = a.case_id WHERE c.person_id = $1)",
		NULL, NULL},
	[ST_PURGE_ATTACHMENTS] = {"purge_attachments",
		"UPDATE attachments SET file_name = NULL, title = NULL, file_key = NULL,"
		" delete_reason = NULL, deleted_at = COALESCE(deleted_at, $2)"
		" WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)",
		NULL, NULL},
	[ST_ATTS_OF_PERSON] = {"atts_of_person",
		ATT_SELECT " JOIN cases c ON c.id = a.case_id WHERE c.person_id = $1 AND "
		CASE_VISIBLE("$2", "$3") " ORDER BY a.created_at DESC, a.id DESC",
		NULL, NULL},
	/* Issue 16: letter templates (no personal data) and the letters of
	   the cases (title and document sealed). */
	[ST_LTPL_INSERT] = {"ltpl_insert",
		"INSERT INTO letter_templates (code, name, category, active, fields, odt, uploaded_by,"
		" uploaded_at) VALUES ($1, $2, $3, 1, $4, $5, $6, $7) RETURNING id",
		NULL, NULL},
	[ST_LTPL_LIST] = {"ltpl_list",
		"SELECT id, code, name, category, active, fields, uploaded_at FROM letter_templates"
		" WHERE active = 1 OR $1 = 1 ORDER BY active DESC, category, name, id",
		NULL, NULL},
	[ST_LTPL_GET] = {"ltpl_get",
		"SELECT id, code, name, category, active, fields, uploaded_at, odt"
		" FROM letter_templates WHERE id = $1",
		NULL, NULL},
	[ST_LTPL_SET_ACTIVE] = {"ltpl_set_active",
		"UPDATE letter_templates SET active = $2 WHERE id = $1", NULL, NULL},
	[ST_LTPL_BY_CODE] = {"ltpl_by_code",
		"SELECT COUNT(*) FROM letter_templates WHERE code = $1", NULL, NULL},
	/* What a letter of case $1 merges: the person, the case, its
	   référent, the person's organisation. */
	[ST_LETTER_CONTEXT] = {"letter_context",
		"SELECT c.id, c.person_id, p.last_name, p.first_name, c.opened_on, u.name, o.name"
		" FROM cases c JOIN persons p ON p.id = c.person_id"
		" JOIN users u ON u.id = c.referent_id"
		" JOIN organisations o ON o.id = p.organisation_id WHERE c.id = $1",
		NULL, NULL},
	[ST_LETTER_INSERT] = {"letter_insert",
		"INSERT INTO letters (case_id, template_id, partner_id, share_consent_on, created_by,"
		" created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
		NULL, NULL},
	[ST_LETTER_SEAL] = {"letter_seal",
		"UPDATE letters SET title = $2, odt = $3 WHERE id = $1", NULL, NULL},
	[ST_LETTERS_OF_CASE] = {"letters_of_case",
		"SELECT l.id, l.case_id, l.template_id, t.name, l.partner_id, l.share_consent_on,"
		" u.login, l.created_at, l.title FROM letters l"
		" JOIN letter_templates t ON t.id = l.template_id JOIN users u ON u.id = l.created_by"
		" WHERE l.case_id = $1 ORDER BY l.created_at DESC, l.id DESC",
		NULL, NULL},
	[ST_LETTER_GET] = {"letter_get",
		"SELECT l.id, l.case_id, l.template_id, t.name, l.partner_id, l.share_consent_on,"
		" u.login, l.created_at, l.title, l.odt FROM letters l"
		" JOIN letter_templates t ON t.id = l.template_id JOIN users u ON u.id = l.created_by"
		" WHERE l.id = $1",
		NULL, NULL},
	/* $2 may open letter $1: it may open the letter's case ($3: today). */
	/* A new version of template $1: its file and its fields. */
	[ST_LTPL_REPLACE] = {"ltpl_replace",
		"UPDATE letter_templates SET fields = $2, odt = $3, uploaded_by = $4,"
		" uploaded_at = $5 WHERE id = $1",
		NULL, NULL},
	/* The appointments of the person of case $1 (a letter's choices). */
	[ST_LETTER_APPOINTMENTS] = {"letter_appointments",
		"SELECT a.id, a.start_at, a.status FROM appointments a"
		" JOIN cases c ON c.person_id = a.person_id WHERE c.id = $1"
		" ORDER BY a.start_at DESC, a.id DESC LIMIT 200",
		NULL, NULL},
	[ST_LETTER_ACCESS] = {"letter_access",
		"SELECT COUNT(*) FROM letters l JOIN cases c ON c.id = l.case_id"
		" WHERE l.id = $1 AND " CASE_VISIBLE("$2", "$3"),
		NULL, NULL},
	/* The letters of the cases of person $1 (the right of access's export,
	   the timeline), oldest first. */
	[ST_LETTERS_OF_PERSON] = {"letters_of_person",
		"SELECT l.id, l.case_id, l.template_id, t.name, l.partner_id, l.share_consent_on,"
		" u.login, l.created_at, l.title FROM letters l"
		" JOIN letter_templates t ON t.id = l.template_id JOIN users u ON u.id = l.created_by"
		" JOIN cases c ON c.id = l.case_id WHERE c.person_id = $1 ORDER BY l.created_at, l.id",
		NULL, NULL},
	[ST_PURGE_LETTERS] = {"purge_letters",
		"DELETE FROM letters WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)",
		NULL, NULL},

	/* Issue 17: the morning digest.  Workers and heads only. */
	[ST_USER_EMAIL_SET] = {"user_email_set",
		"UPDATE users SET email = $2 WHERE login = $1 AND role IN ('worker','head')"
		" RETURNING id",
		NULL, NULL},
	[ST_DIGEST_RECIPIENTS] = {"digest_recipients",
		"SELECT id, login, name, role, organisation_id, email FROM users"
		" WHERE active = 1 AND role IN ('worker','head') AND email IS NOT NULL"
		" AND email <> '' ORDER BY id",
		NULL, NULL},

	/* Issue 17: the legal exceptions to secrecy (service/secrecy.h); the
	   recipient, what was sent and the basis's precision sealed after the
	   insert, bound to the row. */
	[ST_SECRECY_INSERT] = {"secrecy_insert",
		"INSERT INTO secrecy_liftings (case_id, kind, legal_basis, lifted_on, recorded_by,"
		" recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
		NULL, NULL},
	[ST_SECRECY_SEAL] = {"secrecy_seal",
		"UPDATE secrecy_liftings SET recipient = $2, what_sent = $3, basis_detail = $4"
		" WHERE id = $1",
		NULL, NULL},
	[ST_SECRECY_OF_CASE] = {"secrecy_of_case",
		"SELECT s.id, s.case_id, s.kind, s.legal_basis, s.lifted_on, s.recipient, s.what_sent,"
		" s.basis_detail, u.login, s.recorded_at FROM secrecy_liftings s"
		" JOIN users u ON u.id = s.recorded_by WHERE s.case_id = $1"
		" ORDER BY s.lifted_on DESC, s.id DESC",
		NULL, NULL},
	[ST_PURGE_SECRECY] = {"purge_secrecy",
		"DELETE FROM secrecy_liftings"
		" WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)",
		NULL, NULL},
	/* The case of lifting $1; its deletion (service/corrections.h). */
	[ST_SECRECY_CASE_OF] = {"secrecy_case_of",
		"SELECT case_id FROM secrecy_liftings WHERE id = $1", NULL, NULL},
	[ST_SECRECY_DELETE] = {"secrecy_delete", "DELETE FROM secrecy_liftings WHERE id = $1",
		NULL, NULL},
	/* The date the information notice was handed to person $1. */
	[ST_PERSON_NOTICE_SET] = {"person_notice_set",
		"UPDATE persons SET notice_given_on = $2, updated_at = $3 WHERE id = $1",
		NULL, NULL},
	/* A person's consent changes: only ever inserted, read oldest first,
	   deleted with her other rows when she is anonymised. */
	[ST_CONSENT_INSERT] = {"consent_insert",
		"INSERT INTO consent_changes (person_id, kind, given, on_date, recorded_at, actor_id)"
		" VALUES ($1, $2, $3, $4, $5, $6)",
		NULL, NULL},
	[ST_CONSENTS_OF_PERSON] = {"consents_of_person",
		"SELECT cc.id, cc.kind, cc.given, cc.on_date, cc.recorded_at, u.login"
		" FROM consent_changes cc LEFT JOIN users u ON u.id = cc.actor_id"
		" WHERE cc.person_id = $1 ORDER BY cc.id",
		NULL, NULL},
	[ST_PURGE_CONSENTS] = {"purge_consents",
		"DELETE FROM consent_changes WHERE person_id = $1", NULL, NULL},
	[ST_DB_SETTING] = {"db_setting", NULL,
		"SELECT CASE $1 WHEN 'synchronous' THEN (SELECT synchronous FROM pragma_synchronous)"
		" WHEN 'journal_mode' THEN (SELECT journal_mode FROM pragma_journal_mode)"
		" WHEN 'cache_size' THEN (SELECT cache_size FROM pragma_cache_size) END",
		"SELECT current_setting($1, true)"},
	/* A person counts once however many of her dates fall outside. */
	[ST_PERSON_SPANS_UNCOVERED] = {"person_spans_uncovered",
		"SELECT COUNT(DISTINCT p.id) FROM persons p JOIN ("
		"SELECT person_id, opened_on AS f, COALESCE(closed_on, '9999-12-31') AS t FROM cases"
		" UNION ALL SELECT c.person_id, i.date, i.date FROM interventions i"
		" JOIN cases c ON c.id = i.case_id"
		" UNION ALL SELECT c.person_id, a.submitted_on, a.submitted_on FROM aids a"
		" JOIN cases c ON c.id = a.case_id"
		" UNION ALL SELECT c.person_id, o.sent_on, o.sent_on FROM orientations o"
		" JOIN cases c ON c.id = o.case_id"
		" UNION ALL SELECT c.person_id, l.start_on, COALESCE(l.end_on, '9999-12-31')"
		" FROM sick_leaves l JOIN cases c ON c.id = l.case_id) x ON x.person_id = p.id"
		" WHERE p.active_from IS NULL OR p.active_to IS NULL OR p.active_from > x.f"
		" OR p.active_to < x.t",
		NULL, NULL},

	/* Access holds (statements.h): PostgreSQL runs a write transaction
	   READ COMMITTED, each statement on its own snapshot; without them a
	   share ended or a case handed over between an access check and the
	   reads it allows would go unseen.  SQLite has one writer at a time:
	   store_hold runs nothing there (the SQLite text only parses). */
	[ST_HOLD_PERSON] = {"hold_person", NULL, HOLD_SQLITE,
		"SELECT 1 FROM persons WHERE id = $1 FOR KEY SHARE"},
	[ST_HOLD_CASE] = {"hold_case", NULL, HOLD_SQLITE,
		"SELECT 1 FROM persons WHERE id = (SELECT person_id FROM cases WHERE id = $1)"
		" FOR KEY SHARE"},
	[ST_HOLD_AID] = {"hold_aid", NULL, HOLD_SQLITE,
		"SELECT 1 FROM persons WHERE id = (SELECT c.person_id FROM aids a"
		" JOIN cases c ON c.id = a.case_id WHERE a.id = $1) FOR KEY SHARE"},
	[ST_HOLD_ATT] = {"hold_att", NULL, HOLD_SQLITE,
		"SELECT 1 FROM persons WHERE id = (SELECT c.person_id FROM attachments a"
		" JOIN cases c ON c.id = a.case_id WHERE a.id = $1) FOR KEY SHARE"},
	[ST_HOLD_LETTER] = {"hold_letter", NULL, HOLD_SQLITE,
		"SELECT 1 FROM persons WHERE id = (SELECT c.person_id FROM letters l"
		" JOIN cases c ON c.id = l.case_id WHERE l.id = $1) FOR KEY SHARE"},
	[ST_HOLD_PERSON_REVOKE] = {"hold_person_revoke", NULL, HOLD_SQLITE,
		"SELECT 1 FROM persons WHERE id = $1 FOR UPDATE"},
	[ST_HOLD_CASE_REVOKE] = {"hold_case_revoke", NULL, HOLD_SQLITE,
		"SELECT 1 FROM persons WHERE id = (SELECT person_id FROM cases WHERE id = $1)"
		" FOR UPDATE"},
	/* In the order of their ids, so that two transfers cannot deadlock. */
	[ST_HOLD_CASELOAD_REVOKE] = {"hold_caseload_revoke", NULL, HOLD_SQLITE,
		"SELECT 1 FROM persons p WHERE p.referent_id = $1 OR EXISTS (SELECT 1 FROM cases c"
		" WHERE c.person_id = p.id AND c.referent_id = $1) ORDER BY p.id FOR UPDATE"},
};

const char *store_stmt_text(enum stmt id, enum store_kind kind)
{
	const struct stmt_def *d = &stmt_table[id];
	const char *over = kind == STORE_SQLITE ? d->sqlite : d->postgres;
	return over ? over : d->sql;
}
