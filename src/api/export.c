/*
 * export — everything held on one person in one document (DESIGN §2b, the
 * person's right of access): the person and their consents, each case with
 * its diagnosis and plan, interventions (a private note only to its
 * author), aids, budgets, orientations, letters (their titles), job retention, who each case
 * was shared with, and the corrections she asked for (service/rights.h).  Only whoever may open the person gets it (others: 404);
 * each read goes through its own use case, so each is checked and audited,
 * all in one transaction.
 */
#include <stdio.h>

#include "api/api.h"
#include "service/aids.h"
#include "service/budget.h"
#include "service/cases.h"
#include "service/interventions.h"
#include "service/letters.h"
#include "service/orientations.h"
#include "service/persons.h"
#include "service/rights.h"
#include "service/sharing.h"

/* One case with every record attached to it; NULL and *rc on a refusal. */
static json_t *case_export(svc *s, int64_t id, int *rc)
{
	json_t *one = json_array();
	*rc = cases_get(s, id, api_case_full_listed, one);
	json_t *c = json_incref(json_array_get(one, 0));
	json_decref(one);
	if (*rc != SVC_OK || !c) {
		json_decref(c);
		return NULL;
	}
	static const char *const keys[] = {"interventions", "aids", "budgets", "orientations",
					   "letters", "shares"};
	for (size_t k = 0; k < sizeof keys / sizeof keys[0] && *rc == SVC_OK; k++) {
		json_t *list = json_array();
		switch (k) {
		case 0: *rc = interventions_list(s, id, api_intervention_listed, list); break;
		case 1: *rc = aids_list(s, id, api_aid_listed, list); break;
		case 2: *rc = budget_history(s, id, api_budget_listed, list); break;
		case 3: *rc = orientations_list(s, id, api_orientation_listed, list); break;
		case 4: *rc = letters_list(s, id, api_letter_listed, list); break;
		default: *rc = sharing_list(s, id, api_share_listed, list); break;
		}
		json_object_set_new(c, keys[k], list);
	}
	if (*rc == SVC_OK) {
		json_t *r = api_job_retention_json(s, id, rc);
		json_object_set_new(c, "job_retention", r ? r : json_null());
	}
	if (*rc != SVC_OK) {
		json_decref(c);
		return NULL;
	}
	return c;
}

void api_person_export(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	/* One transaction for the whole document; it commits even on a
	   refusal, whose audit entry must stay. */
	if (svc_batch_begin(req->svc) != SVC_OK) {
		resp_svc_error(req, resp, SVC_ERROR);
		return;
	}
	json_t *people = json_array(), *cases = json_array();
	int rc = persons_get(req->svc, id, api_person_listed, people);
	if (rc == SVC_OK && json_array_size(people) == 0)
		rc = SVC_NOT_FOUND;
	json_t *corrections = json_array();
	if (rc == SVC_OK)
		rc = rights_corrections_list(req->svc, id, api_correction_listed, corrections);
	if (rc == SVC_OK)
		rc = cases_of_person(req->svc, id, api_case_listed, cases);
	json_t *full = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(cases, i, c)
	{
		if (rc != SVC_OK)
			break;
		json_t *one = case_export(req->svc, json_integer_value(json_object_get(c, "id")), &rc);
		if (one)
			json_array_append_new(full, one);
	}
	json_decref(cases);
	if (svc_batch_end(req->svc, 1) != SVC_OK && rc == SVC_OK)
		rc = SVC_ERROR;
	if (rc != SVC_OK) {
		json_decref(people);
		json_decref(full);
		json_decref(corrections);
		resp_svc_error(req, resp, rc);
		return;
	}
	json_t *doc = json_pack("{s:O, s:o, s:o}", "person", json_array_get(people, 0), "cases",
				full, "corrections", corrections);
	json_decref(people);
	api_send(resp, 200, doc);
	resp_header(resp, "Content-Disposition",
		    arena_printf(req->a, "attachment; filename=\"dossier-%lld.json\"", (long long)id));
}
