/* relais serve — the web application. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "http/http.h"
#include "routes/routes.h"
#include "service/app.h"
#include "support/oidc.h"

static const struct cli_opt opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"listen", CLI_STRING, "HOST:PORT", "address to listen on (port 0: any free port)", 0, 0, 0,
	 "127.0.0.1:8080"},
	{"threads", CLI_INT, "N", "worker threads, each with its own database connection", 0, 1,
	 64, "16"},
	{"max-connections", CLI_INT, "N", "open connections in all (others are closed at once)", 0,
	 16, 1000000, "4096"},
	{"max-per-address", CLI_INT, "N",
	 "open connections from one client address, 0 for no limit (behind a proxy: 0)", 0, 0,
	 1000000, "64"},
	{"header-timeout", CLI_INT, "SECONDS",
	 "close a connection whose request head is not complete this long after it opened", 0,
	 1, 3600, "10"},
	{"idle-timeout", CLI_INT, "SECONDS",
	 "close a connection silent this long, or kept alive this long without a new request", 0,
	 1, 3600, "30"},
	{"upload-max", CLI_INT, "MIB",
	 "largest file a worker may attach to a case, in MiB (the proxy's client_max_body_size "
	 "for /cases/ must allow it)", 0, 1, 1024, "10"},
	{"secure-cookies", CLI_FLAG, NULL,
	 "served over TLS: absolute links in https (cookies are Secure anyway)", 0, 0, 0, NULL},
	{"plain-http-cookie", CLI_FLAG, NULL,
	 "session cookie without Secure nor the __Host- prefix, for plain HTTP from another host "
	 "(not needed on 127.0.0.1 or localhost)", 0, 0, 0, NULL},
	{"session-idle", CLI_INT, "SECONDS", "sign out after this much inactivity", 0, 1, 86400,
	 "1800"},
	{"session-max", CLI_INT, "SECONDS", "sign out this long after signing in", 0, 1, 604800,
	 "43200"},
	{"report-read-alert", CLI_INT, "N",
	 "alert the auditor when an employer account reads more than N reports in a day", 0, 1,
	 100000, "20"},
	{"anchor-syslog", CLI_FLAG, NULL, "also send each anchor line to syslog (authpriv)", 0, 0, 0,
	 NULL},
	{"server-id", CLI_STRING, "NAME",
	 "names this server in its anchor lines, one anchor file a server (default: the host "
	 "name), and when given in each response's X-Relais-Server header", 0, 0, 0, NULL},
	/* OpenID Connect single sign-on (support/oidc.h): off without an issuer. */
	{"oidc-issuer", CLI_STRING, "URL",
	 "OpenID provider's issuer URL, exactly as in its discovery document (enables single "
	 "sign-on)", 0, 0, 0, NULL},
	{"oidc-client-id", CLI_STRING, "ID", "client id relais has at the OpenID provider", 0, 0, 0,
	 NULL},
	{"oidc-client-secret-file", CLI_STRING, "PATH",
	 "file holding the client secret (none: a public client, PKCE only)", 0, 0, 0, NULL},
	{"oidc-redirect-uri", CLI_STRING, "URL",
	 "relais's /oidc/retour as registered at the provider", 0, 0, 0, NULL},
	{"oidc-alg", CLI_STRING, "ALG",
	 "the one id_token signing algorithm accepted (RS256, PS256, ES256…; HS* only with a "
	 "secret)", 0, 0, 0, "RS256"},
	{"oidc-mfa-acr", CLI_STRING, "VALUES",
	 "space-separated acr values that assert a second factor (e.g. \"eidas2 eidas3\")", 0, 0,
	 0, NULL},
	{"oidc-provider-mfa", CLI_FLAG, NULL,
	 "let the provider's second factor (amr/acr) replace the local one", 0, 0, 0, NULL},
	{0},
};

static int run(const struct cli_values *v)
{
	char err[512];
	struct app_config cfg = {
		.db = cli_str(v, "db"),
		.key_file = cli_str(v, "key-file"),
		.connections = (int)cli_int(v, "threads"),
		.session_idle = (int)cli_int(v, "session-idle"),
		.session_max = (int)cli_int(v, "session-max"),
		.secure_cookies = cli_flag(v, "secure-cookies"),
		.plain_http_cookie = cli_flag(v, "plain-http-cookie"),
		.report_read_alert = (int)cli_int(v, "report-read-alert"),
		.anchor_file = cli_str(v, "anchor"),
		.anchor_syslog = cli_flag(v, "anchor-syslog"),
		.server_id = cli_str(v, "server-id"),
	};
	oidc_provider *oidc = NULL;
	if (cli_str(v, "oidc-issuer")) {
		char secret[1024] = "";
		const char *secret_file = cli_str(v, "oidc-client-secret-file");
		if (secret_file) {
			FILE *f = fopen(secret_file, "r");
			if (!f || !fgets(secret, sizeof secret, f)) {
				if (f)
					fclose(f);
				return cli_fail("cannot read the OIDC client secret from %s", secret_file);
			}
			fclose(f);
			secret[strcspn(secret, "\r\n")] = '\0';
		}
		struct oidc_config oc = {
			.issuer = cli_str(v, "oidc-issuer"),
			.client_id = cli_str(v, "oidc-client-id"),
			.client_secret = secret,
			.redirect_uri = cli_str(v, "oidc-redirect-uri"),
			.alg = cli_str(v, "oidc-alg"),
			.mfa_acr = cli_str(v, "oidc-mfa-acr"),
			.provider_mfa = cli_flag(v, "oidc-provider-mfa"),
		};
		if (oidc_provider_new(&oc, &oidc, err, sizeof err) != 0)
			return cli_fail("%s", err);
		cfg.oidc = oidc;
	}
	app *a = NULL;
	if (app_open(&cfg, &a, err, sizeof err) != 0) {
		oidc_provider_free(oidc);
		return cli_fail("%s", err);
	}
	struct http_limits limits = {
		.threads = cfg.connections,
		.max_connections = (int)cli_int(v, "max-connections"),
		.max_per_address = (int)cli_int(v, "max-per-address"),
		.header_timeout = (int)cli_int(v, "header-timeout"),
		.idle_timeout = (int)cli_int(v, "idle-timeout"),
		/* The multipart framing around the file fits in the margin. */
		.upload_max = ((size_t)cli_int(v, "upload-max") << 20) + 64 * 1024,
	};
	int rc = http_serve(a, &relais_site, cli_str(v, "listen"), &limits);
	app_close(a);
	oidc_provider_free(oidc);
	return rc == 0 ? 0 : 1;
}

const struct cli_cmd cmd_serve = {"serve", "Serve the web application and the JSON API until "
					   "SIGINT or SIGTERM.",
				  opts, run, NULL, 0};
