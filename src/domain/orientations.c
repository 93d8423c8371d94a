/* orientation — see orientation.h. */
#include "domain/orientations.h"

#include <stddef.h>
#include <string.h>

#include "domain/date.h"
#include "support/i18n.h"

static const char *const codes[OS__COUNT] = {
	[OS_ENVOYEE] = "envoyee",
	[OS_ACCEPTEE] = "acceptee",
	[OS_REFUSEE] = "refusee",
	[OS_SANS_REPONSE] = "sans_reponse",
	[OS_REALISEE] = "realisee",
};

/* allowed[from][to]: the diagram of orientation.h as a table. */
static const unsigned char allowed[OS__COUNT][OS__COUNT] = {
	[OS_ENVOYEE] = {[OS_ACCEPTEE] = 1, [OS_REFUSEE] = 1, [OS_SANS_REPONSE] = 1},
	[OS_SANS_REPONSE] = {[OS_ACCEPTEE] = 1, [OS_REFUSEE] = 1},
	[OS_ACCEPTEE] = {[OS_REALISEE] = 1},
};

const char *orientation_status_code(enum orientation_status st)
{
	return st >= 0 && st < OS__COUNT ? codes[st] : NULL;
}

int orientation_status_parse(const char *code)
{
	for (int i = 0; code && i < OS__COUNT; i++)
		if (strcmp(code, codes[i]) == 0)
			return i;
	return -1;
}

int orientation_transition_ok(enum orientation_status from, enum orientation_status to)
{
	if (from < 0 || from >= OS__COUNT || to < 0 || to >= OS__COUNT)
		return 0;
	return allowed[from][to];
}

/* A valid date, not after today. */
static int past(const char *d, const char *today)
{
	return d && date_valid(d) && date_cmp(d, today) <= 0;
}

int orientation_check_new(const struct orientation_new *o, struct verr *err)
{
	if (!past(o->sent_on, o->today))
		return verr_set(err, "sent_on",
				N_("La date d'envoi doit être une date passée ou aujourd'hui "
				   "(AAAA-MM-JJ)."));
	if (date_cmp(o->sent_on, o->case_opened_on) < 0)
		return verr_set(err, "sent_on",
				N_("L'orientation ne peut précéder l'ouverture du suivi."));
	if (o->share_consent_on) {
		if (!past(o->share_consent_on, o->today))
			return verr_set(err, "share_consent_on",
					N_("La date du consentement au partage doit être une date "
					   "passée ou aujourd'hui (AAAA-MM-JJ)."));
		if (date_cmp(o->share_consent_on, o->case_opened_on) < 0)
			return verr_set(err, "share_consent_on",
					N_("Le consentement au partage se recueille dans le suivi : "
					   "pas avant son ouverture."));
	}
	if (o->details_sent) {
		if (!o->share_consent_on)
			return verr_set(err, "details_sent",
					N_("Les coordonnées de la personne ne peuvent être transmises "
					   "qu'avec son consentement daté au partage."));
		if (date_cmp(o->share_consent_on, o->sent_on) > 0)
			return verr_set(err, "share_consent_on",
					N_("Le consentement au partage doit précéder l'envoi des "
					   "coordonnées."));
	}
	return 0;
}

int orientation_check_change(const struct orientation_change *c, struct verr *err)
{
	int to = orientation_status_parse(c->to);
	if (to < 0)
		return verr_set(err, "status",
				N_("Statut inconnu : envoyee, acceptee, refusee, sans_reponse ou "
				   "realisee."));
	if (!orientation_transition_ok(c->from, (enum orientation_status)to))
		return verr_set(err, "status",
				N_("Ce changement de statut n'est pas possible (envoyée → acceptée, "
				   "refusée ou sans réponse ; sans réponse → acceptée ou refusée ; "
				   "acceptée → réalisée)."));
	int answer = to == OS_ACCEPTEE || to == OS_REFUSEE;
	if (answer) {
		if (!past(c->answered_on, c->today))
			return verr_set(err, "answered_on",
					N_("Indiquez la date de la réponse du partenaire (passée ou "
					   "aujourd'hui, AAAA-MM-JJ)."));
		if (date_cmp(c->answered_on, c->sent_on) < 0)
			return verr_set(err, "answered_on",
					N_("La réponse ne peut précéder l'envoi de l'orientation."));
	} else if (c->answered_on) {
		return verr_set(err, "answered_on",
				N_("La date de réponse ne s'indique qu'avec « acceptée » ou "
				   "« refusée »."));
	}
	if (to == OS_REALISEE) {
		const char *after = c->old_answered_on ? c->old_answered_on : c->sent_on;
		if (!past(c->done_on, c->today))
			return verr_set(err, "done_on",
					N_("Indiquez la date de réalisation (passée ou aujourd'hui, "
					   "AAAA-MM-JJ)."));
		if (date_cmp(c->done_on, after) < 0)
			return verr_set(err, "done_on",
					N_("La réalisation ne peut précéder la réponse du partenaire."));
	} else if (c->done_on) {
		return verr_set(err, "done_on",
				N_("La date de réalisation ne s'indique qu'avec « réalisée »."));
	}
	return 0;
}

int64_t orientation_days_waiting(const char *sent_on, const char *today)
{
	return date_days_between(sent_on, today);
}
