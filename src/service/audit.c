/* audit — see audit.h. */
#include "service/audit.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "domain/audit_chain.h"
#include "domain/audit_labels.h"
#include "domain/date.h"
#include "service/internal.h"
#include "service/paging_read.h"
#include "support/i18n.h"
#include "support/log.h"
#include "support/text.h"

#define AUDIT_PAGE 1000

static void row_from_store(const store_row *row, struct audit_row *r)
{
	r->id = store_row_int(row, AUDIT_COL_ID);
	r->at = store_row_int(row, AUDIT_COL_AT);
	r->actor_id = store_row_int(row, AUDIT_COL_ACTOR_ID);
	r->actor_login = store_row_text(row, AUDIT_COL_ACTOR_LOGIN);
	r->action = store_row_text(row, AUDIT_COL_ACTION);
	r->object_type = store_row_text(row, AUDIT_COL_OBJECT_TYPE);
	r->object_id = store_row_text(row, AUDIT_COL_OBJECT_ID);
	r->client_addr = store_row_text(row, AUDIT_COL_CLIENT_ADDR);
	r->prev_hash = store_row_text(row, AUDIT_COL_PREV_HASH);
	r->hash = store_row_text(row, AUDIT_COL_HASH);
}

struct relay {
	audit_row_fn fn;
	void *ctx;
	int64_t last_id; /* for paging */
	int64_t count;   /* rows seen on this page */
	int stopped;     /* fn asked to stop */
};

static int relay_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	struct audit_row a;
	row_from_store(row, &a);
	r->last_id = a.id;
	r->count++;
	if (r->fn(r->ctx, &a)) {
		r->stopped = 1;
		return 1;
	}
	return 0;
}

/* Reading the log is itself logged (who looked at whose traces), except
   from the command line, whose operator holds the database anyway. */
static int log_reading(svc *s, const char *action)
{
	if (s->system)
		return SVC_OK;
	store *db = svc_db(s);
	if (!db || svc_tx_begin(s) != STORE_OK || svc_audit(s, action, NULL, NULL) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, action);
	return SVC_OK;
}

/* The log's cursor: an entry's id. */
static void entry_cursor(struct page *pg, const store_row *row)
{
	page_cursor_id(pg->next, store_row_int(row, AUDIT_COL_ID));
}

/* text without its surrounding spaces, copied into out (cap bytes);
   -1 when it does not fit. */
static int trimmed(const char *text, char *out, size_t cap)
{
	while (*text == ' ' || *text == '\t')
		text++;
	size_t n = strlen(text);
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\r' ||
		     text[n - 1] == '\n'))
		n--;
	if (n >= cap)
		return -1;
	memcpy(out, text, n);
	out[n] = 0;
	return 0;
}

/* A person's id, or her page's link: the number after "/persons/". */
static int person_ref(const char *text, int64_t *id)
{
	char t[512], digits[24];
	if (trimmed(text, t, sizeof t) != 0)
		return -1;
	const char *p = strstr(t, "/persons/");
	p = p ? p + strlen("/persons/") : t;
	size_t n = strspn(p, "0123456789");
	if (n == 0 || n >= sizeof digits || (p[n] && !strchr("/?#", p[n])) ||
	    (p == t && p[n]))
		return -1;
	memcpy(digits, p, n);
	digits[n] = 0;
	return text_parse_int(digits, 1, INT64_MAX, id);
}

/* Midnight starting date text (AAAA-MM-JJ) in the service's time zone,
   plus `days`. */
static int day_start(const char *text, int days, int64_t *at)
{
	char t[16];
	if (trimmed(text, t, sizeof t) != 0 || !date_valid(t))
		return -1;
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = date_year(t) - 1900;
	tm.tm_mon = (t[5] - '0') * 10 + (t[6] - '0') - 1;
	tm.tm_mday = (t[8] - '0') * 10 + (t[9] - '0') + days;
	tm.tm_isdst = -1;
	time_t v = mktime(&tm);
	if (v == (time_t)-1)
		return -1;
	*at = (int64_t)v;
	return 0;
}

static int given(const char *text)
{
	return text && text[strspn(text, " \t")];
}

int audit_filter_read(const char *person, const char *account, const char *action,
		      const char *from, const char *to, struct audit_filter *f, const char **field,
		      const char **message)
{
	memset(f, 0, sizeof *f);
	*field = NULL;
	*message = NULL;
	char code[128];
	if (given(person) && person_ref(person, &f->person_id) != 0) {
		*field = "person";
		*message = N_("Donnez le numéro de la personne ou collez le lien de sa page "
			      "(…/persons/123).");
	} else if (given(account) && text_parse_int(account, 1, INT64_MAX, &f->actor_id) != 0) {
		*field = "account";
		*message = N_("Choisissez un compte dans la liste.");
	} else if (given(action) &&
		   (trimmed(action, code, sizeof code) != 0 || !audit_action_label(code))) {
		*field = "action";
		*message = N_("Choisissez une action dans la liste.");
	} else if (given(from) && day_start(from, 0, &f->from) != 0) {
		*field = "from";
		*message = N_("La date de début s'écrit AAAA-MM-JJ.");
	} else if (given(to) && day_start(to, 1, &f->until) != 0) {
		*field = "to";
		*message = N_("La date de fin s'écrit AAAA-MM-JJ.");
	} else if (f->from && f->until && f->until <= f->from) {
		*field = "to";
		*message = N_("La date de fin précède la date de début.");
	}
	if (*field)
		return -1;
	if (given(action)) { /* the table's own text: lives as long as the program */
		size_t n;
		const struct audit_label *t = audit_action_labels(&n);
		for (size_t i = 0; i < n; i++)
			if (strcmp(t[i].code, code) == 0)
				f->action = t[i].code;
	}
	return 0;
}

static int filter_empty(const struct audit_filter *f)
{
	return !f || (!f->person_id && !f->actor_id && (!f->action || !f->action[0]) && !f->from &&
		      !f->until);
}

/* The filter's six parameters ($1…$6 of ST_AUDIT_FIND_*); person holds
   the id as text. */
static void filter_values(const struct audit_filter *f, char person[24], store_value q[6])
{
	person[0] = 0;
	if (f->person_id)
		snprintf(person, 24, "%" PRId64, f->person_id);
	q[0] = SV_TEXT(person);
	q[1] = SV_INT(f->person_id);
	q[2] = SV_INT(f->actor_id);
	q[3] = SV_TEXT(f->action ? f->action : "");
	q[4] = SV_INT(f->from);
	q[5] = SV_INT(f->until ? f->until : INT64_MAX);
}

/* One page of the entries f selects (f may be NULL), newest first, and
   their number when count is set. */
static int read_page(svc *s, const struct audit_filter *f, int64_t before, int count,
		     struct page *pg, struct page_read *p)
{
	store *db = svc_db(s);
	if (!db)
		return -1;
	if (filter_empty(f)) {
		store_value q[] = {SV_INT(before), SV_INT(pg->limit + 1)};
		return (count && store_exec(db, ST_AUDIT_COUNT, NULL, 0, svc_row_int, &pg->total) !=
					 STORE_OK) ||
			       store_exec(db, ST_AUDIT_PAGE, q, 2, page_read, p) != STORE_OK
			       ? -1
			       : 0;
	}
	char person[24];
	store_value q[8];
	filter_values(f, person, q);
	q[6] = SV_INT(before);
	q[7] = SV_INT(pg->limit + 1);
	return (count && store_exec(db, ST_AUDIT_FIND_COUNT, q, 6, svc_row_int, &pg->total) !=
				 STORE_OK) ||
		       store_exec(db, ST_AUDIT_FIND_PAGE, q, 8, page_read, p) != STORE_OK
		       ? -1
		       : 0;
}

int audit_page(svc *s, const struct audit_filter *f, struct page *pg, audit_row_fn fn,
	       void *ctx)
{
	if (!svc_may(s, ACT_AUDIT_READ))
		return SVC_FORBIDDEN;
	int64_t before = INT64_MAX;
	if (pg->after[0] && page_cursor_id_parse(pg->after, &before) != 0)
		return page_refuse_cursor(s);
	int rc = log_reading(s, "audit.read");
	if (rc != SVC_OK)
		return rc;
	struct relay r = {fn, ctx, 0, 0, 0};
	struct page_read p = {pg, entry_cursor, relay_row, &r};
	page_read_start(pg);
	if (read_page(s, f, before, 1, pg, &p) != 0)
		return svc_abort(s, "audit_page");
	page_read_done(pg);
	return SVC_OK;
}

int audit_export(svc *s, const struct audit_filter *f, const char *format, audit_row_fn fn,
		 void *ctx)
{
	static const struct audit_filter none = {0, 0, NULL, 0, 0};
	if (!svc_may(s, ACT_AUDIT_READ))
		return SVC_FORBIDDEN;
	if (!f)
		f = &none;
	/* What was exported, by ids and codes only. */
	char object[256];
	snprintf(object, sizeof object,
		 "%s person=%" PRId64 " account=%" PRId64 " action=%s from=%" PRId64
		 " until=%" PRId64,
		 format, f->person_id, f->actor_id, f->action && f->action[0] ? f->action : "*",
		 f->from, f->until);
	if (!s->system) {
		if (svc_tx_begin(s) != STORE_OK || svc_audit(s, "audit.export", "audit", object) != 0 ||
		    svc_tx_commit(s) != STORE_OK)
			return svc_abort(s, "audit.export");
	}
	/* A page at a time, keyed on id: constant memory in the service. */
	struct relay r = {fn, ctx, INT64_MAX, 0, 0};
	do {
		struct page pg = {AUDIT_PAGE, "", 0, "", 0, 0};
		struct page_read p = {&pg, entry_cursor, relay_row, &r};
		int64_t before = r.last_id;
		r.count = 0;
		page_read_start(&pg);
		if (read_page(s, f, before, 0, &pg, &p) != 0)
			return svc_abort(s, "audit_export");
		if (!pg.more)
			break;
	} while (!r.stopped);
	return SVC_OK;
}

struct accounts_relay {
	audit_account_fn fn;
	void *ctx;
};

static int account_row(void *ctx, const store_row *row)
{
	struct accounts_relay *a = ctx;
	return a->fn(a->ctx, store_row_int(row, USER_LIST_COL_ID),
		     store_row_text(row, USER_LIST_COL_LOGIN), store_row_text(row, USER_LIST_COL_NAME));
}

int audit_accounts(svc *s, audit_account_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_AUDIT_READ))
		return SVC_FORBIDDEN;
	struct accounts_relay a = {fn, ctx};
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_USER_LIST, NULL, 0, account_row, &a) != STORE_OK)
		return svc_abort(s, "audit_accounts");
	return SVC_OK;
}

/* The entries after id `after`, oldest first. */
static int scan_from(svc *s, int64_t after, audit_row_fn fn, void *ctx)
{
	store *db = svc_db(s);
	if (!db)
		return svc_abort(s, "audit_scan");
	struct relay r = {fn, ctx, after, 0, 0};
	/* Pages keyed on id: constant memory however long the log. */
	do {
		r.count = 0;
		store_value p[] = {SV_INT(r.last_id), SV_INT(AUDIT_PAGE)};
		if (store_exec(db, ST_AUDIT_SCAN, p, 2, relay_row, &r) != STORE_OK)
			return svc_abort(s, "audit_scan");
	} while (r.count == AUDIT_PAGE && !r.stopped);
	return SVC_OK;
}

int audit_scan(svc *s, audit_row_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_AUDIT_READ))
		return SVC_FORBIDDEN;
	return scan_from(s, 0, fn, ctx);
}

/* ---- report reads of employer accounts ---- */

/* One account-day being counted. */
struct day_count {
	struct report_reads *out;
	int64_t actor;           /* 0 before the first row */
	char login[128];
	char day[DATE_LEN + 1];
	int64_t reads;
	int stopped;
};

static int flush_day(struct day_count *d)
{
	if (!d->actor || d->reads <= d->out->threshold || !d->out->on_alert)
		return 0;
	struct report_read_alert a = {d->login, d->day, d->reads};
	d->stopped = d->out->on_alert(d->out->ctx, &a) != 0;
	return d->stopped;
}

static int count_row(void *ctx, const store_row *row)
{
	struct day_count *d = ctx;
	int64_t actor = store_row_int(row, READS_BY_ACTOR_COL_ACTOR_ID);
	const char *login = store_row_text(row, READS_BY_ACTOR_COL_ACTOR_LOGIN);
	int64_t at = store_row_int(row, READS_BY_ACTOR_COL_AT);
	struct tm tm;
	char day[DATE_LEN + 1];
	if (date_local(at, &tm) < 0 || strftime(day, sizeof day, "%Y-%m-%d", &tm) == 0)
		snprintf(day, sizeof day, "?");
	if (actor != d->actor || strcmp(day, d->day) != 0) {
		if (flush_day(d))
			return 1;
		d->actor = actor;
		snprintf(d->login, sizeof d->login, "%s", login ? login : "");
		snprintf(d->day, sizeof d->day, "%s", day);
		d->reads = 0;
	}
	d->reads++;
	return 0;
}

static int read_row(void *ctx, const store_row *row)
{
	struct report_reads *out = ctx;
	struct report_read r = {store_row_int(row, EMPLOYER_READ_COL_AT),
				store_row_text(row, EMPLOYER_READ_COL_ACTOR_LOGIN),
				store_row_text(row, EMPLOYER_READ_COL_OBJECT_ID)};
	return out->on_read(out->ctx, &r) != 0;
}

int audit_report_reads(svc *s, int limit, struct report_reads *out)
{
	out->threshold = app_config(s->app)->report_read_alert;
	if (!svc_may(s, ACT_AUDIT_READ))
		return SVC_FORBIDDEN;
	int rc = log_reading(s, "audit.read");
	if (rc != SVC_OK)
		return rc;
	store *db = svc_db(s);
	/* Streamed account by account: constant memory however long the log. */
	struct day_count d;
	memset(&d, 0, sizeof d);
	d.out = out;
	if (!db || store_exec(db, ST_AUDIT_EMPLOYER_READS_BY_ACTOR, NULL, 0, count_row, &d) !=
			   STORE_OK)
		return svc_abort(s, "audit_report_reads");
	if (!d.stopped)
		flush_day(&d);
	store_value p[] = {SV_INT(limit)};
	if (out->on_read &&
	    store_exec(db, ST_AUDIT_EMPLOYER_READS, p, 1, read_row, out) != STORE_OK)
		return svc_abort(s, "audit_report_reads");
	return SVC_OK;
}

/* ---- verification ---- */

int audit_check_ok(const struct audit_check *c)
{
	return c->first_bad == 0 && c->tamper == 0;
}

const char *audit_tamper_name(unsigned flag)
{
	switch (flag) {
	case AUDIT_TAIL_DELETED:
		return N_("fin du journal supprimée");
	case AUDIT_TABLE_TRUNCATED:
		return N_("table du journal vidée (tronquée)");
	case AUDIT_TRIGGERS_DROPPED:
		return N_("déclencheurs d'ajout seul supprimés");
	case AUDIT_OLDER_COPY:
		return N_("copie plus ancienne de la base restaurée sans enregistrement de restauration");
	case AUDIT_ANCHOR_FORGED:
		return N_("ligne d'ancre falsifiée");
	case AUDIT_ANCHOR_MISMATCH:
		return N_("entrée différente de celle ancrée");
	case AUDIT_CHECKPOINT_FORGED:
		return N_("point de contrôle de purge falsifié");
	case AUDIT_ANCHOR_UNREADABLE:
		return N_("fichier d'ancre illisible");
	case AUDIT_ROTATION_ONE_KEY:
		return N_("ligne de rotation de clé signée d'une seule des deux clés");
	case AUDIT_ROTATION_MISSING:
		return N_("ligne de rotation de clé supprimée");
	case AUDIT_ROTATION_MOVED:
		return N_("ligne de rotation de clé déplacée");
	case AUDIT_SEGMENT_OLD_KEY:
		return N_("ligne d'ancre signée de l'ancienne clé après la rotation");
	default:
		return N_("altération inconnue");
	}
}

/* One anchor line kept for the comparison. */
struct claim {
	int64_t seq;
	int64_t at;
	size_t file;  /* index of its anchor file */
	int64_t line; /* line number in it */
	int restore;  /* a restore record */
	int void_;    /* superseded by a later restore */
	char hash[SEC_HASH_HEX_LEN + 1];
};

struct claims {
	struct claim *v;
	size_t n, cap;
};

static void claims_add(struct claims *cl, const struct claim *c)
{
	if (cl->n == cl->cap) {
		cl->cap = cl->cap ? 2 * cl->cap : 256;
		struct claim *more = realloc(cl->v, cl->cap * sizeof *more);
		if (!more)
			log_fatal("out of memory");
		cl->v = more;
	}
	cl->v[cl->n++] = *c;
}

/* One authentic line as its key's segment sees it (generation g: the
   anchor subkey of the g-th master key, the current one last). */
struct seg_line {
	size_t file;
	int64_t line;
	int64_t seq;
	enum audit_anchor_kind kind;
	int gen;      /* the key that MACs it; a rotation: the new key */
	int one_key;  /* a rotation line only one of whose MACs holds */
};

struct segments {
	struct seg_line *v;
	size_t n, cap;
};

static void segments_add(struct segments *sg, const struct seg_line *l)
{
	if (sg->n == sg->cap) {
		sg->cap = sg->cap ? 2 * sg->cap : 256;
		struct seg_line *more = realloc(sg->v, sg->cap * sizeof *more);
		if (!more)
			log_fatal("out of memory");
		sg->v = more;
	}
	sg->v[sg->n++] = *l;
}

/* The anchor subkey of generation g (0 the oldest, the current one last). */
static const uint8_t *anchor_key_of(const app *a, size_t g)
{
	return g < a->anchor_old_n ? a->anchor_old[g] : a->anchor_key;
}

/* Which key MACs line a: its generation in *gen, 0; -1 when none (a
   forged line).  A rotation needs the MACs of two keys in a row; when
   only one holds, *one_key is set. */
static int line_generation(const app *ap, const struct audit_anchor *a,
			   char macs[2][SEC_HASH_HEX_LEN + 1], int *gen, int *one_key)
{
	size_t keys = ap->anchor_old_n + 1;
	*one_key = 0;
	if (a->kind != AUDIT_ANCHOR_ROTATE) {
		for (size_t g = keys; g-- > 0;)
			if (audit_anchor_mac_ok(anchor_key_of(ap, g), a, macs[0])) {
				*gen = (int)g;
				return 0;
			}
		return -1;
	}
	int half = 0;
	for (size_t g = keys; g-- > 0;) {
		int old_ok = audit_anchor_mac_ok(anchor_key_of(ap, g), a, macs[0]);
		if (old_ok && g + 1 < keys &&
		    audit_anchor_mac_ok(anchor_key_of(ap, g + 1), a, macs[1])) {
			*gen = (int)g + 1;
			return 0;
		}
		if (old_ok || audit_anchor_mac_ok(anchor_key_of(ap, g), a, macs[1]))
			half = 1;
	}
	if (!half)
		return -1;
	*one_key = 1;
	*gen = -1;
	return 0;
}

/* Reads the lines of one anchor file from byte `offset` (0: all of it; else
   the first, partial line is skipped) into cl and sg.  A forged or
   malformed line sets AUDIT_ANCHOR_FORGED, except an unfinished last line
   (a crash during the write), which is ignored. */
static void read_anchor(svc *s, const char *path, size_t file, long offset, struct claims *cl,
			struct segments *sg, struct audit_check *out)
{
	FILE *f = fopen(path, "r");
	if (!f || (offset > 0 && fseek(f, offset, SEEK_SET) != 0)) {
		log_error("audit anchor %s: %s", path, strerror(errno));
		out->tamper |= AUDIT_ANCHOR_UNREADABLE;
		if (f)
			fclose(f);
		return;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int64_t no = 0, forged = 0;
	int skip = offset > 0;
	while ((len = getline(&line, &cap, f)) > 0) {
		no++;
		if (skip) {
			skip = 0;
			continue;
		}
		if (line[len - 1] != '\n')
			break; /* unfinished: the write never completed */
		struct audit_anchor a;
		char macs[2][SEC_HASH_HEX_LEN + 1];
		struct seg_line l = {file, no, 0, AUDIT_ANCHOR_HEAD, 0, 0};
		out->anchor_lines++;
		if (audit_anchor_split(line, &a, macs) != 0 ||
		    line_generation(s->app, &a, macs, &l.gen, &l.one_key) != 0) {
			if (!forged)
				forged = no;
			continue;
		}
		l.seq = a.seq;
		l.kind = a.kind;
		segments_add(sg, &l);
		if (l.one_key)
			continue; /* vouches for nothing */
		/* A restore record starts the file over: lines before it that
		   this key does not vouch for were written for the database the
		   restore replaced (another service's, under its own key).  Only
		   the key can write a restore record. */
		if (a.kind == AUDIT_ANCHOR_RESTORE)
			forged = 0;
		struct claim c = {a.seq, a.at, file, no, a.kind == AUDIT_ANCHOR_RESTORE, 0, ""};
		memcpy(c.hash, a.hash, sizeof c.hash);
		claims_add(cl, &c);
	}
	free(line);
	fclose(f);
	if (forged) {
		out->tamper |= AUDIT_ANCHOR_FORGED;
		if (!out->forged_line)
			out->forged_line = forged;
	}
}

/* A rotation line from generation `from` in file `file`, at or after
   line index i. */
static int rotation_later(const struct segments *sg, size_t i, size_t file, int from)
{
	for (; i < sg->n; i++)
		if (sg->v[i].file == file && sg->v[i].kind == AUDIT_ANCHOR_ROTATE &&
		    !sg->v[i].one_key && sg->v[i].gen == from + 1)
			return 1;
	return 0;
}

/* Every rotation from generation `from` to `to` is in another server's
   anchor, at an entry no later than seq (the servers' anchors hold no
   rotation line of their own: the rotation wrote in one file). */
static int rotations_elsewhere(const struct segments *sg, size_t file, int from, int to,
			       int64_t seq)
{
	for (int g = from; g < to; g++) {
		int found = 0;
		for (size_t i = 0; i < sg->n && !found; i++)
			found = sg->v[i].file != file && sg->v[i].kind == AUDIT_ANCHOR_ROTATE &&
				!sg->v[i].one_key && sg->v[i].gen == g + 1 && sg->v[i].seq <= seq;
		if (!found)
			return 0;
	}
	return 1;
}

/*
 * Walks each file's segments: its lines under one key, a rotation line
 * (both keys), the lines under the next key.  What breaks that order is
 * named; a restore record starts the file over (what it replaced is
 * void).
 */
static void check_segments(const struct segments *sg, size_t files, struct audit_check *out)
{
	for (size_t file = 0; file < files; file++) {
		unsigned found = 0;
		int64_t first = 0;
		int g = -1; /* the file's current generation, -1 before its first line */
		int early = -1; /* g's rotation line is known to come later (no rescan) */
		for (size_t i = 0; i < sg->n; i++) {
			const struct seg_line *l = &sg->v[i];
			unsigned bad = 0;
			if (l->file != file)
				continue;
			if (l->kind == AUDIT_ANCHOR_RESTORE) {
				found = 0;
				first = 0;
				g = l->gen;
				early = -1;
				continue;
			}
			if (l->one_key) {
				bad = AUDIT_ROTATION_ONE_KEY;
			} else if (l->kind == AUDIT_ANCHOR_ROTATE) {
				/* The same rotation twice in a row: a resumed one. */
				if (g < 0 || g == l->gen - 1 || g == l->gen)
					g = l->gen;
				else if (l->gen < g)
					bad = AUDIT_ROTATION_MOVED;
				else {
					bad = AUDIT_ROTATION_MISSING; /* one skipped */
					g = l->gen;
				}
			} else if (g < 0 || l->gen == g) {
				g = l->gen;
			} else if (l->gen < g) {
				bad = AUDIT_SEGMENT_OLD_KEY;
			} else if (early == g || rotation_later(sg, i, file, g)) {
				bad = AUDIT_ROTATION_MOVED; /* the new key before its rotation */
				early = g;
			} else {
				if (!rotations_elsewhere(sg, file, g, l->gen, l->seq))
					bad = AUDIT_ROTATION_MISSING;
				g = l->gen;
			}
			if (bad && !first)
				first = l->line;
			found |= bad;
		}
		out->tamper |= found;
		if (found && (!out->segment_line || first < out->segment_line))
			out->segment_line = first;
	}
}

/* c came before restore r: earlier in the same file, or from another
   server no later than r. */
static int before(const struct claim *c, const struct claim *r)
{
	return c->file == r->file ? c->line < r->line : c->at <= r->at;
}

static int by_seq(const void *a, const void *b)
{
	const struct claim *x = a, *y = b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Voids what a restore superseded, sorts by entry, returns the last entry
   vouched for. */
static int64_t claims_settle(struct claims *cl)
{
	int64_t top = 0;
	for (size_t i = 0; i < cl->n; i++) {
		const struct claim *r = &cl->v[i];
		if (!r->restore)
			continue;
		for (size_t j = 0; j < cl->n; j++)
			if (j != i && cl->v[j].seq > r->seq && before(&cl->v[j], r))
				cl->v[j].void_ = 1;
	}
	size_t kept = 0;
	for (size_t i = 0; i < cl->n; i++)
		if (!cl->v[i].void_)
			cl->v[kept++] = cl->v[i];
	cl->n = kept;
	if (cl->n)
		qsort(cl->v, cl->n, sizeof *cl->v, by_seq);
	for (size_t i = 0; i < cl->n; i++)
		if (cl->v[i].seq > top)
			top = cl->v[i].seq;
	return top;
}

struct verify {
	svc *s;
	struct audit_check *out;
	char prev[SEC_HASH_HEX_LEN + 1];
	struct claims *cl;
	size_t next;  /* first claim not yet compared */
	int64_t last; /* last entry read */
	char last_hash[SEC_HASH_HEX_LEN + 1];
};

/* The claims on entry seq must all name hash. */
static void compare_claims(struct verify *v, int64_t seq, const char *hash)
{
	while (v->next < v->cl->n && v->cl->v[v->next].seq < seq)
		v->next++;
	for (; v->next < v->cl->n && v->cl->v[v->next].seq == seq; v->next++)
		if (strcmp(v->cl->v[v->next].hash, hash) != 0)
			v->out->tamper |= AUDIT_ANCHOR_MISMATCH;
}

static int verify_row(void *ctx, const struct audit_row *r)
{
	struct verify *v = ctx;
	struct audit_check *c = v->out;
	const char *why = NULL;
	c->rows++;
	if (r->id != c->from + c->rows) {
		why = "row missing before this one (ids are not consecutive)";
	} else if (!r->prev_hash || strcmp(r->prev_hash, v->prev) != 0) {
		why = "prev_hash does not match the hash of the row before";
	} else {
		struct audit_entry e = {r->id,		 r->at,		 r->actor_id,
					r->actor_login,	 r->action,	 r->object_type,
					r->object_id,	 r->client_addr, r->prev_hash};
		char hash[SEC_HASH_HEX_LEN + 1];
		audit_entry_hash(v->s->app->audit_key, &e, hash);
		if (!r->hash || !sec_streq(hash, r->hash))
			why = "hash does not match the row's content (changed, or wrong key)";
	}
	if (why) {
		c->first_bad = r->id;
		c->why = why;
		return 1;
	}
	snprintf(v->prev, sizeof v->prev, "%s", r->hash);
	v->last = r->id;
	snprintf(v->last_hash, sizeof v->last_hash, "%s", r->hash);
	compare_claims(v, r->id, r->hash);
	return 0;
}

static int checkpoint_tail_row(void *ctx, const store_row *row)
{
	struct audit_tail *h = ctx;
	h->seq = store_row_int(row, AUDIT_CHECKPOINT_COL_SEQ);
	svc_row_copy(row, AUDIT_CHECKPOINT_COL_HASH, h->hash, sizeof h->hash);
	return 1;
}

static int hash_row(void *ctx, const store_row *row)
{
	svc_row_copy(row, SCALAR_COL_VALUE, ctx, SEC_HASH_HEX_LEN + 1);
	return 1;
}

/* The latest checkpoint whose MAC holds; a newer one that does not sets
   AUDIT_CHECKPOINT_FORGED. */
struct checkpoint_pick {
	svc *s;
	struct audit_check *out;
	struct audit_tail found; /* seq 0: none */
};

static int checkpoint_row(void *ctx, const store_row *row)
{
	struct checkpoint_pick *p = ctx;
	int64_t at = store_row_int(row, AUDIT_CHECKPOINT_COL_AT);
	int64_t seq = store_row_int(row, AUDIT_CHECKPOINT_COL_SEQ);
	char hash[SEC_HASH_HEX_LEN + 1], mac[SEC_HASH_HEX_LEN + 1], want[SEC_HASH_HEX_LEN + 1];
	svc_row_copy(row, AUDIT_CHECKPOINT_COL_HASH, hash, sizeof hash);
	svc_row_copy(row, AUDIT_CHECKPOINT_COL_MAC, mac, sizeof mac);
	audit_checkpoint_mac(p->s->app->audit_key, "checkpoint", seq, hash, at, want);
	if (!sec_streq(want, mac)) {
		p->out->tamper |= AUDIT_CHECKPOINT_FORGED;
		return 0;
	}
	p->found.seq = seq;
	memcpy(p->found.hash, hash, sizeof hash);
	return 1;
}

/* What the database says about itself: its triggers, its checkpoint, its
   last entry and the head it recorded.  0 or -1. */
static int database_state(svc *s, struct audit_check *out, struct audit_tail *start)
{
	store *db = svc_db(s);
	int64_t missing = 0;
	struct audit_tail head = {0, ""}, recorded = {0, ""};
	struct checkpoint_pick pick = {s, out, {0, AUDIT_GENESIS}};
	store_value limit[] = {SV_INT(100)};
	if (!db || store_exec(db, ST_AUDIT_TRIGGERS_MISSING, NULL, 0, svc_row_int, &missing) != STORE_OK ||
	    store_exec(db, ST_AUDIT_CHECKPOINT_LAST, limit, 1, checkpoint_row, &pick) != STORE_OK ||
	    store_exec(db, ST_AUDIT_LAST, NULL, 0, svc_audit_tail_row, &head) != STORE_OK ||
	    store_exec(db, ST_AUDIT_HEAD_GET, NULL, 0, svc_audit_tail_row, &recorded) != STORE_OK)
		return -1;
	if (missing)
		out->tamper |= AUDIT_TRIGGERS_DROPPED;
	*start = pick.found;
	out->head = head.seq;
	out->recorded = recorded.seq;
	return 0;
}

/* Names how the log was cut, from the database's head, the head it
   recorded and the anchors'. */
static void judge_tail(struct audit_check *out, const struct audit_tail *start)
{
	int64_t expected = out->recorded > out->anchored ? out->recorded : out->anchored;
	if (expected <= out->head)
		return;
	if (out->head <= start->seq)
		out->tamper |= AUDIT_TABLE_TRUNCATED;
	else if (out->recorded > out->head)
		out->tamper |= AUDIT_TAIL_DELETED;
	else
		out->tamper |= AUDIT_OLDER_COPY;
}

/* The check itself, from `start` (a checkpoint or the verified mark). */
static int verify_from(svc *s, const struct audit_tail *start, struct claims *cl,
		       struct audit_check *out)
{
	struct verify v = {s, out, "", cl, 0, start->seq, ""};
	snprintf(v.prev, sizeof v.prev, "%s", start->hash);
	snprintf(v.last_hash, sizeof v.last_hash, "%s", start->hash);
	out->from = start->seq;
	out->anchored = claims_settle(cl);
	compare_claims(&v, start->seq, start->hash);
	int rc = scan_from(s, start->seq, verify_row, &v);
	if (rc != SVC_OK)
		return rc;
	/* Entries committed while the check ran. */
	if (!out->first_bad && v.last > out->head)
		out->head = v.last;
	judge_tail(out, start);
	return SVC_OK;
}

static int verify_full(svc *s, const char *const *anchors, size_t n, struct audit_check *out)
{
	struct claims cl = {NULL, 0, 0};
	struct segments sg = {NULL, 0, 0};
	struct audit_tail start;
	/* The anchors first: whatever they hold was committed before the
	   database is read. */
	for (size_t i = 0; i < n; i++)
		read_anchor(s, anchors[i], i, 0, &cl, &sg, out);
	check_segments(&sg, n, out);
	free(sg.v);
	int rc = database_state(s, out, &start) == 0 ? verify_from(s, &start, &cl, out)
						      : svc_abort(s, "audit_verify");
	free(cl.v);
	return rc;
}

/* The start of a verification by a user: the policy, then the reading
   is audited. */
static int verify_begin(svc *s, struct audit_check *out)
{
	memset(out, 0, sizeof *out);
	if (!svc_may(s, ACT_AUDIT_READ))
		return SVC_FORBIDDEN;
	return log_reading(s, "audit.verify");
}

int audit_verify(svc *s, struct audit_check *out)
{
	int rc = verify_begin(s, out);
	if (rc != SVC_OK)
		return rc;
	const char *own = app_anchor_file(s->app);
	return verify_full(s, &own, own ? 1 : 0, out);
}

int audit_verify_anchors(svc *s, const char *const *anchors, size_t n, struct audit_check *out)
{
	memset(out, 0, sizeof *out);
	if (!s->system)
		return SVC_FORBIDDEN;
	return verify_full(s, anchors, n, out);
}

/* ---- incremental verification ---- */

#define VERIFIED_SETTING "audit_verified"
#define ANCHOR_TAIL_BYTES 16384

/* The verified mark "SEQ HASH MAC" when its MAC holds, else seq 0. */
static int mark_row(void *ctx, const store_row *row)
{
	svc_row_copy(row, SCALAR_COL_VALUE, ctx, 256);
	return 1;
}

static int read_mark(svc *s, struct audit_tail *mark)
{
	char text[256] = "", hash[SEC_HASH_HEX_LEN + 1], mac[SEC_HASH_HEX_LEN + 1];
	char want[SEC_HASH_HEX_LEN + 1];
	long long seq = 0;
	store_value name[] = {SV_TEXT(VERIFIED_SETTING)};
	mark->seq = 0;
	if (store_exec(svc_db(s), ST_SETTING_GET, name, 1, mark_row, text) != STORE_OK)
		return -1;
	if (sscanf(text, "%lld %64s %64s", &seq, hash, mac) != 3 || seq < 1)
		return 0;
	audit_checkpoint_mac(s->app->audit_key, "verified", seq, hash, 0, want);
	if (!sec_streq(want, mac))
		return 0;
	/* Still the entry it was (a restore may have replaced it). */
	char now[SEC_HASH_HEX_LEN + 1] = "";
	store_value p[] = {SV_INT(seq)};
	if (store_exec(svc_db(s), ST_AUDIT_HASH_AT, p, 1, hash_row, now) != STORE_OK)
		return -1;
	if (strcmp(now, hash) == 0) {
		mark->seq = seq;
		memcpy(mark->hash, hash, sizeof mark->hash);
	}
	return 0;
}

static int write_mark(svc *s, int64_t seq, const char *hash)
{
	char mac[SEC_HASH_HEX_LEN + 1], text[256];
	audit_checkpoint_mac(s->app->audit_key, "verified", seq, hash, 0, mac);
	snprintf(text, sizeof text, "%" PRId64 " %s %s", seq, hash, mac);
	store_value p[] = {SV_TEXT(VERIFIED_SETTING), SV_TEXT(text)};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_SETTING_PUT, p, 2, NULL, NULL) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "audit: recording the verified head");
	return SVC_OK;
}

int audit_verify_incremental(svc *s, struct audit_check *out)
{
	int rc = verify_begin(s, out);
	if (rc != SVC_OK)
		return rc;
	/* The tail of the own anchor: its last lines say how far the chain
	   reached, whatever the file's length. */
	struct claims cl = {NULL, 0, 0};
	struct segments sg = {NULL, 0, 0};
	const char *own = app_anchor_file(s->app);
	struct stat st;
	if (own && stat(own, &st) == 0)
		read_anchor(s, own, 0, st.st_size > ANCHOR_TAIL_BYTES ? (long)(st.st_size - ANCHOR_TAIL_BYTES) : 0,
			    &cl, &sg, out);
	else if (own)
		out->tamper |= AUDIT_ANCHOR_UNREADABLE;
	check_segments(&sg, 1, out);
	free(sg.v);
	struct audit_tail start, mark;
	if (database_state(s, out, &start) != 0 || read_mark(s, &mark) != 0) {
		free(cl.v);
		return svc_abort(s, "audit_verify_incremental");
	}
	if (mark.seq > start.seq && mark.seq <= out->head)
		start = mark;
	rc = verify_from(s, &start, &cl, out);
	free(cl.v);
	if (rc == SVC_OK && audit_check_ok(out) && out->head > start.seq) {
		char hash[SEC_HASH_HEX_LEN + 1] = "";
		store_value p[] = {SV_INT(out->head)};
		if (store_exec(svc_db(s), ST_AUDIT_HASH_AT, p, 1, hash_row, hash) != STORE_OK)
			return svc_abort(s, "audit_verify_incremental");
		rc = write_mark(s, out->head, hash);
	}
	return rc;
}

/* ---- restore record and retention ---- */

int audit_anchor_restore(svc *s, int64_t *seq)
{
	if (!s->system)
		return SVC_FORBIDDEN;
	struct audit_tail head = {0, AUDIT_GENESIS};
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_AUDIT_LAST, NULL, 0, svc_audit_tail_row, &head) != STORE_OK)
		return svc_abort(s, "audit_anchor_restore");
	if (anchor_append(s->app->anchor, s->app->anchor_key, AUDIT_ANCHOR_RESTORE, head.seq,
			  head.hash) != 0)
		return SVC_ERROR;
	if (seq)
		*seq = head.seq;
	return SVC_OK;
}

int audit_anchor_rotation(svc *s)
{
	if (!s->system)
		return SVC_FORBIDDEN;
	const app *a = s->app;
	/* A rotation begun by a relais that carried the anchor's subkey over
	   (before segments): the key did not change, no segment to close. */
	if (!a->anchor_old_n)
		return SVC_OK;
	struct audit_tail head = {0, AUDIT_GENESIS};
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_AUDIT_LAST, NULL, 0, svc_audit_tail_row, &head) != STORE_OK)
		return svc_abort(s, "audit_anchor_rotation");
	if (anchor_append_rotation(a->anchor, a->anchor_old[a->anchor_old_n - 1], a->anchor_key,
				   head.seq, head.hash) != 0)
		return SVC_ERROR;
	return SVC_OK;
}

int audit_retention(svc *s, int64_t now, int64_t *purged)
{
	*purged = 0;
	if (!s->system)
		return SVC_FORBIDDEN;
	store *db = svc_db(s);
	int64_t upto = 0;
	struct audit_tail last = {0, ""};
	store_value cutoff[] = {SV_INT(now - AUDIT_RETENTION_SECONDS)};
	store_value one[] = {SV_INT(1)};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_AUDIT_LOCK, NULL, 0, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_AUDIT_PURGE_PREFIX, cutoff, 1, svc_row_int, &upto) != STORE_OK ||
	    store_exec(db, ST_AUDIT_CHECKPOINT_LAST, one, 1, checkpoint_tail_row, &last) != STORE_OK)
		return svc_abort(s, "audit_retention");
	if (upto <= last.seq) {
		svc_tx_rollback(s);
		return SVC_OK;
	}
	char hash[SEC_HASH_HEX_LEN + 1] = "", mac[SEC_HASH_HEX_LEN + 1], object[24];
	store_value at[] = {SV_INT(upto)};
	if (store_exec(db, ST_AUDIT_HASH_AT, at, 1, hash_row, hash) != STORE_OK || !hash[0])
		return svc_abort(s, "audit_retention");
	audit_checkpoint_mac(s->app->audit_key, "checkpoint", upto, hash, now, mac);
	store_value cp[] = {SV_INT(now), SV_INT(upto), SV_TEXT(hash), SV_TEXT(mac)};
	snprintf(object, sizeof object, "%" PRId64, upto);
	if (store_exec(db, ST_AUDIT_CHECKPOINT_INSERT, cp, 4, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_AUDIT_PURGE, at, 1, NULL, NULL) != STORE_OK)
		return svc_abort(s, "audit_retention");
	*purged = store_changes(db);
	if (svc_audit(s, "audit.purge", "audit", object) != 0 || svc_tx_commit(s) != STORE_OK) {
		*purged = 0;
		return svc_abort(s, "audit_retention");
	}
	return SVC_OK;
}
