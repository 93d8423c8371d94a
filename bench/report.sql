-- The aggregates of the service-wide bilan of year @year (relais report
-- --year Y), as plain SQL for the sqlite3 shell, to set the report's time
-- against the database's own.  The definitions are those of
-- src/service/report.c and the ST_REPORT_* statements of
-- src/store/statements.c:
--   - a person is followed in Y when one of their cases is open on at least
--     one day of Y; persons who withdrew their consent to statistics are
--     left out everywhere;
--   - domains and themes count each person once per key;
--   - a missing status, category… counts as "unknown"; the age is Y minus
--     the year of birth, in the default bands 25,35,45,55.
-- Only the keys present are listed (the report also lists the zeros).
-- Usage: sqlite3 -cmd '.parameter set @year 2025' DB < bench/report.sql
-- Output: one line per figure, "section|key|value".

CREATE TEMP TABLE period AS
SELECT printf('%04d-01-01', @year) AS first, printf('%04d-12-31', @year) AS last,
       printf('%04d-01-01', @year - 1) AS prev_first, printf('%04d-12-31', @year - 1) AS prev_last;

-- The period's bounds are read through scalar subqueries, evaluated once:
-- joined as a table, they would defeat the planner.
CREATE TEMP TABLE followed AS
SELECT p.id, p.status, p.category, p.family_situation, p.sex, p.birth_year
FROM persons p
WHERE p.consent_statistics = 1
  AND EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id
              AND c.opened_on <= (SELECT last FROM period)
              AND (c.closed_on IS NULL OR c.closed_on >= (SELECT first FROM period)));

SELECT 'headcount', 'organisations', COUNT(*) FROM headcounts WHERE year = @year;
SELECT 'headcount', 'employees', COALESCE(SUM(headcount), 0) FROM headcounts WHERE year = @year;
SELECT 'followed', 'persons', COUNT(*) FROM followed;
SELECT 'followed', 'share_of_headcount',
       ROUND(1.0 * (SELECT COUNT(*) FROM followed)
             / NULLIF((SELECT SUM(headcount) FROM headcounts WHERE year = @year), 0), 4);

SELECT 'by_status', COALESCE(NULLIF(status, ''), 'unknown') AS k, COUNT(*) FROM followed GROUP BY k;
SELECT 'by_category', COALESCE(NULLIF(category, ''), 'unknown') AS k, COUNT(*) FROM followed GROUP BY k;
SELECT 'by_family_situation', COALESCE(NULLIF(family_situation, ''), 'unknown') AS k, COUNT(*)
FROM followed GROUP BY k;
SELECT 'by_sex', COALESCE(NULLIF(sex, ''), 'unknown') AS k, COUNT(*) FROM followed GROUP BY k;
SELECT 'by_age_band', k, COUNT(*) FROM (
  SELECT CASE
    WHEN birth_year IS NULL OR @year - birth_year < 0 THEN 'unknown'
    WHEN @year - birth_year < 25 THEN '<25'
    WHEN @year - birth_year < 35 THEN '25-34'
    WHEN @year - birth_year < 45 THEN '35-44'
    WHEN @year - birth_year < 55 THEN '45-54'
    ELSE '55+' END AS k
  FROM followed) GROUP BY k;

-- Domains ("sante") and themes ("sante.arret") of the cases open in the
-- year, once per person and code.
CREATE TEMP TABLE person_codes AS
SELECT DISTINCT c.person_id, d.code,
       CASE WHEN instr(d.code, '.') > 0 THEN substr(d.code, 1, instr(d.code, '.') - 1)
            ELSE d.code END AS domain
FROM cases c JOIN case_domains d ON d.case_id = c.id JOIN persons p ON p.id = c.person_id
WHERE p.consent_statistics = 1 AND c.opened_on <= (SELECT last FROM period)
  AND (c.closed_on IS NULL OR c.closed_on >= (SELECT first FROM period));
SELECT 'by_domain', domain, COUNT(DISTINCT person_id) FROM person_codes GROUP BY domain;
SELECT 'by_theme', code, COUNT(*) FROM person_codes WHERE code <> domain GROUP BY code;
SELECT 'themes_previous_year', code, COUNT(*) FROM (
  SELECT DISTINCT c.person_id, d.code
  FROM cases c JOIN case_domains d ON d.case_id = c.id JOIN persons p ON p.id = c.person_id
  WHERE p.consent_statistics = 1 AND instr(d.code, '.') > 0
    AND c.opened_on <= (SELECT prev_last FROM period)
    AND (c.closed_on IS NULL OR c.closed_on >= (SELECT prev_first FROM period)))
GROUP BY code;

SELECT 'new_cases', c.referral_source, COUNT(*)
FROM cases c JOIN persons p ON p.id = c.person_id
WHERE p.consent_statistics = 1
  AND c.opened_on BETWEEN (SELECT first FROM period) AND (SELECT last FROM period)
GROUP BY c.referral_source;
SELECT 'closed_cases', c.outcome, COUNT(*)
FROM cases c JOIN persons p ON p.id = c.person_id
WHERE p.consent_statistics = 1
  AND c.closed_on BETWEEN (SELECT first FROM period) AND (SELECT last FROM period)
GROUP BY c.outcome;

CREATE TEMP TABLE interventions_of_year AS
SELECT i.mode, i.kind, COUNT(*) AS n, SUM(i.duration_minutes) AS minutes
FROM interventions i JOIN cases c ON c.id = i.case_id JOIN persons p ON p.id = c.person_id
WHERE p.consent_statistics = 1
  AND i.date BETWEEN (SELECT first FROM period) AND (SELECT last FROM period)
GROUP BY i.mode, i.kind;
SELECT 'interventions', 'total', COALESCE(SUM(n), 0) FROM interventions_of_year;
SELECT 'interventions', 'hours', ROUND(COALESCE(SUM(minutes), 0) / 60.0, 1) FROM interventions_of_year;
SELECT 'interventions_by_mode', mode, SUM(n) FROM interventions_of_year GROUP BY mode;
SELECT 'interventions_by_kind', kind, SUM(n) FROM interventions_of_year GROUP BY kind;
