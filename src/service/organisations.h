/*
 * organisations — the client organisations of the service, their yearly
 * headcounts (the denominator of the bilan), and which workers serve them.
 * Admin and head see every organisation; a worker sees those assigned to
 * them (others answer SVC_NOT_FOUND); no one else sees any here.
 */
#ifndef RELAIS_ORGANISATIONS_H
#define RELAIS_ORGANISATIONS_H

#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"

#define ORG_CODE_MAX 32
#define ORG_NAME_MAX 200
#define ORG_SECTOR_MAX 100
#define HEADCOUNT_YEAR_MIN 1990
#define HEADCOUNT_YEAR_MAX 2100
#define HEADCOUNT_MAX 10000000

/* What creating an organisation takes (strings borrowed from the caller). */
struct organisation_input {
	const char *code;   /* 2–32 of a-z 0-9 - _ */
	const char *name;   /* required, 200 characters at most */
	const char *kind;   /* organisation_kind reference code */
	const char *sector; /* free text or NULL, 100 characters at most */
};

/* The input of organisations_create, declared once for the form and the
   JSON body (domain/field.h), in the order the service checks it. */
enum { ORGANISATION_CODE, ORGANISATION_NAME, ORGANISATION_KIND, ORGANISATION_SECTOR,
       ORGANISATION__FIELDS };
extern const struct field organisations_fields[ORGANISATION__FIELDS];

/* A headcount: the year (the API's path gives it) and the count. */
struct headcount_input {
	int64_t year;      /* HEADCOUNT_YEAR_MIN..HEADCOUNT_YEAR_MAX */
	int64_t headcount; /* 0..HEADCOUNT_MAX */
};

enum { HEADCOUNT_YEAR, HEADCOUNT_COUNT, HEADCOUNT__FIELDS };
extern const struct field headcounts_fields[HEADCOUNT__FIELDS];

/* Assigning a worker to an organisation: her login. */
struct assignment_input {
	const char *login;
};

enum { ASSIGNMENT_LOGIN, ASSIGNMENT__FIELDS };
extern const struct field assignments_fields[ASSIGNMENT__FIELDS];

/* One organisation. Strings valid during the callback only. */
struct org_info {
	int64_t id;
	const char *code;   /* stable short code, e.g. "montreuil" */
	const char *name;
	const char *kind;   /* organisation_kind reference code */
	const char *sector; /* free text or NULL */
};

typedef int (*org_fn)(void *ctx, const struct org_info *o);
typedef int (*headcount_fn)(void *ctx, int64_t year, int64_t headcount);
typedef int (*assigned_fn)(void *ctx, const char *login, const char *name);

/* The organisations the caller may see, by name (policy organisations.read). */
int organisations_list(svc *s, org_fn fn, void *ctx);

/*
 * Creates an organisation (policy organisations.edit).  SVC_INVALID names
 * the field (code: 2–32 of a-z 0-9 - _; name; kind from the
 * organisation_kind list; sector), SVC_CONFLICT for a code in use.
 */
int organisations_create(svc *s, const char *code, const char *name, const char *kind, const char *sector,
		int64_t *id);

/*
 * One organisation with its headcounts (by year) and assigned workers; any
 * callback may be NULL.  SVC_NOT_FOUND when it does not exist or the
 * caller may not see it.
 */
int organisations_get(svc *s, const char *code, org_fn org, headcount_fn headcounts,
	     assigned_fn workers, void *ctx);

/* Records the headcount of year (policy organisations.edit). */
int organisations_set_headcount(svc *s, const char *code, int64_t year, int64_t headcount);

/* Assigns a worker (by login) to the organisation, or removes them
   (policy organisations.assign).  Assigning twice is harmless. */
int organisations_assign(svc *s, const char *code, const char *login);
int organisations_unassign(svc *s, const char *code, const char *login);

/* Finds an organisation by code for other use cases: its id, or 0.  No
   policy check: the caller has done its own. */
int organisations_lookup_id(svc *s, const char *code, int64_t *id);
/* An employer's own organisation (SVC_NOT_FOUND for every other role). */
int organisations_own(svc *s, org_fn fn, void *ctx);
/* The organisation's id when the caller may see it (admin and head: all;
   a worker: those she is assigned to; an employer: its own), SVC_NOT_FOUND
   otherwise, whether or not it exists. */
int organisations_visible_id(svc *s, const char *code, int64_t *id);

#endif
