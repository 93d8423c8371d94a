/* relais audit list|verify — the access log from the command line. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "cli/cli.h"
#include "service/audit.h"

static const struct cli_opt opts[] = {CLI_OPT_DB, CLI_OPT_KEY_FILE, {0}};

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

static int verify(const struct cli_values *v)
{
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	struct audit_check c;
	int rc = audit_verify(s, &c);
	svc_close(s);
	app_close(a);
	if (rc != SVC_OK)
		return cli_fail("cannot read the audit log");
	if (c.first_bad) {
		fprintf(stderr, "relais: audit chain broken at row %" PRId64 ": %s\n", c.first_bad,
			c.why);
		return 1;
	}
	printf("audit chain intact: %" PRId64 " row(s)\n", c.rows);
	return 0;
}

const struct cli_cmd cmd_audit_list = {"audit list",
				       "Print the audit log, one JSON object per line, oldest "
				       "first.",
				       opts, list, NULL, 0};
const struct cli_cmd cmd_audit_verify = {"audit verify",
					 "Check the audit log's hash chain; names the first "
					 "broken row and exits 1 if any.",
					 opts, verify, NULL, 0};
