/*
 * secrecy — the legal exceptions to professional secrecy a social worker
 * may have to make (issue 17), as fixed codes with their French labels:
 * they are the law's, not the service's, so no reference list an
 * administrator could edit.
 *
 * Each kind has its legal bases: a signalement to the procureur de la
 * République (Code pénal art. 226-14), an information préoccupante to the
 * CRIP (CASF art. L226-2-1), an answer to a judicial réquisition (CPP art.
 * 60-1, 77-1-1 or 99-3: which one is chosen), another legal obligation
 * (its text said in words).  A kind with one basis implies it.
 */
#ifndef RELAIS_DOMAIN_SECRECY_H
#define RELAIS_DOMAIN_SECRECY_H

#include "domain/verr.h"

enum secrecy_kind { SK_SIGNALEMENT, SK_INFORMATION_PREOCCUPANTE, SK_REQUISITION, SK_AUTRE,
		    SK__COUNT };

enum secrecy_basis { SB_CP_226_14, SB_CASF_L226_2_1, SB_CPP_60_1, SB_CPP_77_1_1, SB_CPP_99_3,
		     SB_AUTRE, SB__COUNT };

/* The code of kind k or basis b ("signalement", "cpp_60_1"); NULL when out
   of range. */
const char *secrecy_kind_code(enum secrecy_kind k);
const char *secrecy_basis_code(enum secrecy_basis b);
/* The French label (a msgid) of kind k or basis b; NULL when out of range. */
const char *secrecy_kind_label(enum secrecy_kind k);
const char *secrecy_basis_label(enum secrecy_basis b);
/* The kind or basis of a code, or -1. */
int secrecy_kind_parse(const char *code);
int secrecy_basis_parse(const char *code);
/* The kind basis b belongs to. */
enum secrecy_kind secrecy_basis_kind(enum secrecy_basis b);
/* The label of code (kind or basis), the code itself when unknown. */
const char *secrecy_label(const char *code);

/* A lifting as typed: what secrecy_check reads. */
struct secrecy_new {
	const char *kind, *legal_basis, *detail; /* detail: the precision of SK_AUTRE */
	const char *lifted_on;                   /* YYYY-MM-DD */
	const char *today;                       /* YYYY-MM-DD */
};

/*
 * Checks a lifting, adding every refusal to l (lifted_on, kind,
 * legal_basis, basis_detail): a date missing or after today; an unknown
 * kind; a basis of another kind, or none when the kind has several; no
 * precision for SK_AUTRE.  *basis gets the basis (the kind's only one
 * when none was given), or NULL.  0, or -1.
 */
int secrecy_check(const struct secrecy_new *n, const char **basis, struct verr_list *l);

#endif
