/* retention — see retention.h. */
#include "domain/job_retention.h"

#include <stddef.h>
#include <string.h>

#include "domain/date.h"
#include "support/i18n.h"

const struct job_retention_code job_retention_leave_kinds[] = {
	{"maladie", N_("Arrêt maladie")},
	{"at_mp", N_("Accident du travail, maladie professionnelle")},
	{"longue_maladie", N_("Longue maladie, longue durée")},
	{NULL, NULL},
};

const struct job_retention_code job_retention_rqth_statuses[] = {
	{"aucune", N_("Aucune démarche")},
	{"en_cours", N_("Demande en cours")},
	{"reconnue", N_("Reconnue")},
	{"refusee", N_("Refusée")},
	{NULL, NULL},
};

const char *job_retention_label(const struct job_retention_code *list, const char *code)
{
	if (!code)
		return NULL;
	for (; list->code; list++)
		if (strcmp(list->code, code) == 0)
			return list->label;
	return NULL;
}

int job_retention_period_ok(const char *start, const char *end)
{
	if (!start || !date_valid(start))
		return 0;
	return !end || (date_valid(end) && date_cmp(start, end) <= 0);
}

int job_retention_periods_overlap(const char *s1, const char *e1, const char *s2, const char *e2)
{
	/* Disjoint when one ends before the other starts. */
	if (e1 && date_cmp(e1, s2) < 0)
		return 0;
	if (e2 && date_cmp(e2, s1) < 0)
		return 0;
	return 1;
}

int64_t job_retention_leave_days(const char *start, const char *end, const char *today)
{
	if (date_cmp(start, today) > 0 || (end && date_cmp(end, today) < 0))
		return -1;
	return date_days_between(start, today);
}

int job_retention_leave_flagged(const char *start, const char *end, const char *last_contact,
			    const char *today)
{
	if (job_retention_leave_days(start, end, today) <= JOB_RETENTION_LONG_LEAVE_DAYS)
		return 0;
	return !last_contact ||
	       date_days_between(last_contact, today) > JOB_RETENTION_CONTACT_DAYS;
}
