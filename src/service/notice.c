/* notice — see notice.h. */
#include "service/notice.h"

#include <stdio.h>
#include <string.h>

#include "service/internal.h"
#include "service/letters.h"
#include "support/i18n.h"
#include "support/text.h"

#define NOTICE_SETTING "privacy_notice"

const char notice_default[] =
    "Le service social du travail traite des informations vous concernant pour vous "
    "accompagner : vous écouter, vous informer, vous orienter et vous aider dans vos "
    "démarches (santé, famille, travail, budget, logement).\n"
    "\n"
    "Responsable du traitement : le service social du travail qui vous accompagne. Base "
    "légale : la mission d'intérêt public du service social du travail (code du travail, "
    "articles L. 4631-1 et suivants) ; les informations sur votre santé ne sont traitées "
    "que pour votre accompagnement, par des professionnels tenus au secret professionnel "
    "(RGPD, article 9 ; code de l'action sociale et des familles, article L. 411-3).\n"
    "\n"
    "Qui voit vos informations : seule l'assistante de service social qui vous accompagne, "
    "et une collègue si vous l'acceptez. Votre employeur ne reçoit que des statistiques "
    "globales, jamais votre nom ni votre situation. Rien n'est transmis à un partenaire "
    "sans votre accord.\n"
    "\n"
    "Durée de conservation : votre dossier est conservé deux ans après la fin de "
    "l'accompagnement ou le dernier contact, puis anonymisé : votre identité et les textes "
    "vous concernant sont effacés.\n"
    "\n"
    "Vos droits : vous pouvez accéder à vos informations, les faire rectifier, demander "
    "leur effacement ou la limitation de leur traitement, et vous opposer au traitement, "
    "en vous adressant à votre assistante de service social ou au délégué à la protection "
    "des données du service. Si vous estimez que vos droits ne sont pas respectés, vous "
    "pouvez adresser une réclamation à la CNIL (www.cnil.fr).\n"
    "\n"
    "Délégué à la protection des données : (adresse à compléter par l'administrateur du "
    "service).";

#define TOO_LONG N_("La notice est trop longue (8 000 caractères au plus).")

const struct field notice_fields[NOTICE__FIELDS] = {
	[NOTICE_TEXT] = {"text", FIELD_TEXT, FIELD_CLEARS, 0, NOTICE_CHARS, TOO_LONG,
			 FIELD_AT(struct notice_input, text)},
};

int notice_get(svc *s, char *out, size_t len, int *custom)
{
	char text[NOTICE_MAX + 1];
	store *db = svc_db(s);
	if (!db || app_setting_get(db, NOTICE_SETTING, text, sizeof text) != STORE_OK)
		return svc_abort(s, "notice_get");
	svc_release_db(s);
	*custom = text[0] != '\0';
	snprintf(out, len, "%s", *custom ? text : notice_default);
	return SVC_OK;
}

/* Only blanks (spaces, tabs, line breaks)? */
static int blank(const char *t)
{
	for (; t && *t; t++)
		if (!strchr(" \t\r\n", *t))
			return 0;
	return 1;
}

/* Replaces text setting name after the checks every such text gets. */
static int text_setting_set(svc *s, const char *name, const char *text, size_t chars,
			    const char *too_long, const char *invalid, const char *audit)
{
	if (blank(text))
		text = "";
	if (strlen(text) > 4 * chars || text_utf8_chars(text) > chars)
		return svc_fail(s, SVC_INVALID, "text", too_long);
	if (!text_is_clean_utf8(text, strlen(text), 1))
		return svc_fail(s, SVC_INVALID, "text", invalid);
	if (svc_tx_begin(s) != STORE_OK || app_setting_put(svc_db(s), name, text) != STORE_OK ||
	    svc_audit(s, audit, "setting", name) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, audit);
	return SVC_OK;
}

int notice_set(svc *s, const char *text)
{
	if (!svc_may(s, ACT_REFERENCE_EDIT))
		return SVC_FORBIDDEN;
	return text_setting_set(s, NOTICE_SETTING, text, NOTICE_CHARS, TOO_LONG,
				N_("La notice contient des caractères invalides."), "notice.update");
}

#define HEAD_TOO_LONG N_("L'en-tête est trop long (600 caractères au plus).")

const struct field letterhead_fields[LETTERHEAD__FIELDS] = {
	[LETTERHEAD_TEXT] = {"text", FIELD_TEXT, FIELD_CLEARS, 0, LETTERHEAD_CHARS, HEAD_TOO_LONG,
			     FIELD_AT(struct letterhead_input, text)},
};

int letterhead_get(svc *s, char *out, size_t len)
{
	if (!svc_may(s, ACT_LETTER_TEMPLATES))
		return SVC_FORBIDDEN;
	store *db = svc_db(s);
	if (!db || app_setting_get(db, LETTER_HEADER_SETTING, out, len) != STORE_OK)
		return svc_abort(s, "letterhead_get");
	svc_release_db(s);
	return SVC_OK;
}

int letterhead_set(svc *s, const char *text)
{
	if (!svc_may(s, ACT_LETTER_TEMPLATES))
		return SVC_FORBIDDEN;
	return text_setting_set(s, LETTER_HEADER_SETTING, text, LETTERHEAD_CHARS, HEAD_TOO_LONG,
				N_("L'en-tête contient des caractères invalides."),
				"letterhead.update");
}
