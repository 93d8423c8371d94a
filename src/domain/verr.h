/*
 * verr — a validation error: which input field, and why, in French
 * (a translatable msgid; adapters translate it with _()).
 */
#ifndef RELAIS_VERR_H
#define RELAIS_VERR_H

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

#endif
