/* calendar — see calendar.h. */
#include "service/calendar.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"
#include "domain/ical.h"
#include "service/agenda.h"
#include "service/audit.h"
#include "service/internal.h"
#include "support/i18n.h"

const struct field calendar_fields[CALENDAR__FIELDS] = {
	[CALENDAR_REVOKE] = {"revoke", FIELD_INT, 0, 0, 1, NULL,
			     FIELD_AT(struct calendar_request, revoke)},
};

#define TZID "Europe/Paris"

/* The secret of user id with salt: keyed by the master key's text key. */
static void derive(svc *s, int64_t user, const char *salt, char out[CALENDAR_SECRET_LEN + 1])
{
	char msg[160];
	int n = snprintf(msg, sizeof msg, "calendar-feed:%" PRId64 ":%s", user, salt);
	sec_mac_hex(s->app->text_key, msg, (size_t)n, out);
}

struct feed {
	int found;
	char hash[SEC_HASH_HEX_LEN + 1];
	char salt[SEC_TOKEN_LEN + 1];
};

static int feed_row(void *ctx, const store_row *row)
{
	struct feed *f = ctx;
	f->found = 1;
	svc_row_copy(row, FEED_COL_TOKEN_HASH, f->hash, sizeof f->hash);
	svc_row_copy(row, FEED_COL_SALT, f->salt, sizeof f->salt);
	return 1;
}

int calendar_secret(svc *s, int revoke, char out[CALENDAR_SECRET_LEN + 1])
{
	if (!svc_may(s, ACT_CALENDAR) || s->system)
		return SVC_FORBIDDEN;
	struct feed f = {0, "", ""};
	store_value u[] = {SV_INT(s->actor.id)};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_FEED_GET, u, 1, feed_row, &f) != STORE_OK)
		return svc_abort(s, "calendar_secret");
	const char *action = "calendar.url";
	if (revoke || !f.found) {
		action = f.found ? "calendar.revoke" : "calendar.create";
		sec_token_new(f.salt);
		derive(s, s->actor.id, f.salt, out);
		sec_token_hash(out, f.hash);
		store_value p[] = {SV_INT(s->actor.id), SV_TEXT(f.hash), SV_TEXT(f.salt),
				   SV_INT((int64_t)time(NULL))};
		if (store_exec(svc_db(s), ST_FEED_DELETE, u, 1, NULL, NULL) != STORE_OK ||
		    store_exec(svc_db(s), ST_FEED_INSERT, p, 4, NULL, NULL) != STORE_OK)
			return svc_abort(s, "calendar_secret");
	} else {
		derive(s, s->actor.id, f.salt, out);
	}
	if (svc_audit(s, action, "user", s->actor.login) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "calendar_secret");
	return SVC_OK;
}

struct owner {
	int found;
	int64_t id;
	char login[65];
	int active;
	char role[16];
};

static int owner_row(void *ctx, const store_row *row)
{
	struct owner *o = ctx;
	o->found = 1;
	o->id = store_row_int(row, FEED_OWNER_COL_USER_ID);
	svc_row_copy(row, FEED_OWNER_COL_LOGIN, o->login, sizeof o->login);
	o->active = (int)store_row_int(row, FEED_OWNER_COL_ACTIVE);
	svc_row_copy(row, FEED_OWNER_COL_ROLE, o->role, sizeof o->role);
	return 1;
}

struct writer {
	buf *b;
	char stamp[24]; /* DTSTAMP, UTC */
};

/* "20250106T090000" from a date and "HH:MM". */
static void local_time(const char *date, const char *hhmm, char out[16])
{
	snprintf(out, 16, "%.4s%.2s%.2sT%.2s%.2s00", date, date + 5, date + 8, hhmm, hhmm + 3);
}

static void event_head(struct writer *w, const char *uid, const char *date, const char *start,
		       const char *end)
{
	char t1[16], t2[16];
	local_time(date, start, t1);
	local_time(date, end, t2);
	ical_line(w->b, "BEGIN", "VEVENT");
	ical_line(w->b, "UID", uid);
	ical_line(w->b, "DTSTAMP", w->stamp);
	ical_line(w->b, "DTSTART;TZID=" TZID, t1);
	ical_line(w->b, "DTEND;TZID=" TZID, t2);
}

static int occurrence_event(void *ctx, const struct occurrence_view *v)
{
	struct writer *w = ctx;
	char uid[96];
	snprintf(uid, sizeof uid, "permanence-%" PRId64 "-%.4s%.2s%.2s@relais", v->permanence_id,
		 v->date, v->date + 5, v->date + 8);
	event_head(w, uid, v->date, v->start, v->end);
	buf summary;
	buf_init(&summary, 0);
	buf_printf(&summary, "%s — %s", _("Permanence"), v->site ? v->site : "");
	ical_text_line(w->b, "SUMMARY", buf_cstr(&summary));
	buf_free(&summary);
	ical_text_line(w->b, "LOCATION", v->site);
	ical_line(w->b, "TRANSP", "OPAQUE");
	ical_line(w->b, "END", "VEVENT");
	return 0;
}

static int appointment_event(void *ctx, const struct appointment_view *v)
{
	struct writer *w = ctx;
	if (!v->start || !v->end || strlen(v->start) < 16 || strlen(v->end) < 16)
		return 0;
	char uid[64], date[DATE_LEN + 1];
	snprintf(uid, sizeof uid, "appointment-%" PRId64 "@relais", v->id);
	snprintf(date, sizeof date, "%.10s", v->start);
	event_head(w, uid, date, v->start + 11, v->end + 11);
	/* Nothing about the person: not the name, the motive, the domain. */
	ical_text_line(w->b, "SUMMARY", _("Rendez-vous service social"));
	if (v->site && *v->site)
		ical_text_line(w->b, "LOCATION", v->site);
	int cancelled = v->status && (strcmp(v->status, "annule") == 0 ||
				      strcmp(v->status, "excuse") == 0);
	ical_line(w->b, "STATUS", cancelled ? "CANCELLED" : "CONFIRMED");
	ical_line(w->b, "CLASS", "PRIVATE");
	ical_line(w->b, "END", "VEVENT");
	return 0;
}

/* Europe/Paris since 1996: CET, CEST from the last Sunday of March to the
   last Sunday of October. */
static void vtimezone(buf *b)
{
	static const char *const lines[][2] = {
		{"BEGIN", "VTIMEZONE"},	     {"TZID", TZID},
		{"BEGIN", "DAYLIGHT"},	     {"TZOFFSETFROM", "+0100"},
		{"TZOFFSETTO", "+0200"},     {"TZNAME", "CEST"},
		{"DTSTART", "19700329T020000"}, {"RRULE", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"},
		{"END", "DAYLIGHT"},	     {"BEGIN", "STANDARD"},
		{"TZOFFSETFROM", "+0200"},   {"TZOFFSETTO", "+0100"},
		{"TZNAME", "CET"},	     {"DTSTART", "19701025T030000"},
		{"RRULE", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"}, {"END", "STANDARD"},
		{"END", "VTIMEZONE"}};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		ical_line(b, lines[i][0], lines[i][1]);
}

static int is_hex(const char *s, size_t n)
{
	if (!s || strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int calendar_render(svc *s, const char *secret, buf *out)
{
	if (!is_hex(secret, CALENDAR_SECRET_LEN))
		return SVC_NOT_FOUND;
	char hash[SEC_HASH_HEX_LEN + 1];
	sec_token_hash(secret, hash);
	struct owner o = {0, 0, "", 0, ""};
	store_value h[] = {SV_TEXT(hash)};
	if (store_exec(svc_db(s), ST_FEED_LOOKUP, h, 1, owner_row, &o) != STORE_OK)
		return svc_abort(s, "calendar_render");
	if (!o.found || !o.active || strcmp(o.role, "worker") != 0)
		return SVC_NOT_FOUND;
	char today[DATE_LEN + 1], from[DATE_LEN + 1], to[DATE_LEN + 1];
	date_today(today);
	date_add_days(today, -CALENDAR_PAST_DAYS, from);
	date_add_days(today, CALENDAR_DAYS, to);
	struct writer w = {out, ""};
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(w.stamp, sizeof w.stamp, "%Y%m%dT%H%M%SZ", &tm);
	ical_line(out, "BEGIN", "VCALENDAR");
	ical_line(out, "VERSION", "2.0");
	ical_line(out, "PRODID", "-//relais//agenda//FR");
	ical_line(out, "CALSCALE", "GREGORIAN");
	ical_text_line(out, "X-WR-CALNAME", _("Agenda — service social"));
	vtimezone(out);
	/* Permanences from today on; appointments of the last month too. */
	if (svc_tx_begin(s) != STORE_OK || svc_audit(s, "calendar.feed", "user", o.login) != 0 ||
	    agenda_collect(s, o.id, 0, today, to, occurrence_event, NULL, &w) != 0 ||
	    agenda_collect(s, o.id, 0, from, to, NULL, appointment_event, &w) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "calendar_render");
	ical_line(out, "END", "VCALENDAR");
	return out->overflow ? SVC_ERROR : SVC_OK;
}
