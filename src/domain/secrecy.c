/* secrecy — see secrecy.h. */
#include "domain/secrecy.h"

#include <stddef.h>
#include <string.h>

#include "domain/date.h"
#include "support/i18n.h"

static const char *const kind_codes[SK__COUNT] = {
	[SK_SIGNALEMENT] = "signalement",
	[SK_INFORMATION_PREOCCUPANTE] = "information_preoccupante",
	[SK_REQUISITION] = "requisition",
	[SK_AUTRE] = "autre",
};

static const char *const kind_labels[SK__COUNT] = {
	[SK_SIGNALEMENT] = N_("Signalement au procureur de la République"),
	[SK_INFORMATION_PREOCCUPANTE] = N_("Information préoccupante à la CRIP"),
	[SK_REQUISITION] = N_("Réponse à une réquisition judiciaire"),
	[SK_AUTRE] = N_("Autre obligation légale"),
};

static const char *const basis_codes[SB__COUNT] = {
	[SB_CP_226_14] = "cp_226_14",	  [SB_CASF_L226_2_1] = "casf_l226_2_1",
	[SB_CPP_60_1] = "cpp_60_1",	  [SB_CPP_77_1_1] = "cpp_77_1_1",
	[SB_CPP_99_3] = "cpp_99_3",	  [SB_AUTRE] = "autre_texte",
};

static const char *const basis_labels[SB__COUNT] = {
	[SB_CP_226_14] = N_("Code pénal, art. 226-14"),
	[SB_CASF_L226_2_1] = N_("Code de l'action sociale et des familles, art. L226-2-1"),
	[SB_CPP_60_1] = N_("Code de procédure pénale, art. 60-1 (enquête de flagrance)"),
	[SB_CPP_77_1_1] = N_("Code de procédure pénale, art. 77-1-1 (enquête préliminaire)"),
	[SB_CPP_99_3] = N_("Code de procédure pénale, art. 99-3 (instruction)"),
	[SB_AUTRE] = N_("Autre texte (précisé)"),
};

static const enum secrecy_kind basis_kinds[SB__COUNT] = {
	[SB_CP_226_14] = SK_SIGNALEMENT,   [SB_CASF_L226_2_1] = SK_INFORMATION_PREOCCUPANTE,
	[SB_CPP_60_1] = SK_REQUISITION,	   [SB_CPP_77_1_1] = SK_REQUISITION,
	[SB_CPP_99_3] = SK_REQUISITION,	   [SB_AUTRE] = SK_AUTRE,
};

const char *secrecy_kind_code(enum secrecy_kind k)
{
	return k >= 0 && k < SK__COUNT ? kind_codes[k] : NULL;
}

const char *secrecy_basis_code(enum secrecy_basis b)
{
	return b >= 0 && b < SB__COUNT ? basis_codes[b] : NULL;
}

const char *secrecy_kind_label(enum secrecy_kind k)
{
	return k >= 0 && k < SK__COUNT ? kind_labels[k] : NULL;
}

const char *secrecy_basis_label(enum secrecy_basis b)
{
	return b >= 0 && b < SB__COUNT ? basis_labels[b] : NULL;
}

static int parse(const char *const *codes, int n, const char *code)
{
	for (int i = 0; code && i < n; i++)
		if (strcmp(codes[i], code) == 0)
			return i;
	return -1;
}

int secrecy_kind_parse(const char *code)
{
	return parse(kind_codes, SK__COUNT, code);
}

int secrecy_basis_parse(const char *code)
{
	return parse(basis_codes, SB__COUNT, code);
}

enum secrecy_kind secrecy_basis_kind(enum secrecy_basis b)
{
	return basis_kinds[b];
}

const char *secrecy_label(const char *code)
{
	int k = secrecy_kind_parse(code), b = secrecy_basis_parse(code);
	if (k >= 0)
		return kind_labels[k];
	return b >= 0 ? basis_labels[b] : code;
}

/* The only basis of kind k, or -1 when it has several. */
static int only_basis(enum secrecy_kind k)
{
	int found = -1;
	for (int b = 0; b < SB__COUNT; b++)
		if (basis_kinds[b] == k) {
			if (found >= 0)
				return -1;
			found = b;
		}
	return found;
}

int secrecy_check(const struct secrecy_new *n, const char **basis, struct verr_list *l)
{
	const char *kind = n->kind, *legal_basis = n->legal_basis, *detail = n->detail;
	int k = secrecy_kind_parse(kind), bad = 0;
	*basis = NULL;
	if (!n->lifted_on || !date_valid(n->lifted_on) || date_cmp(n->lifted_on, n->today) > 0) {
		verr_list_add(l, (struct verr){"lifted_on",
					       N_("La date doit être une date passée ou aujourd'hui "
						  "(AAAA-MM-JJ).")});
		bad = 1;
	}
	if (k < 0) {
		verr_list_add(l, (struct verr){"kind", N_("Choisissez le type de levée du secret.")});
		bad = 1;
	} else if (!legal_basis || !*legal_basis) {
		int b = only_basis((enum secrecy_kind)k);
		if (b < 0) {
			verr_list_add(l, (struct verr){"legal_basis",
						       N_("Choisissez l'article qui fonde la "
							  "réquisition.")});
			bad = 1;
		} else {
			*basis = basis_codes[b];
		}
	} else {
		int b = secrecy_basis_parse(legal_basis);
		if (b < 0 || basis_kinds[b] != (enum secrecy_kind)k) {
			verr_list_add(l, (struct verr){"legal_basis",
						       N_("Ce fondement ne correspond pas au type "
							  "de levée du secret.")});
			bad = 1;
		} else {
			*basis = basis_codes[b];
		}
	}
	if (k == SK_AUTRE && (!detail || !*detail)) {
		verr_list_add(l, (struct verr){"basis_detail",
					       N_("Précisez l'obligation légale (le texte qui "
						  "l'impose).")});
		bad = 1;
	}
	return bad ? -1 : 0;
}
