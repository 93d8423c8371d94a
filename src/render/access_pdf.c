/* render/access_pdf — see access_pdf.h.  Drawn with cairo and pango like
   the bordereau (render/pdfout.h): each block of text one layout from
   escaped markup. */
#include "render/access_pdf.h"

#include <inttypes.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/audit_labels.h"
#include "domain/date.h"
#include "domain/money.h"
#include "domain/secrecy.h"
#include "render/pdfout.h"
#include "support/i18n.h"
/* last: it redirects the libraries' functions to their table */
#include "render/pdflib.h"

#define A4_W 595.28
#define A4_H 841.89
#define SIDE 50.0

/* The French name of each member of the document. */
static const struct {
	const char *key, *label;
} names[] = {
	{"id", N_("Numéro")},
	{"organisation", N_("Employeur")},
	{"last_name", N_("Nom")},
	{"first_name", N_("Prénom")},
	{"birth_date", N_("Date de naissance")},
	{"sex", N_("Sexe")},
	{"status", N_("Statut")},
	{"category", N_("Catégorie")},
	{"family_situation", N_("Situation familiale")},
	{"job_title", N_("Emploi")},
	{"phone", N_("Téléphone")},
	{"email", N_("Courriel")},
	{"address", N_("Adresse")},
	{"referent", N_("Assistant(e) référent(e)")},
	{"consent", N_("Consentements")},
	{"accompaniment_on", N_("Accord pour être accompagné(e), donné le")},
	{"statistics", N_("Compté(e) dans les statistiques")},
	{"statistics_on", N_("Choix sur les statistiques, le")},
	{"share_consent_on", N_("Accord pour transmettre ses coordonnées, le")},
	{"opened_on", N_("Ouvert le")},
	{"closed_on", N_("Clos le")},
	{"referral_source", N_("Origine de la demande")},
	{"domains", N_("Domaines")},
	{"diagnosis", N_("Diagnostic social")},
	{"action_plan", N_("Plan d'action")},
	{"outcome", N_("Issue")},
	{"interventions", N_("Interventions")},
	{"date", N_("Date")},
	{"mode", N_("Mode")},
	{"kind", N_("Nature")},
	{"duration_minutes", N_("Durée (minutes)")},
	{"notes", N_("Notes")},
	{"private_note", N_("Note privée")},
	{"author", N_("Auteur")},
	{"aids", N_("Aides financières")},
	{"funder", N_("Financeur")},
	{"reason", N_("Motif")},
	{"amount_requested_cents", N_("Montant demandé")},
	{"amount_granted_cents", N_("Montant accordé")},
	{"amount_cents", N_("Montant")},
	{"requested_on", N_("Demandée le")},
	{"decided_on", N_("Décidée le")},
	{"decision", N_("Décision")},
	{"paid_on", N_("Versée le")},
	{"budgets", N_("Budget")},
	{"incomes", N_("Ressources")},
	{"charges", N_("Charges")},
	{"debts", N_("Dettes")},
	{"label", N_("Libellé")},
	{"creditor", N_("Créancier")},
	{"monthly_cents", N_("Mensualité")},
	{"incomes_cents", N_("Total des ressources")},
	{"charges_cents", N_("Total des charges")},
	{"repayments_cents", N_("Remboursements")},
	{"reste_a_vivre", N_("Reste à vivre")},
	{"per_month_cents", N_("Par mois")},
	{"per_day_cents", N_("Par jour")},
	{"per_day_per_unit_cents", N_("Par jour et par part")},
	{"units", N_("Parts")},
	{"adults", N_("Adultes")},
	{"month", N_("Mois")},
	{"orientations", N_("Orientations")},
	{"notice_given_on", N_("Notice d'information remise le")},
	{"secrecy_liftings", N_("Levées du secret professionnel")},
	{"legal_basis", N_("Fondement légal")},
	{"basis_detail", N_("Précision du fondement")},
	{"lifted_on", N_("Date de la levée du secret")},
	{"recipient", N_("Destinataire")},
	{"what_sent", N_("Ce qui a été transmis")},
	{"recorded_by", N_("Enregistrée par")},
	{"partner", N_("Partenaire")},
	{"sent_on", N_("Envoyée le")},
	{"answered_on", N_("Réponse le")},
	{"details_sent", N_("Coordonnées transmises")},
	{"expires_on", N_("Expire le")},
	{"shares", N_("Partages avec des collègues")},
	{"login", N_("Compte")},
	{"name", N_("Nom")},
	{"until", N_("Jusqu'au")},
	{"live", N_("En cours")},
	{"job_retention", N_("Maintien dans l'emploi")},
	{"sick_leaves", N_("Arrêts de travail")},
	{"part_times", N_("Temps partiels thérapeutiques")},
	{"start", N_("Début")},
	{"end", N_("Fin")},
	{"days", N_("Jours")},
	{"percent", N_("Pourcentage")},
	{"long_leave", N_("Arrêt long")},
	{"rqth", N_("RQTH")},
	{"pre_return_visit_on", N_("Visite de pré-reprise le")},
	{"adjustment", N_("Aménagement")},
	{"description", N_("Description")},
	{"done_on", N_("Fait le")},
	{"fields", N_("Champs")},
	{"message", N_("Message")},
	{"corrected_at", N_("Corrigé le")},
	{"corrected_by", N_("Corrigé par")},
	{"requested_at", N_("Demandé le")},
	{"history", N_("Historique")},
	{"case_id", N_("Suivi")},
	{"person_id", N_("Personne")},
	{"person", N_("Personne")},
	{"case_closed", N_("Suivi clos")},
	{"submitted_on", N_("Déposée le")},
	{"children_under_14", N_("Enfants de moins de 14 ans")},
	{"others_14_plus", N_("Autres personnes de 14 ans et plus")},
};

static const char *name_of(const char *key)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].key, key) == 0)
			return _(names[i].label);
	return key;
}

struct sheet {
	cairo_t *cr;
	double y;
	buf line;             /* the markup being built */
	const json_t *labels; /* {list: {code: label}} (access_pdf) */
};

/* The list whose codes member key holds inside parent (the list or object
   it belongs to, "" at the top), or NULL for a value shown as it is. */
static const char *list_of(const char *parent, const char *key)
{
	static const struct {
		const char *parent, *key, *list; /* parent NULL: anywhere */
	} lists[] = {
		{"interventions", "kind", "intervention_kind"},
		{"aids", "kind", "aid_kind"},
		{"appointments", "status", "appointment_status"},
		{"appointments", "mode", "mode"},
		{"job_retention", "outcome", "retention_outcome"},
		{NULL, "mode", "mode"},
		{NULL, "referral_source", "referral_source"},
		{NULL, "domains", "domain"},
		{NULL, "outcome", "outcome"},
		{"", "status", "status"},
		{NULL, "category", "category"},
		{NULL, "family_situation", "family_situation"},
		{NULL, "sex", "sex"},
		{NULL, "funder", "funder"},
		{NULL, "decision", "aid_decision"},
	};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		if ((!lists[i].parent || strcmp(lists[i].parent, parent) == 0) &&
		    strcmp(lists[i].key, key) == 0)
			return lists[i].list;
	return NULL;
}

/* The French label of a coded value, or NULL when it is not one: the
   reference lists' labels, the legal bases of secrecy's liftings. */
static const char *label_of(const struct sheet *s, const char *parent, const char *key,
			    const json_t *v)
{
	const char *code = json_string_value(v);
	if (!code)
		return NULL;
	if (strcmp(parent, "secrecy_liftings") == 0 &&
	    (strcmp(key, "kind") == 0 || strcmp(key, "legal_basis") == 0)) {
		const char *l = secrecy_label(code);
		return l != code ? _(l) : NULL;
	}
	if (strcmp(parent, "cases") == 0 && strcmp(key, "status") == 0) {
		if (strcmp(code, "open") == 0)
			return _("En cours");
		return strcmp(code, "closed") == 0 ? _("Clos") : NULL;
	}
	const char *list = list_of(parent, key);
	if (!list)
		return NULL;
	return json_string_value(json_object_get(json_object_get(s->labels, list), code));
}

/* Amounts are stored in cents: "…_cents" members read in euros. */
static int is_amount(const char *key)
{
	size_t n = strlen(key);
	return n > 6 && strcmp(key + n - 6, "_cents") == 0;
}

/* Draws s->line at the current height, indented by indent points, moving
   on to a new page when it does not fit; empties the line. */
static void block(struct sheet *s, double size, double indent)
{
	PangoLayout *l = pango_cairo_create_layout(s->cr);
	PangoFontDescription *f = pango_font_description_from_string("DejaVu Sans");
	pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
	pango_layout_set_font_description(l, f);
	pango_font_description_free(f);
	pango_layout_set_width(l, (int)((A4_W - 2 * SIDE - indent) * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_markup(l, buf_cstr(&s->line), -1);
	int w, h;
	pango_layout_get_size(l, &w, &h);
	double height = (double)h / PANGO_SCALE;
	if (s->y + height > A4_H - 60.0) {
		cairo_show_page(s->cr);
		s->y = SIDE;
	}
	cairo_set_source_rgb(s->cr, 0.1, 0.1, 0.1);
	cairo_move_to(s->cr, SIDE + indent, s->y);
	pango_cairo_show_layout(s->cr, l);
	g_object_unref(l);
	s->y += height + size * 0.4;
	buf_reset(&s->line);
}

/* Appends text escaped for pango markup. */
static void esc(buf *b, const char *text)
{
	char *e = g_markup_escape_text(text, -1);
	buf_puts(b, e);
	g_free(e);
}

static void heading(struct sheet *s, const char *text, double size)
{
	s->y += size * 0.5;
	buf_puts(&s->line, "<b>");
	esc(&s->line, text);
	buf_puts(&s->line, "</b>");
	block(s, size, 0);
}

/* A scalar as French text: dates JJ/MM/AAAA, booleans oui / non. */
static void scalar(buf *b, const json_t *v)
{
	char text[64];
	if (json_is_string(v)) {
		const char *t = json_string_value(v);
		char d[11] = "", day[11];
		if (strlen(t) >= 10 && (t[10] == '\0' || t[10] == 'T')) {
			memcpy(d, t, 10);
			d[10] = 0;
		}
		if (d[0] && date_valid(d)) { /* a date, or a date and time */
			date_french(d, day);
			esc(b, day);
			if (t[10] == 'T') {
				buf_puts(b, " ");
				esc(b, t + 11);
			}
		} else {
			esc(b, t);
		}
	} else if (json_is_integer(v)) {
		snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		buf_puts(b, text);
	} else if (json_is_real(v)) {
		snprintf(text, sizeof text, "%.2f", json_real_value(v));
		char *dot = strchr(text, '.');
		if (dot)
			*dot = ',';
		buf_puts(b, text);
	} else if (json_is_boolean(v)) {
		esc(b, json_is_true(v) ? _("oui") : _("non"));
	}
}

static int all_scalars(const json_t *a)
{
	size_t i;
	const json_t *v;
	json_array_foreach(a, i, v) if (json_is_object(v) || json_is_array(v)) return 0;
	return 1;
}

/* A member's scalar value: its French label when coded, euros for an
   amount, else as scalar() writes it. */
static void value(struct sheet *s, const char *parent, const char *key, const json_t *v)
{
	const char *label = label_of(s, parent, key, v);
	if (label) {
		esc(&s->line, label);
	} else if (is_amount(key) && json_is_integer(v)) {
		char euros[MONEY_TEXT_MAX];
		esc(&s->line, money_format(json_integer_value(v), euros, sizeof euros));
	} else {
		scalar(&s->line, v);
	}
}

static void object(struct sheet *s, const json_t *o, double indent, const char *parent);

/* One member of parent: "Nom : valeur", or a titled list of records. */
static void member(struct sheet *s, const char *parent, const char *key, const json_t *v,
		   double indent)
{
	if (json_is_null(v) || (json_is_string(v) && !*json_string_value(v)) ||
	    (json_is_array(v) && json_array_size(v) == 0))
		return;
	if (json_is_object(v) || (json_is_array(v) && !all_scalars(v))) {
		buf_puts(&s->line, "<b>");
		esc(&s->line, name_of(key));
		buf_puts(&s->line, "</b>");
		block(s, 9, indent);
		if (json_is_object(v)) {
			object(s, v, indent + 12, key);
			return;
		}
		size_t i;
		const json_t *item;
		json_array_foreach(v, i, item)
		{
			if (json_is_object(item)) {
				object(s, item, indent + 12, key);
				s->y += 3;
			}
		}
		return;
	}
	esc(&s->line, name_of(key));
	buf_puts(&s->line, " : ");
	if (json_is_array(v)) {
		size_t i;
		const json_t *item;
		json_array_foreach(v, i, item)
		{
			if (i)
				buf_puts(&s->line, ", ");
			value(s, parent, key, item);
		}
	} else {
		value(s, parent, key, v);
	}
	block(s, 9, indent);
}

static void object(struct sheet *s, const json_t *o, double indent, const char *parent)
{
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)o, key, v) member(s, parent, key, v, indent);
}

static void none(struct sheet *s, const char *text)
{
	buf_puts(&s->line, "<i>");
	esc(&s->line, text);
	buf_puts(&s->line, "</i>");
	block(s, 9, 0);
}

static void cases(struct sheet *s, const json_t *list)
{
	heading(s, _("Suivis"), 14);
	if (json_array_size(list) == 0)
		none(s, _("Aucun suivi."));
	size_t i;
	const json_t *c;
	json_array_foreach(list, i, c)
	{
		char title[96];
		snprintf(title, sizeof title, _("Suivi n° %lld"),
			 (long long)json_integer_value(json_object_get(c, "id")));
		heading(s, title, 11);
		object(s, c, 0, "cases");
	}
}

/* Every change of the consents, oldest first: "Consentement aux
   statistiques retiré le 12/03/2025 (enregistré le 12/03/2025 par
   as.durand)". */
static void consent_history(struct sheet *s, const json_t *list)
{
	heading(s, _("Historique des consentements"), 11);
	if (json_array_size(list) == 0)
		none(s, _("Aucun changement enregistré."));
	buf sentence; /* before it is escaped */
	buf_init(&sentence, 0);
	size_t i;
	const json_t *c;
	json_array_foreach(list, i, c)
	{
		const char *kind = json_string_value(json_object_get(c, "kind"));
		const char *on = json_string_value(json_object_get(c, "on"));
		int given = json_is_true(json_object_get(c, "given"));
		char day[11] = "?", when[16] = "?";
		if (on && date_valid(on))
			date_french(on, day);
		int accompaniment = kind && strcmp(kind, "accompaniment") == 0;
		time_t at = (time_t)json_integer_value(json_object_get(c, "recorded_at"));
		struct tm tm;
		if (localtime_r(&at, &tm))
			strftime(when, sizeof when, "%d/%m/%Y", &tm);
		const char *by = json_string_value(json_object_get(c, "recorded_by"));
		buf_puts(&s->line, "• ");
		buf_reset(&sentence);
		buf_printf(&sentence,
			   accompaniment ? _("Consentement à l'accompagnement donné le %s")
			   : given	 ? _("Consentement aux statistiques donné le %s")
					 : _("Consentement aux statistiques retiré le %s"),
			   day);
		esc(&s->line, buf_cstr(&sentence));
		buf_reset(&sentence);
		if (by)
			buf_printf(&sentence, _(" (enregistré le %s par %s)"), when, by);
		else
			buf_printf(&sentence, _(" (enregistré le %s)"), when);
		esc(&s->line, buf_cstr(&sentence));
		block(s, 9, 0);
	}
	buf_free(&sentence);
}

static void appointments(struct sheet *s, const json_t *list)
{
	heading(s, _("Rendez-vous"), 14);
	if (json_array_size(list) == 0)
		none(s, _("Aucun rendez-vous."));
	size_t i;
	const json_t *a;
	json_array_foreach(list, i, a)
	{
		buf_puts(&s->line, "• ");
		scalar(&s->line, json_object_get(a, "start"));
		buf_puts(&s->line, " – ");
		scalar(&s->line, json_object_get(a, "end"));
		buf_puts(&s->line, " · ");
		value(s, "appointments", "mode", json_object_get(a, "mode"));
		buf_puts(&s->line, " · ");
		value(s, "appointments", "status", json_object_get(a, "status"));
		buf_puts(&s->line, " · ");
		scalar(&s->line, json_object_get(a, "worker"));
		block(s, 9, 0);
	}
}

static void reads(struct sheet *s, const json_t *list)
{
	heading(s, _("Qui a consulté ou modifié le dossier, et quand"), 14);
	none(s, _("Chaque lecture, création, modification ou refus d'accès inscrit au journal "
		  "d'accès du service, du plus récent au plus ancien."));
	size_t i;
	const json_t *r;
	json_array_foreach(list, i, r)
	{
		time_t at = (time_t)json_integer_value(json_object_get(r, "at"));
		struct tm tm;
		char when[32] = "?";
		if (localtime_r(&at, &tm))
			strftime(when, sizeof when, "%d/%m/%Y %H:%M", &tm);
		const char *action = json_string_value(json_object_get(r, "action"));
		const char *label = action ? audit_action_label(action) : NULL;
		const char *login = json_string_value(json_object_get(r, "account"));
		buf_puts(&s->line, "• ");
		esc(&s->line, when);
		buf_puts(&s->line, " · ");
		esc(&s->line, login ? login : _("(système)"));
		buf_puts(&s->line, " · ");
		esc(&s->line, label ? _(label) : action ? action : "");
		block(s, 9, 0);
	}
	if (json_array_size(list) == 0)
		none(s, _("Aucune entrée."));
}

int access_pdf(const json_t *doc, const json_t *labels, const char *today, buf *out)
{
	if (pdflib_load() != 0)
		return -1;
	struct sheet s = {pdfout_open(out, A4_W, A4_H, _("Droit d'accès — données détenues")),
			  SIDE, {0}, labels};
	buf_init(&s.line, 0);
	char day[11];
	date_french(today, day);
	heading(&s, _("Vos données détenues par le service social du travail"), 18);
	buf_printf(&s.line, _("Document établi le %s au titre du droit d'accès (RGPD, article 15) : "
			      "tout ce que le service détient sur vous, et qui l'a consulté."),
		   day);
	block(&s, 10, 0);
	const json_t *person = json_object_get(doc, "person");
	heading(&s, _("Identité"), 14);
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)person, key, v) if (strcmp(key, "consent") != 0)
		member(&s, "", key, v, 0);
	heading(&s, _("Consentements"), 14);
	object(&s, json_object_get(person, "consent"), 0, "consent");
	consent_history(&s, json_object_get(doc, "consent_history"));
	heading(&s, _("Demandes de rectification"), 14);
	const json_t *corrections = json_object_get(doc, "corrections");
	if (json_array_size(corrections) == 0)
		none(&s, _("Aucune."));
	size_t i;
	json_array_foreach(corrections, i, v)
	{
		object(&s, v, 0, "corrections");
		s.y += 3;
	}
	cases(&s, json_object_get(doc, "cases"));
	appointments(&s, json_object_get(doc, "appointments"));
	reads(&s, json_object_get(doc, "reads"));
	buf_free(&s.line);
	return pdfout_close(s.cr, out, "access PDF");
}
