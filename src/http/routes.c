/*
 * routes — the one route table: method, path, the policy action it needs,
 * flags, handler, and the menu label for pages.  The router, the menu and
 * the route × role test all read this table.
 */
#include "api/api.h"
#include "http/http.h"
#include "support/i18n.h"
#include "web/web.h"

const struct route routes[] = {
	/* Infrastructure */
	{M_GET, "/healthz", ACT_PUBLIC, ROUTE_NO_SESSION, api_health, NULL, NULL},
	{M_GET, "/assets/{file}", ACT_PUBLIC, ROUTE_NO_SESSION, web_asset, NULL, NULL},

	/* Pages */
	{M_GET, "/login", ACT_PUBLIC, 0, web_login_form, NULL, NULL},
	{M_POST, "/login", ACT_PUBLIC, ROUTE_NO_CSRF, web_login_submit, NULL, NULL},
	{M_POST, "/logout", ACT_SIGNED_IN, 0, web_logout, NULL, NULL},
	{M_GET, "/", ACT_SIGNED_IN, 0, web_home, NULL, NULL},
	{M_GET, "/admin/users", ACT_USERS_READ, 0, web_users, N_("Comptes"),
	 N_("Créer les comptes du service et voir leur état (un compte par personne).")},
	{M_POST, "/admin/users", ACT_USERS_CREATE, 0, web_users_create, NULL, NULL},
	{M_GET, "/audit", ACT_AUDIT_READ, 0, web_audit, N_("Journal d'accès"),
	 N_("Consulter le journal des accès aux données et vérifier son intégrité.")},

	/* JSON API */
	{M_POST, "/api/v1/session", ACT_PUBLIC, ROUTE_API | ROUTE_NO_CSRF, api_session_create, NULL, NULL},
	{M_DELETE, "/api/v1/session", ACT_SIGNED_IN, ROUTE_API, api_session_delete, NULL, NULL},
	{M_GET, "/api/v1/me", ACT_SIGNED_IN, ROUTE_API, api_me, NULL, NULL},
	{M_GET, "/api/v1/users", ACT_USERS_READ, ROUTE_API, api_users_list, NULL, NULL},
	{M_POST, "/api/v1/users", ACT_USERS_CREATE, ROUTE_API, api_users_create, NULL, NULL},
	{M_GET, "/api/v1/audit", ACT_AUDIT_READ, ROUTE_API, api_audit_list, NULL, NULL},
	{M_GET, "/api/v1/audit/verify", ACT_AUDIT_READ, ROUTE_API, api_audit_verify, NULL, NULL},
};

const int routes_count = (int)(sizeof routes / sizeof routes[0]);
