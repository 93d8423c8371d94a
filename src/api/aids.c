/* aids — financial aid requests and the budget diagnosis of a case, over
   the API (see service/aids.h and service/budget.h). */
#include <string.h>

#include "api/api.h"
#include "service/aids.h"
#include "service/budget.h"
#include "support/i18n.h"

/* Answers rc's error when it is not SVC_OK; 1 when it did. */
static int failed(struct request *req, struct response *resp, int rc)
{
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	return rc != SVC_OK;
}

/* ---- aids ---- */

static json_t *aid_json(const struct aid_view *v)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:o, s:s, s:I, s:o, s:o, s:s}", "id",
			 (json_int_t)v->id, "case_id", (json_int_t)v->case_id, "kind", v->kind,
			 "funder", v->funder, "amount_requested_cents",
			 (json_int_t)v->amount_requested_cents, "submitted_on", v->submitted_on,
			 "reason", api_nullable(v->reason), "decision", v->decision,
			 "amount_granted_cents", (json_int_t)v->amount_granted_cents, "decided_on",
			 api_nullable(v->decided_on), "paid_on", api_nullable(v->paid_on), "author",
			 v->author);
}

void api_aids_create(struct request *req, struct response *resp)
{
	int64_t cid = req->id;
	json_t *body = req->json;
	struct aid_input in;
	memset(&in, 0, sizeof in);
	if (api_fields(req, resp, body, aids_fields, AID__FIELDS, &in) == 0) {
		int64_t id = 0;
		if (!failed(req, resp, aids_create(req->svc, cid, &in, &id)))
			api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	}
}

static int one_aid(void *ctx, const struct aid_view *v)
{
	*(json_t **)ctx = aid_json(v);
	return 1;
}

/* Answers {"aid": …} for aid id, or the error. */
static void send_aid(struct request *req, struct response *resp, int64_t id)
{
	json_t *a = NULL;
	int rc = aids_get(req->svc, id, one_aid, &a);
	if (rc == SVC_OK && !a)
		rc = SVC_NOT_FOUND;
	if (!failed(req, resp, rc))
		api_send(resp, 200, json_pack("{s:o}", "aid", a));
	else
		json_decref(a);
}

void api_aid_get(struct request *req, struct response *resp)
{
	send_aid(req, resp, req->id);
}

/* Whether the body names field f, null included (null clears it). */
static int named(json_t *body, const struct field *f)
{
	return json_object_get(body, f->name) != NULL;
}

void api_aid_update(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	json_t *body = req->json;
	struct aid_decision_input in;
	memset(&in, 0, sizeof in);
	const struct field *f = aids_decision_fields;
	if (api_fields(req, resp, body, f, AID_DECISION__FIELDS, &in) == 0) {
		/* "" is no decision (refused), not an unchanged one. */
		const char *d = json_string_value(json_object_get(body, f[AID_DECISION].name));
		if (d && !*d)
			in.decision = "";
		in.set_granted = named(body, &f[AID_GRANTED]);
		in.set_decided_on = named(body, &f[AID_DECIDED_ON]);
		in.set_paid_on = named(body, &f[AID_PAID_ON]);
		if (!failed(req, resp, aids_decide(req->svc, id, &in)))
			send_aid(req, resp, id);
	}
}

int api_aid_listed(void *ctx, const struct aid_view *v)
{
	json_array_append_new(ctx, aid_json(v));
	return 0;
}

void api_aids_list(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp, aids_list(req->svc, req->id, api_aid_listed, list), "aids", list);
}

/* ---- budget ---- */

/* The JSON names of each section's array and label member. */
static const struct {
	const char *list, *label, *label_field, *amount_field;
} section_keys[BUDGET__SECTIONS] = {
	[BUDGET_INCOME] = {"incomes", "label", "incomes.label", "incomes.amount_cents"},
	[BUDGET_CHARGE] = {"charges", "label", "charges.label", "charges.amount_cents"},
	[BUDGET_DEBT] = {"debts", "creditor", "debts.creditor", "debts.amount_cents"},
};

/* Reads one section's array into in (strings point into body); 0, or -1
   after answering 422. */
static int read_section(struct request *req, struct response *resp, json_t *body, int k,
			struct budget_input *in)
{
	json_t *arr = json_object_get(body, section_keys[k].list);
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > BUDGET_LINES_MAX) {
		resp_error(req, resp, 422, "invalid",
			   _("Une rubrique est une liste de 30 lignes au plus."), section_keys[k].list);
		return -1;
	}
	size_t n = json_array_size(arr);
	struct budget_line *lines = arena_alloc(req->a, sizeof *lines * (n ? n : 1));
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		json_t *label = json_object_get(o, section_keys[k].label);
		json_t *amount = json_object_get(o, "amount_cents");
		json_t *monthly = json_object_get(o, "monthly_cents");
		if (!json_is_object(o) || !json_is_string(label) ||
		    strlen(json_string_value(label)) != json_string_length(label)) {
			resp_error(req, resp, 422, "invalid", _("Chaque ligne a un libellé."),
				   section_keys[k].label_field);
			return -1;
		}
		if (!json_is_integer(amount)) {
			resp_error(req, resp, 422, "invalid",
				   _("Un montant est un nombre entier de centimes."),
				   section_keys[k].amount_field);
			return -1;
		}
		if (k == BUDGET_DEBT && !json_is_integer(monthly)) {
			resp_error(req, resp, 422, "invalid",
				   _("Un montant est un nombre entier de centimes."),
				   "debts.monthly_cents");
			return -1;
		}
		lines[i].label = json_string_value(label);
		lines[i].amount_cents = json_integer_value(amount);
		lines[i].monthly_cents = k == BUDGET_DEBT ? json_integer_value(monthly) : 0;
	}
	in->lines[k] = lines;
	in->n[k] = (int)n;
	return 0;
}

static json_t *rav_json(const char *month, const struct reste_a_vivre *r)
{
	return json_pack("{s:s, s:I, s:I, s:f, s:I}", "month", month, "per_month_cents",
			 (json_int_t)r->per_month_cents, "per_day_cents",
			 (json_int_t)r->per_day_cents, "units", (double)r->units_tenths / 10.0,
			 "per_day_per_unit_cents", (json_int_t)r->per_day_per_unit_cents);
}

void api_budget_put(struct request *req, struct response *resp)
{
	int64_t cid = req->id;
	json_t *body = req->json;
	struct budget_input in;
	memset(&in, 0, sizeof in);
	int bad = api_fields(req, resp, body, budget_fields, BUDGET__FIELDS, &in) != 0;
	for (int k = 0; k < BUDGET__SECTIONS && !bad; k++)
		bad = read_section(req, resp, body, k, &in) != 0;
	struct reste_a_vivre r;
	if (!bad && !failed(req, resp, budget_put(req->svc, cid, &in, &r)))
		api_send(resp, 200, rav_json(in.month, &r));
}

static json_t *lines_json(const struct budget_view *v, int k)
{
	json_t *arr = json_array();
	for (int i = 0; i < v->n[k]; i++) {
		const struct budget_line *l = &v->lines[k][i];
		json_t *o = json_pack("{s:s, s:I}", section_keys[k].label, l->label, "amount_cents",
				      (json_int_t)l->amount_cents);
		if (k == BUDGET_DEBT)
			json_object_set_new(o, "monthly_cents", json_integer(l->monthly_cents));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* A month: the household, the totals and the reste à vivre (and the
   lines, when read with them). */
static json_t *budget_json(const struct budget_view *v)
{
	json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "month", v->month,
			      "adults", (json_int_t)v->household.adults, "children_under_14",
			      (json_int_t)v->household.children_under_14, "others_14_plus",
			      (json_int_t)v->household.others_14_plus, "incomes_cents",
			      (json_int_t)v->incomes_cents, "charges_cents",
			      (json_int_t)v->charges_cents, "repayments_cents",
			      (json_int_t)v->repayments_cents, "reste_a_vivre",
			      rav_json(v->month, &v->rav));
	if (v->lines[BUDGET_INCOME])
		for (int k = 0; k < BUDGET__SECTIONS; k++)
			json_object_set_new(o, section_keys[k].list, lines_json(v, k));
	return o;
}

static int one_budget(void *ctx, const struct budget_view *v)
{
	*(json_t **)ctx = budget_json(v);
	return 1;
}

void api_budget_get(struct request *req, struct response *resp)
{
	json_t *b = NULL;
	int rc = budget_get(req->svc, req->id, req_query(req, "month"), one_budget, &b);
	if (!failed(req, resp, rc))
		api_send(resp, 200, json_pack("{s:o}", "budget", b ? b : json_null()));
	else
		json_decref(b);
}

int api_budget_listed(void *ctx, const struct budget_view *v)
{
	json_array_append_new(ctx, budget_json(v));
	return 0;
}

void api_budget_history(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp, budget_history(req->svc, req->id, api_budget_listed, list),
		      "history", list);
}
