/* retention — see retention.h. */
#include "domain/retention.h"

#include <stdio.h>
#include <string.h>

#include "support/i18n.h"

const struct retention_kind_def retention_kinds[RETENTION__COUNT] = {
	[RETENTION_PERSONS] = {"persons", N_("Personnes accompagnées (anonymisées)"),
			       N_("dossiers clos ou sans contact depuis la durée de conservation"),
			       1},
	[RETENTION_UNACCOMPANIED] = {"persons_unaccompanied",
				     N_("Personnes jamais accompagnées (anonymisées)"),
				     N_("aucun dossier ouvert, fiche inchangée depuis N mois"), 1},
	[RETENTION_EMPLOYER_REQUESTS] = {"employer_requests",
					 N_("Demandes d'intervention des employeurs (supprimées)"),
					 N_("closes depuis un an, ou sans suite depuis la durée de "
					    "conservation"),
					 1},
	[RETENTION_EMPLOYEE_REQUESTS] = {"employee_requests",
					 N_("Demandes de contact des agents (supprimées)"),
					 N_("écartées depuis un an, ou en attente depuis la durée de "
					    "conservation"),
					 1},
	[RETENTION_SESSIONS] = {"sessions", N_("Sessions expirées et connexions inachevées"),
				N_("au-delà de la plus longue durée de session permise"), 0},
	[RETENTION_THROTTLE] = {"throttle", N_("Compteurs anti-abus (connexions, liens publics)"),
				N_("au-delà de leur fenêtre"), 0},
	[RETENTION_CALENDAR_SALTS] = {"calendar_salts",
				      N_("Agendas privés des comptes désactivés"),
				      N_("dès la désactivation du compte"), 0},
};

const char *const retention_public_kinds[] = {"collectivite", "etablissement_public", "cig", "ccas",
					      "recherche", NULL};

int retention_public_kind(const char *kind)
{
	for (int i = 0; kind && retention_public_kinds[i]; i++)
		if (strcmp(kind, retention_public_kinds[i]) == 0)
			return 1;
	return 0;
}

/* The date `months` months before today, clamped to the month's length. */
void retention_months_before(const char *today, int months, char out[DATE_LEN + 1])
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = date_year(today), m = (today[5] - '0') * 10 + (today[6] - '0');
	int d = (today[8] - '0') * 10 + (today[9] - '0');
	int total = y * 12 + (m - 1) - months;
	y = total / 12;
	m = total % 12 + 1;
	int last = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		last = 29;
	/* A day the month lacks falls on the 28th, as purge.c does. */
	if (d > last)
		d = 28;
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	memcpy(out, tmp, DATE_LEN);
	out[DATE_LEN] = '\0';
}

void retention_years_before(const char *today, int years, char out[DATE_LEN + 1])
{
	retention_months_before(today, 12 * years, out);
}

long long retention_date_epoch(const char *date)
{
	return (long long)date_to_days(date) * 86400;
}
