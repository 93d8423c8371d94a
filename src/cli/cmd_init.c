/* relais init — create or migrate the database, create the key file. */
#include <stdio.h>

#include "cli/cli.h"
#include "service/accounts.h"
#include "service/letters.h"
#include "service/svc.h"
#include "service/users.h"
#include "support/sec.h"

static const struct cli_opt opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"create-admin", CLI_FLAG, NULL,
	 "when no administrator exists, create `admin` and print its enrolment link", 0, 0, 0,
	 NULL},
	{"base-url", CLI_STRING, "URL", "the server's address, at the start of the link printed", 0,
	 0, 0, "http://127.0.0.1:8080"},
	{0},
};

static int run(const struct cli_values *v)
{
	char err[512];
	int applied = 0, key_created = 0;
	const char *db = cli_str(v, "db");
	if (app_init_database(db, cli_str(v, "key-file"), &applied, &key_created, err,
			      sizeof err) != 0)
		return cli_fail("%s", err);
	if (key_created) {
		char tmp[4096];
		const char *kf = cli_str(v, "key-file");
		if (!kf)
			kf = app_default_key_file(db, tmp, sizeof tmp);
		printf("key file created: %s (mode 0600; back it up apart from the database: "
		       "without it the data cannot be read)\n",
		       kf);
	}
	printf("database ready: %d migration(s) applied\n", applied);

	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	int64_t admins = 0;
	int status = 0, installed = 0;
	/* The letter templates shipped with relais (service/letters.h). */
	if (letters_install_shipped(s, &installed) != SVC_OK)
		status = cli_fail("cannot install the shipped letter templates");
	else if (installed)
		printf("letter templates installed: %d\n", installed);
	int admin = status == 0 && cli_flag(v, "create-admin");
	if (admin && users_count_role(s, ROLE_ADMIN, &admins) != SVC_OK) {
		status = cli_fail("cannot count administrators");
	} else if (admin && admins == 0) {
		char token[SEC_TOKEN_LEN + 1];
		int rc = users_add(s, "admin", "Administrateur", "admin", NULL, NULL, token);
		if (rc != SVC_OK) {
			status = cli_fail("cannot create the admin account (%d)", rc);
		} else {
			char url[ACCOUNT_URL_MAX];
			const char *base = cli_str(v, "base-url");
			accounts_link_url(base ? base : "http://127.0.0.1:8080", token, url,
					  sizeof url);
			printf("administrator account created: login admin\n"
			       "enrolment link: %s\n"
			       "(valid %d hours, once: open it to set the password and the second "
			       "factor)\n",
			       url, ACCOUNT_LINK_TTL / 3600);
		}
	}
	svc_close(s);
	app_close(a);
	return status;
}

const struct cli_cmd cmd_init = {"init", "Create or migrate the database schema (harmless when "
					 "up to date) and create the key file when missing.",
				 opts, run, NULL, 0};
