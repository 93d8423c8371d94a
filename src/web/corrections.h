/*
 * corrections — the forms correcting a record on the case page and in the
 * agenda (service/corrections.h), and their POSTs.  Internal to web/.
 */
#ifndef RELAIS_WEB_CORRECTIONS_H
#define RELAIS_WEB_CORRECTIONS_H

#include <stdint.h>

#include "service/interventions.h"
#include "web/case_forms.h"

/* Under intervention v of case case_id: the folded forms correcting and
   deleting it, each with its reason, open again when refused (r, the
   page's record refusal, may be NULL). */
void web_corrections_intervention_forms(struct request *req, buf *b,
					const struct case_refusal *r, const struct web_refs *refs,
					int64_t case_id, const struct intervention_view *v);
/* Under aid aid_id of case case_id awaiting its decision: the folded form
   deleting it with its reason. */
void web_corrections_aid_form(struct request *req, buf *b, const struct case_refusal *r,
			      int64_t case_id, int64_t aid_id);

/* Under lifting id of case case_id (its référent's page): the folded form
   deleting it with its reason. */
void web_corrections_secrecy_form(struct request *req, buf *b, const struct case_refusal *r,
				  int64_t case_id, int64_t id);

#endif
