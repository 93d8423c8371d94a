/*
 * actions — collective actions (*actions collectives*): information and
 * awareness sessions held in a client organisation (disability, family
 * carers, budget, retirement…), with their attendance.  They are about no
 * person: no personal data, nothing sealed.
 *
 * Who: the head of service records and sees every action; a worker those
 * of the organisations she is assigned to; an employer contact reads its
 * own organisation's only (asking for another one answers an empty list,
 * which tells nothing).  Writes are audited.
 */
#ifndef RELAIS_ACTIONS_H
#define RELAIS_ACTIONS_H

#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"

#define ACTION_TITLE_MAX 200        /* characters */
#define ACTION_PARTICIPANTS_MAX 100000
#define ACTION_MINUTES_MAX 1440
#define ACTION_PARTNERS_MAX 20

/* A new action.  Strings borrowed for the call. */
struct action_input {
	const char *organisation; /* the organisation's code */
	const char *date;         /* YYYY-MM-DD the session is held */
	const char *topic;        /* reference list action_topic */
	const char *format;       /* reference list action_format */
	const char *title;        /* 1–200 characters */
	int64_t participants;     /* 0..100000 */
	int64_t duration_minutes; /* 0..1440 */
	const int64_t *partners;  /* ids in the partner directory (duplicates ignored) */
	int npartners;
};

/* The scalar members of struct action_input, declared once for the form
   and the JSON body (domain/field.h), in the order the service checks
   them; the partners are a list (ACTION_PARTNERS_NAME), read apart. */
enum { ACTION_ORGANISATION, ACTION_DATE, ACTION_TOPIC, ACTION_FORMAT, ACTION_TITLE,
       ACTION_PARTICIPANTS, ACTION_DURATION, ACTION__FIELDS };
extern const struct field actions_fields[ACTION__FIELDS];
#define ACTION_PARTNERS_NAME "partners" /* form checkboxes, JSON array of ids */

/* One action as listed.  Strings valid during the callback only. */
struct action_view {
	int64_t id;
	const char *organisation;      /* code */
	const char *organisation_name;
	const char *partners; /* the partners' ids, comma-separated, or NULL */
	const char *date;
	const char *topic;
	const char *format;
	const char *title;
	int64_t participants;
	int64_t duration_minutes;
};

typedef int (*action_fn)(void *ctx, const struct action_view *v);

/*
 * Records an action (policy collective_actions.edit; audited
 * collective_action.create).  SVC_INVALID names the field: organisation
 * (unknown, or not one the worker is assigned to), date, topic, format,
 * title, participants, duration_minutes, partners (an id not in the
 * partner directory, or merged away).
 */
int actions_create(svc *s, const struct action_input *in, int64_t *id);

/*
 * The actions the caller may see, newest first (policy
 * collective_actions.read): organisation NULL or "" for all of them, year
 * 0 for every year (else 1990–2100, SVC_INVALID "year").  An organisation
 * the caller may not see gives an empty list.
 */
int actions_list(svc *s, const char *organisation, int64_t year, action_fn fn, void *ctx);

/*
 * Corrects action id with in (every field, as when recorded; its partners
 * replaced by in's) for reason, or deletes it, for reason (service/
 * corrections.h: audited collective_action.correct naming the fields
 * changed, collective_action.delete; a deleted action leaves the lists and
 * the bilans).  Whoever may record actions in its organisation may (the
 * head; a worker assigned there); anyone else gets SVC_NOT_FOUND.
 * SVC_INVALID names a field of in, or "reason".
 */
int actions_correct(svc *s, int64_t id, const struct action_input *in, const char *reason);
int actions_delete(svc *s, int64_t id, const char *reason);

#endif
