/* relais audit list|verify — the access log from the command line. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "service/app.h"
#include "service/audit.h"
#include "support/i18n.h"

static const struct cli_opt opts[] = {CLI_OPT_DB, CLI_OPT_KEY_FILE, {0}};
static const struct cli_opt verify_opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE_ONLY,
	{"anchor", CLI_LIST, "FILE",
	 "an anchor file to compare with, once per server (default: this host's, next to the key "
	 "file)", 0, 0, 0, NULL},
	{0},
};

static json_t *nullable(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* One JSON object per line, oldest first. */
static int print_entry(void *ctx, const struct audit_row *r)
{
	(void)ctx;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "at", json_integer(r->at));
	json_object_set_new(o, "actor_id", r->actor_id ? json_integer(r->actor_id) : json_null());
	json_object_set_new(o, "actor_login", nullable(r->actor_login));
	json_object_set_new(o, "action", nullable(r->action));
	json_object_set_new(o, "object_type", nullable(r->object_type));
	json_object_set_new(o, "object_id", nullable(r->object_id));
	json_object_set_new(o, "client_addr", nullable(r->client_addr));
	json_object_set_new(o, "prev_hash", nullable(r->prev_hash));
	json_object_set_new(o, "hash", nullable(r->hash));
	char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (line)
		puts(line);
	free(line);
	json_decref(o);
	return 0;
}

static int list(const struct cli_values *v)
{
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	int rc = audit_scan(s, print_entry, NULL);
	svc_close(s);
	app_close(a);
	return rc == SVC_OK ? 0 : cli_fail("cannot read the audit log");
}

/* What verification found, in French, one line a finding; 1 when any. */
static int report(const struct audit_check *c)
{
	int bad = 0;
	for (unsigned f = 1; f < 1u << AUDIT_TAMPER_KINDS; f <<= 1) {
		if (!(c->tamper & f))
			continue;
		bad = 1;
		fprintf(stderr, "relais: %s : %s", _("journal d'accès altéré"),
			_(audit_tamper_name(f)));
		if (f == AUDIT_TAIL_DELETED || f == AUDIT_OLDER_COPY || f == AUDIT_TABLE_TRUNCATED)
			fprintf(stderr, _(" (la base s'arrête à l'entrée %" PRId64
					  ", l'ancre en atteste %" PRId64
					  ", la base en avait enregistré %" PRId64 ")"),
				c->head, c->anchored, c->recorded);
		if (f == AUDIT_ANCHOR_FORGED)
			fprintf(stderr, _(" (ligne %" PRId64 ")"), c->forged_line);
		if ((f == AUDIT_ROTATION_ONE_KEY || f == AUDIT_ROTATION_MISSING ||
		     f == AUDIT_ROTATION_MOVED || f == AUDIT_SEGMENT_OLD_KEY) &&
		    c->segment_line)
			fprintf(stderr, _(" (à partir de la ligne %" PRId64 ")"), c->segment_line);
		fputc('\n', stderr);
	}
	if (c->first_bad) {
		bad = 1;
		fprintf(stderr, "relais: audit chain broken at row %" PRId64 ": %s\n", c->first_bad,
			c->why);
	}
	return bad;
}

static int verify(const struct cli_values *v)
{
	/* A mistyped anchor must not pass as an empty one. */
	for (int i = 0; i < v->nlist; i++)
		if (access(v->list[i], R_OK) != 0)
			return cli_fail(_("fichier d'ancre introuvable ou illisible : %s"), v->list[i]);
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	struct audit_check c;
	const char *own = app_anchor_file(a);
	int rc = v->nlist ? audit_verify_anchors(s, v->list, (size_t)v->nlist, &c)
			  : audit_verify_anchors(s, &own, 1, &c);
	svc_close(s);
	app_close(a);
	if (rc != SVC_OK)
		return cli_fail("cannot read the audit log");
	if (report(&c))
		return 1;
	printf("audit chain intact: %" PRId64 " row(s) checked after entry %" PRId64
	       ", head %" PRId64 ", anchored up to %" PRId64 " (%" PRId64 " anchor line(s))\n",
	       c.rows, c.from, c.head, c.anchored, c.anchor_lines);
	if (c.head && !c.anchor_lines)
		fprintf(stderr, "relais: %s\n",
			_("attention : aucune ligne d'ancre, une fin de journal supprimée ne peut pas "
			  "être détectée"));
	return 0;
}

/* After a restore done by hand (pg_restore, a copied file): the restore
   record that tells verification the shorter chain is not an older copy
   put back unseen.  `relais restore` writes it itself. */
static int restored(const struct cli_values *v)
{
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	int64_t seq = 0;
	int rc = audit_anchor_restore(s, &seq);
	const char *anchor = app_anchor_file(a);
	if (rc == SVC_OK)
		printf("restore record written to %s: the database restarts from entry %" PRId64 "\n",
		       anchor, seq);
	svc_close(s);
	app_close(a);
	return rc == SVC_OK ? 0 : cli_fail("cannot write the restore record (see the log above)");
}

static const struct cli_opt restored_opts[] = {CLI_OPT_DB, CLI_OPT_KEY_FILE, {0}};

const struct cli_cmd cmd_audit_restored = {
	"audit restored",
	"After restoring the database from a backup by hand: append to the anchor a signed restore "
	"record naming the restored head, so that verification accepts the shorter chain.",
	restored_opts, restored, NULL, 0};

const struct cli_cmd cmd_audit_list = {"audit list",
				       "Print the audit log, one JSON object per line, oldest "
				       "first.",
				       opts, list, NULL, 0};
const struct cli_cmd cmd_audit_verify = {"audit verify",
					 "Check the audit log's hash chain against its anchor "
					 "files; names the first broken row or the tampering "
					 "(deleted tail, truncated table, dropped triggers, older "
					 "copy restored) and exits 1 if any.",
					 verify_opts, verify, NULL, 0};
