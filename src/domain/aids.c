/* aid — see aid.h. */
#include "domain/aids.h"

#include <string.h>

#include "domain/date.h"
#include "support/i18n.h"

int aid_decision_grants(const char *decision)
{
	return decision && (strcmp(decision, "accordee") == 0 || strcmp(decision, "partielle") == 0);
}

int aid_check_request(int64_t requested_cents, const char *submitted_on, const char *opened_on,
		      const char *today, struct verr *e)
{
	if (requested_cents <= 0 || requested_cents > AID_AMOUNT_MAX)
		return verr_set(e, "amount_requested_cents",
				N_("Le montant demandé est un nombre de centimes, de 1 à "
				   "100 000 000 (un million d'euros)."));
	if (!submitted_on || !date_valid(submitted_on) || date_cmp(submitted_on, today) > 0)
		return verr_set(e, "submitted_on",
				N_("La date de la demande doit être une date passée ou aujourd'hui "
				   "(AAAA-MM-JJ)."));
	if (opened_on && date_valid(opened_on) && date_cmp(submitted_on, opened_on) < 0)
		return verr_set(e, "submitted_on",
				N_("La demande ne peut précéder l'ouverture du suivi."));
	return 0;
}

/* A date of the decision's part: valid, not after today. */
static int past_date(const char *d, const char *today)
{
	return date_valid(d) && date_cmp(d, today) <= 0;
}

int aid_check_decision(const struct aid_state *a, const char *today, struct verr *e)
{
	int waiting = a->decision && strcmp(a->decision, AID_WAITING) == 0;
	int grants = aid_decision_grants(a->decision);
	if (a->granted_cents < 0 || a->granted_cents > AID_AMOUNT_MAX)
		return verr_set(e, "amount_granted_cents",
				N_("Le montant accordé est un nombre de centimes positif ou nul."));
	if (a->granted_cents > a->requested_cents)
		return verr_set(e, "amount_granted_cents",
				N_("Le montant accordé ne peut dépasser le montant demandé."));
	if (!grants && a->granted_cents > 0)
		return verr_set(e, "amount_granted_cents",
				N_("Un montant n'est accordé que par une décision « accordée » ou "
				   "« accordée partiellement »."));
	if (grants && a->granted_cents == 0)
		return verr_set(e, "amount_granted_cents", N_("Indiquez le montant accordé."));
	if (grants && strcmp(a->decision, "partielle") == 0 &&
	    a->granted_cents == a->requested_cents)
		return verr_set(e, "amount_granted_cents",
				N_("Une aide accordée partiellement est inférieure au montant "
				   "demandé."));
	if (waiting && a->decided_on)
		return verr_set(e, "decided_on",
				N_("Une demande en attente n'a pas encore de date de décision."));
	if (!waiting && !a->decided_on)
		return verr_set(e, "decided_on", N_("Indiquez la date de la décision."));
	if (a->decided_on) {
		if (!past_date(a->decided_on, today))
			return verr_set(e, "decided_on",
					N_("La date de décision doit être une date passée ou "
					   "aujourd'hui (AAAA-MM-JJ)."));
		if (date_cmp(a->decided_on, a->submitted_on) < 0)
			return verr_set(e, "decided_on",
					N_("La décision ne peut précéder la demande."));
	}
	if (a->paid_on) {
		if (!grants)
			return verr_set(e, "paid_on",
					N_("Seule une aide accordée peut être versée."));
		if (!past_date(a->paid_on, today))
			return verr_set(e, "paid_on",
					N_("La date de versement doit être une date passée ou "
					   "aujourd'hui (AAAA-MM-JJ)."));
		if (date_cmp(a->paid_on, a->decided_on) < 0)
			return verr_set(e, "paid_on",
					N_("Le versement ne peut précéder la décision."));
	}
	return 0;
}
