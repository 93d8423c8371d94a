/*
 * verr — a validation error: which input field, and why, in French
 * (a translatable msgid; adapters translate it with _()).
 */
#ifndef RELAIS_VERR_H
#define RELAIS_VERR_H

#include <string.h>

struct verr {
	const char *field;   /* input field name as the API spells it ("login") */
	const char *message; /* French msgid, static storage */
};

static inline int verr_set(struct verr *e, const char *field, const char *message)
{
	if (e) {
		e->field = field;
		e->message = message;
	}
	return -1;
}

/* Every refusal of one input, in its field table's order (issue 17: a form
   shows them all at once, each next to its field; the API lists them). */
#define VERR_LIST_MAX 16
struct verr_list {
	struct verr e[VERR_LIST_MAX]; /* the first n */
	int n;
};

static inline void verr_list_add(struct verr_list *l, struct verr e)
{
	if (l && l->n < VERR_LIST_MAX)
		l->e[l->n++] = e;
}

/* Appends every refusal of more to l (a form read in two tables). */
static inline void verr_list_merge(struct verr_list *l, const struct verr_list *more)
{
	for (int i = 0; more && i < more->n; i++)
		verr_list_add(l, more->e[i]);
}

/* The message refusing field in l, or NULL. */
static inline const char *verr_list_message(const struct verr_list *l, const char *field)
{
	for (int i = 0; l && field && i < l->n; i++)
		if (l->e[i].field && strcmp(l->e[i].field, field) == 0)
			return l->e[i].message;
	return NULL;
}

#endif
