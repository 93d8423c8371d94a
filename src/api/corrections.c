/* corrections — correcting records over the API (service/corrections.h):
   an intervention edited, an intervention, an aid awaiting its decision
   or an appointment deleted, each with its reason. */
#include <string.h>

#include "api/api.h"
#include "service/aids.h"
#include "service/appointments.h"
#include "service/corrections.h"
#include "service/hours.h"
#include "service/interventions.h"
#include "service/permanences.h"

/* PATCH /api/v1/interventions/{id}: every field, as when created, and the
   reason. */
void api_interventions_correct(struct request *req, struct response *resp)
{
	struct intervention_input in;
	memset(&in, 0, sizeof in);
	if (api_fields(req, resp, req->json, interventions_fields, INTERVENTION__FIELDS, &in) != 0 ||
	    api_fields(req, resp, req->json, interventions_correction_fields,
		       INTERVENTION_CORRECTION__FIELDS, &in) != 0)
		return;
	int rc = interventions_correct(req->svc, req->id, &in, in.reason, NULL);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 200, json_pack("{s:I}", "id", (json_int_t)req->id));
}

/* PATCH /api/v1/aids/{id}/request: the request's every field, as when
   created, and "correction_reason" ("reason" is the request's motive),
   while it awaits its decision (PATCH /api/v1/aids/{id} records that). */
void api_aids_correct(struct request *req, struct response *resp)
{
	struct aid_input in;
	memset(&in, 0, sizeof in);
	if (api_fields(req, resp, req->json, aids_fields, AID__FIELDS, &in) != 0 ||
	    api_fields(req, resp, req->json, aids_correction_fields, AID_CORRECTION__FIELDS,
		       &in) != 0)
		return;
	int rc = aids_correct(req->svc, req->id, &in, in.correction_reason, NULL);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 200, json_pack("{s:I}", "id", (json_int_t)req->id));
}

/* The reason of a deletion from the body; 0, or -1 after answering. */
static int reason_of(struct request *req, struct response *resp, struct correction_input *in)
{
	memset(in, 0, sizeof *in);
	return api_fields(req, resp, req->json, corrections_fields, CORRECTION_INPUT__FIELDS, in);
}

static void deleted(struct request *req, struct response *resp, int rc)
{
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 200, json_pack("{s:I, s:b}", "id", (json_int_t)req->id, "deleted", 1));
}

/* DELETE /api/v1/interventions/{id} {"reason": …} */
void api_interventions_delete(struct request *req, struct response *resp)
{
	struct correction_input in;
	if (reason_of(req, resp, &in) == 0)
		deleted(req, resp, interventions_delete(req->svc, req->id, in.reason, NULL));
}

/* DELETE /api/v1/aids/{id} {"reason": …} */
void api_aids_delete(struct request *req, struct response *resp)
{
	struct correction_input in;
	if (reason_of(req, resp, &in) == 0)
		deleted(req, resp, aids_delete(req->svc, req->id, in.reason, NULL));
}

/* DELETE /api/v1/appointments/{id} {"reason": …} */
void api_appointments_delete(struct request *req, struct response *resp)
{
	struct correction_input in;
	if (reason_of(req, resp, &in) == 0)
		deleted(req, resp, appointments_delete(req->svc, req->id, in.reason));
}

/* PATCH /api/v1/time/{id}: every field, as when recorded, and the reason. */
void api_hours_time_correct(struct request *req, struct response *resp)
{
	struct time_input in;
	struct correction_input why;
	memset(&in, 0, sizeof in);
	if (api_fields(req, resp, req->json, times_fields, TIME__FIELDS, &in) != 0 ||
	    reason_of(req, resp, &why) != 0)
		return;
	int rc = hours_time_correct(req->svc, req->id, &in, why.reason);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 200, json_pack("{s:I}", "id", (json_int_t)req->id));
}

/* DELETE /api/v1/time/{id} {"reason": …} */
void api_hours_time_delete(struct request *req, struct response *resp)
{
	struct correction_input in;
	if (reason_of(req, resp, &in) == 0)
		deleted(req, resp, hours_time_delete(req->svc, req->id, in.reason));
}

/* PATCH /api/v1/permanences/{id}: every field, as when created, and the
   reason. */
void api_permanences_correct(struct request *req, struct response *resp)
{
	struct permanence_input in;
	struct correction_input why;
	memset(&in, 0, sizeof in);
	in.every_weeks = 1; /* as when created: every week unless said */
	if (api_fields(req, resp, req->json, permanences_fields, PERMANENCE__FIELDS, &in) != 0 ||
	    reason_of(req, resp, &why) != 0)
		return;
	int rc = permanences_correct(req->svc, req->id, &in, why.reason);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 200, json_pack("{s:I}", "id", (json_int_t)req->id));
}

/* DELETE /api/v1/permanences/{id} {"reason": …} */
void api_permanences_delete(struct request *req, struct response *resp)
{
	struct correction_input in;
	if (reason_of(req, resp, &in) == 0)
		deleted(req, resp, permanences_delete(req->svc, req->id, in.reason));
}
