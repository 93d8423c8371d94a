/*
 * relais config two-person on|off — the two-person rule (service/twoperson.h)
 * for a one-person service.  The command line only: no page nor API route
 * changes it.  Audited (two_person.on / two_person.off); while it is off,
 * the auditor's page shows a permanent banner.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/twoperson_rule.h"

static const struct cli_opt opts[] = {CLI_OPT_DB, CLI_OPT_KEY_FILE, {0}};

static int two_person(const struct cli_values *v)
{
	const char *arg = v->args[0];
	int on;
	if (strcmp(arg, "on") == 0)
		on = 1;
	else if (strcmp(arg, "off") == 0)
		on = 0;
	else if (strcmp(arg, "show") == 0)
		on = -1;
	else
		return cli_fail("config two-person: expected on, off or show, not '%s'", arg);
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	int status = 0, now = 1;
	if (on < 0) {
		if (twoperson_enabled(s, &now) != SVC_OK)
			status = cli_fail("cannot read the two-person rule (see the log above)");
		else
			printf("two-person rule: %s\n", now ? "on" : "off");
	} else if (twoperson_set(s, on) != SVC_OK) {
		status = cli_fail("cannot change the two-person rule (see the log above)");
	} else {
		printf("two-person rule: %s\n", on ? "on" : "off");
		if (!on)
			printf("accounts of workers and heads, their resets and re-enablements, "
			       "caseload transfers and hand-overs now take effect without a second "
			       "person; the auditor's page shows it\n");
	}
	svc_close(s);
	app_close(a);
	return status;
}

const struct cli_cmd cmd_config_two_person = {
	"config two-person",
	"Switch the two-person rule on or off (STATE: on, off, show).", opts,
	two_person, "STATE", 1};
