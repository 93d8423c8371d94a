/* retention — job retention on a case over the API (service/retention.h). */
#include <string.h>

#include "api/api.h"
#include "service/job_retention.h"
#include "support/i18n.h"

static json_t *period_json(const struct period_view *v, int leave)
{
	json_t *o = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)v->id, "start", v->start, "end",
			      api_nullable(v->end));
	if (leave) {
		json_object_set_new(o, "kind", json_string(v->kind));
		json_object_set_new(o, "days", v->days >= 0 ? json_integer(v->days) : json_null());
		json_object_set_new(o, "long_leave", json_boolean(v->long_leave));
	} else {
		json_object_set_new(o, "percent", json_integer(v->percent));
	}
	return o;
}

struct answer {
	json_t *record, *leaves, *part_times;
};

static int on_record(void *ctx, const struct job_retention_view *v)
{
	struct answer *a = ctx;
	a->record = json_pack(
		"{s:{s:s, s:o, s:o, s:o}, s:o, s:{s:o, s:o, s:o}, s:o, s:b}", "rqth", "status",
		v->rqth_status, "requested_on", api_nullable(v->rqth_requested_on), "decided_on",
		api_nullable(v->rqth_decided_on), "expires_on", api_nullable(v->rqth_expires_on),
		"pre_return_visit_on", api_nullable(v->pre_return_visit_on), "adjustment",
		"requested_on", api_nullable(v->adjustment_requested_on), "done_on",
		api_nullable(v->adjustment_done_on), "description",
		api_nullable(v->adjustment_description), "outcome", api_nullable(v->outcome),
		"case_closed", v->case_closed);
	return 0;
}

static int on_leave(void *ctx, const struct period_view *v)
{
	json_array_append_new(((struct answer *)ctx)->leaves, period_json(v, 1));
	return 0;
}

static int on_part_time(void *ctx, const struct period_view *v)
{
	json_array_append_new(((struct answer *)ctx)->part_times, period_json(v, 0));
	return 0;
}

json_t *api_job_retention_json(svc *s, int64_t case_id, int *rc)
{
	struct answer a = {NULL, json_array(), json_array()};
	struct job_retention_sink sink = {on_record, on_leave, on_part_time, &a};
	*rc = case_id ? job_retention_get(s, case_id, &sink) : SVC_NOT_FOUND;
	if (*rc != SVC_OK || !a.record) {
		json_decref(a.record);
		json_decref(a.leaves);
		json_decref(a.part_times);
		return NULL;
	}
	json_object_set_new(a.record, "sick_leaves", a.leaves);
	json_object_set_new(a.record, "part_times", a.part_times);
	return a.record;
}

/* Answers the whole record of case id: {"retention":{…, "sick_leaves",
   "part_times"}}, or the sick leaves only as {"sick_leaves":[…]}. */
static void send_record(struct request *req, struct response *resp, int64_t id, int leaves_only)
{
	struct answer a = {NULL, json_array(), json_array()};
	struct job_retention_sink sink = {leaves_only ? NULL : on_record, on_leave,
				      leaves_only ? NULL : on_part_time, &a};
	int rc = job_retention_get(req->svc, id, &sink);
	if (rc != SVC_OK || leaves_only) {
		json_decref(a.record);
		json_decref(a.part_times);
		api_send_list(req, resp, rc, "sick_leaves", a.leaves);
		return;
	}
	json_object_set_new(a.record, "sick_leaves", a.leaves);
	json_object_set_new(a.record, "part_times", a.part_times);
	api_send(resp, 200, json_pack("{s:o}", "retention", a.record));
}

void api_job_retention_get(struct request *req, struct response *resp)
{
	send_record(req, resp, req->id, 0);
}

void api_job_retention_update(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	json_t *body = req->json;
	struct job_retention_input in;
	memset(&in, 0, sizeof in);
	if (api_fields(req, resp, body, job_retention_fields, JOB_RETENTION__FIELDS, &in) == 0) {
		int rc = job_retention_update(req->svc, id, &in);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			send_record(req, resp, id, 0);
	}
}

/* The period of a body: start, end, kind or percent; -1 after answering.
   "" clears a member; null only the end (it reopens the period), it keeps
   the others. */
static int read_period(struct request *req, struct response *resp, json_t *body, int leave,
		       struct period_input *in)
{
	const struct field *f = leave ? job_retention_leave_fields : job_retention_part_time_fields;
	memset(in, 0, sizeof *in);
	return api_fields(req, resp, body, f, PERIOD__FIELDS, in);
}

static void create_period(struct request *req, struct response *resp, int leave)
{
	int64_t cid = req->id;
	json_t *body = req->json;
	struct period_input in;
	if (read_period(req, resp, body, leave, &in) == 0) {
		int64_t id = 0;
		int rc = leave ? job_retention_leave_create(req->svc, cid, &in, &id)
			       : job_retention_part_time_create(req->svc, cid, &in, &id);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	}
}

void api_job_retention_leaves_create(struct request *req, struct response *resp)
{
	create_period(req, resp, 1);
}

void api_job_retention_leaves_list(struct request *req, struct response *resp)
{
	send_record(req, resp, req->id, 1);
}

void api_job_retention_leave_update(struct request *req, struct response *resp)
{
	int64_t cid = req->id, lid = req_param_id(req, 1);
	if (!lid) {
		resp_svc_error(req, resp, SVC_NOT_FOUND);
		return;
	}
	json_t *body = req->json;
	struct period_input in;
	if (read_period(req, resp, body, 1, &in) == 0) {
		int rc = job_retention_leave_update(req->svc, cid, lid, &in);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			send_record(req, resp, cid, 1);
	}
}

static void delete_period(struct request *req, struct response *resp, int leave)
{
	int64_t cid = req->id, pid = req_param_id(req, 1);
	int rc = !pid  ? SVC_NOT_FOUND
	       : leave ? job_retention_leave_delete(req->svc, cid, pid)
		       : job_retention_part_time_delete(req->svc, cid, pid);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		resp->status = 204;
}

void api_job_retention_leave_delete(struct request *req, struct response *resp)
{
	delete_period(req, resp, 1);
}

void api_job_retention_part_times_create(struct request *req, struct response *resp)
{
	create_period(req, resp, 0);
}

void api_job_retention_part_time_delete(struct request *req, struct response *resp)
{
	delete_period(req, resp, 0);
}
