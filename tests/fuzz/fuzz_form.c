/*
 * fuzz_form — an application/x-www-form-urlencoded body as every form of
 * the application reads it: sent to the server's library (fuzz_http.h),
 * then read by req_fields over one of the use cases' declared inputs (the
 * first byte chooses which; the rest is the body), as the pages'
 * handlers do.  A refusal names a field of the table with a message; an
 * acceptance leaves every text clean UTF-8 within its length and every
 * number within its bounds.
 */
#include "fuzz_http.h"

#include "domain/field.h"
#include "support/text.h"
#include "service/actions.h"
#include "service/aids.h"
#include "service/appointments.h"
#include "service/auth.h"
#include "service/bilan.h"
#include "service/budget.h"
#include "service/calendar.h"
#include "service/caseloads.h"
#include "service/cases.h"
#include "service/employee_requests.h"
#include "service/employer_requests.h"
#include "service/hours.h"
#include "service/interventions.h"
#include "service/job_retention.h"
#include "service/organisations.h"
#include "service/orientations.h"
#include "service/partners.h"
#include "service/permanences.h"
#include "service/persons.h"
#include "service/reference.h"
#include "service/sharing.h"
#include "service/users.h"

#define T(table, count) {table, count, #table}
static const struct {
	const struct field *fields;
	size_t n;
	const char *name;
} tables[] = {
	T(actions_fields, ACTION__FIELDS),
	T(aids_fields, AID__FIELDS),
	T(aids_decision_fields, AID_DECISION__FIELDS),
	T(appointments_fields, APPOINTMENT__FIELDS),
	T(appointments_day_fields, APPOINTMENT_DAY__FIELDS),
	T(appointments_status_fields, APPOINTMENT_STATUS__FIELDS),
	T(appointments_intervention_fields, APPOINTMENT_INTERVENTION__FIELDS),
	T(auth_login_fields, LOGIN__FIELDS),
	T(bilan_publish_fields, BILAN_PUBLISH__FIELDS),
	T(budget_fields, BUDGET__FIELDS),
	T(calendar_fields, CALENDAR__FIELDS),
	T(caseloads_handover_fields, HANDOVER__FIELDS),
	T(caseloads_transfer_fields, TRANSFER__FIELDS),
	T(cases_fields, CASE__FIELDS),
	T(employee_requests_submit_fields, EMPREQ__FIELDS),
	T(employee_requests_convert_fields, EMPREQ_CONVERT__FIELDS),
	T(employee_requests_appointment_fields, EMPREQ_APPT__FIELDS),
	T(employer_requests_fields, EREQ__FIELDS),
	T(employer_requests_reply_fields, EREQ_REPLY__FIELDS),
	T(conventions_fields, CONVENTION__FIELDS),
	T(conventions_form_fields, CONVENTION_FORM__FIELDS),
	T(times_fields, TIME__FIELDS),
	T(interventions_fields, INTERVENTION__FIELDS),
	T(job_retention_fields, JOB_RETENTION__FIELDS),
	T(job_retention_leave_fields, PERIOD__FIELDS),
	T(job_retention_part_time_fields, PERIOD__FIELDS),
	T(organisations_fields, ORGANISATION__FIELDS),
	T(headcounts_fields, HEADCOUNT__FIELDS),
	T(assignments_fields, ASSIGNMENT__FIELDS),
	T(orientations_fields, ORIENTATION__FIELDS),
	T(orientations_update_fields, ORIENTATION_UPDATE__FIELDS),
	T(partners_fields, PARTNER__FIELDS),
	T(partners_merge_fields, PARTNER_MERGE__FIELDS),
	T(permanences_fields, PERMANENCE__FIELDS),
	T(permanence_exceptions_fields, EXCEPTION__FIELDS),
	T(persons_fields, PERSON__FIELDS),
	T(persons_consent_fields, PERSON_CONSENT__FIELDS),
	T(reference_add_fields, REF_ADD__FIELDS),
	T(reference_update_fields, REF_UPDATE__FIELDS),
	T(sharing_fields, SHARE__FIELDS),
	T(users_fields, USER__FIELDS),
};
#define NTABLES (sizeof tables / sizeof *tables)

static unsigned which; /* the table of the input being read */

static void fuzz_request(struct request *req)
{
	const struct field *fields = tables[which].fields;
	size_t n = tables[which].n;
	/* Room for any input struct: each is a few dozen members. */
	_Alignas(max_align_t) unsigned char dest[4096];
	memset(dest, 0, sizeof dest);
	struct verr e = {NULL, NULL};
	if (req_fields(req, fields, n, dest, &e) != 0) {
		fuzz_check(e.field && field_find(fields, n, e.field) && e.message && *e.message);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct field *f = &fields[i];
		fuzz_check(f->offset + sizeof(int64_t) <= sizeof dest);
		const unsigned char *at = dest + f->offset;
		if (f->type <= FIELD_DATETIME) {
			const char *s;
			memcpy(&s, at, sizeof s);
			if (s)
				fuzz_check(text_is_clean_utf8(s, strlen(s), f->type == FIELD_TEXT) &&
					   (f->type > FIELD_CODE ||
					    text_utf8_chars(s) <= field_max_chars(f)));
		} else if (f->type == FIELD_BOOL) {
			int yes;
			memcpy(&yes, at, sizeof yes);
			fuzz_check(yes == 0 || yes == 1);
		} else {
			int64_t v, min, max;
			memcpy(&v, at, sizeof v);
			field_bounds(f, &min, &max);
			fuzz_check(v == 0 || (v >= min && v <= max));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65536)
		return 0;
	which = data[0] % NTABLES;
	size_t len = size - 1;
	char *msg = malloc(len + 256);
	if (!msg)
		abort();
	int head = snprintf(msg, 256,
			    "POST /persons HTTP/1.1\r\nHost: relais.test\r\n"
			    "Content-Type: application/x-www-form-urlencoded\r\n"
			    "Content-Length: %zu\r\nConnection: close\r\n\r\n",
			    len);
	memcpy(msg + head, data + 1, len);
	fuzz_http_send(msg, (size_t)head + len);
	free(msg);
	return 0;
}
