/* oidc — the single sign-on pages (service/oidc.h). */
#ifndef RELAIS_WEB_OIDC_H
#define RELAIS_WEB_OIDC_H

#include "http/http.h"

/* GET /oidc/connexion: starts a sign-in, off to the provider. */
void web_oidc_signin(struct request *req, struct response *resp);
/* GET /oidc/retour: the provider's answer. */
void web_oidc_callback(struct request *req, struct response *resp);
/* POST /oidc/code: the local second factor after the provider. */
void web_oidc_code(struct request *req, struct response *resp);
/* GET /compte/oidc: the account's link to the provider. */
void web_oidc_account(struct request *req, struct response *resp);
/* POST /compte/oidc/lier (local code) and /compte/oidc/delier. */
void web_oidc_link(struct request *req, struct response *resp);
void web_oidc_unlink(struct request *req, struct response *resp);

#endif
