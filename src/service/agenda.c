/* agenda — see agenda.h. */
#include "service/agenda.h"

#include <string.h>

#include "domain/date.h"
#include "service/internal.h"
#include "support/i18n.h"

#define AGENDA_RANGE_MAX 62 /* days one read may cover */

int agenda_collect(svc *s, int64_t worker, int64_t viewer, const char *from, const char *to,
		   occurrence_fn occ, appointment_fn appt, void *ctx)
{
	int rc = occ ? permanences_occurrences(s, worker, from, to, occ, ctx) : 0;
	if (rc == 0 && appt && appointments_collect(s, worker, viewer, from, to, appt, ctx) != 0)
		rc = -1;
	return rc < 0 ? -1 : 0;
}

int agenda_read(svc *s, const char *worker, const char *from, const char *to, occurrence_fn occ,
		appointment_fn appt, void *ctx)
{
	if (!svc_may(s, ACT_APPOINTMENTS))
		return SVC_FORBIDDEN;
	int64_t wid = s->actor.id;
	const char *login = s->actor.login;
	/* The head and the reception read any worker's agenda. */
	int any = !s->system && (s->actor.role == ROLE_HEAD || s->actor.role == ROLE_RECEPTION);
	if (any && !(worker && *worker)) {
		wid = 0; /* every worker's */
		login = NULL;
	} else if (any) {
		int found = svc_worker_find(s, worker, &wid);
		if (found < 0)
			return svc_abort(s, "agenda_read");
		if (!found)
			return svc_fail(s, SVC_INVALID, "worker", N_("Choisissez une assistante."));
		login = worker;
	} else if (worker && *worker && strcmp(worker, s->actor.login) != 0) {
		return svc_fail(s, SVC_INVALID, "worker", N_("Vous ne lisez que votre agenda."));
	}
	if (!from || !to || !date_valid(from) || !date_valid(to) || date_cmp(from, to) >= 0 ||
	    date_days_between(from, to) > AGENDA_RANGE_MAX)
		return svc_fail(s, SVC_INVALID, "from",
				N_("La période est faite de dates valides, 62 jours au plus."));
	if (svc_tx_begin(s) != STORE_OK || svc_audit(s, "agenda.read", login ? "user" : NULL, login) != 0 ||
	    agenda_collect(s, wid, appointments_viewer(s), from, to, occ, appt, ctx) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "agenda_read");
	return SVC_OK;
}
