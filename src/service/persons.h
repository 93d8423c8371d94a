/*
 * persons — the people a worker accompanies, with their consents
 * (DESIGN §2b): accompaniment (required, dated), statistics (default yes).
 *
 * Secrecy: only the référent — the worker who created the person, or the
 * référent of one of their cases — and a colleague with a live share on
 * one of their cases may read or change a person.  Everyone else gets
 * SVC_NOT_FOUND, whatever their role, and the attempt is audited.
 */
#ifndef RELAIS_PERSONS_H
#define RELAIS_PERSONS_H

#include <stdint.h>

#include "domain/field.h"
#include "service/dashboard.h"
#include "service/svc.h"
#include "store/store.h"
#include "support/buf.h"
#include "support/sec.h"

#define PERSON_NAME_MAX 100
#define PERSON_JOB_MAX 120
#define PERSON_PHONE_MAX 30
#define PERSON_EMAIL_MAX 254
#define PERSON_ADDRESS_MAX 200
#define PERSON_SEARCH_MAX 200 /* persons a search shows, sorted by name */

/*
 * What a form or a JSON body gives.  For creation every required field is
 * needed; for an update a NULL field is left as it is and "" clears an
 * optional one.  statistics: 1 yes, 0 no, -1 unchanged (creation: yes).
 */
struct person_input {
	const char *organisation; /* organisation code (creation only) */
	const char *last_name;
	const char *first_name;
	const char *birth_date;   /* YYYY-MM-DD */
	const char *sex;          /* reference list "sex" */
	const char *status;       /* reference list "status" */
	const char *category;     /* reference list "category" */
	const char *family_situation; /* reference list "family_situation" */
	const char *job_title;
	const char *phone;
	const char *email;
	const char *address;      /* postal address, one line */
	const char *consent_on;   /* date of the consent to be accompanied */
	int statistics;           /* consent to be counted in statistics */
	const char *import_ref;   /* the spreadsheet's reference (import only) */
	const char *correction_reason; /* update only: NULL for an ordinary change; else the
					  person asked for it (RGPD art. 16) and this is why
					  (required, sealed; service/rights.h) */
	int confirm; /* creation only: 1 creates even with duplicates of the caller's own
			(persons_create_checked); read through persons_confirm_fields */
};

/* The member (JSON) or checkbox (form) "Créer quand même": confirm. */
enum { PERSON_CONFIRM, PERSON_CONFIRM__FIELDS };
extern const struct field persons_confirm_fields[PERSON_CONFIRM__FIELDS];

/*
 * The input of persons_create and persons_update, declared once for the
 * form, the JSON body and the CSV import (domain/field.h), in the order
 * the service checked them.  None is FIELD_REQUIRED: an update leaves an
 * absent field as it is, and the service refuses a creation without the
 * names or the consent.  The JSON body reads PERSON_ORGANISATION to
 * PERSON_EMAIL (PERSON__BODY of them) and its "consent" object through
 * persons_consent_fields; the form reads them all.
 */
enum { PERSON_ORGANISATION, PERSON_LAST_NAME, PERSON_FIRST_NAME, PERSON_BIRTH_DATE,
       PERSON_SEX, PERSON_STATUS, PERSON_CATEGORY, PERSON_FAMILY_SITUATION, PERSON_JOB_TITLE,
       PERSON_PHONE, PERSON_EMAIL, PERSON_ADDRESS, PERSON_CONSENT_ON, PERSON_STATISTICS, PERSON__FIELDS };
#define PERSON__BODY PERSON_CONSENT_ON
extern const struct field persons_fields[PERSON__FIELDS];

/* The JSON body's member holding the consents, an object read through
   persons_consent_fields. */
#define PERSONS_CONSENT "consent"
/* The members of the JSON body's "consent" object (a refusal names
   "consent." and the member). */
enum { PERSON_CONSENT_ACCOMPANIMENT_ON, PERSON_CONSENT_STATISTICS, PERSON_CONSENT__FIELDS };
extern const struct field persons_consent_fields[PERSON_CONSENT__FIELDS];

/* A person as shown.  Strings valid during the callback only; NULL when
   not recorded. */
struct person_view {
	int64_t id;
	const char *organisation; /* code */
	const char *referent;     /* login */
	const char *last_name;
	const char *first_name;
	const char *birth_date;
	const char *sex;
	const char *status;
	const char *category;
	const char *family_situation;
	const char *job_title;
	const char *phone;
	const char *email;
	const char *address;
	int birth_year;            /* in clear (the bilan); 0 when unknown */
	const char *consent_on;
	int statistics;
	const char *statistics_on; /* when the statistics consent last changed */
	const char *notice_given_on; /* when the information notice was handed over */
	int64_t created_at;
	int64_t updated_at;
};

typedef int (*person_fn)(void *ctx, const struct person_view *p);

/*
 * Every change of a person's consents is kept (issue 17): her consent to
 * be accompanied (given on a date; a new row when that date changes) and
 * to be counted in statistics (given or withdrawn, from a date), one row
 * each, written by persons_create and persons_update in their transaction
 * and never changed after; deleted when the person is anonymised.
 */
#define PERSON_CONSENT_KIND_ACCOMPANIMENT "accompaniment"
#define PERSON_CONSENT_KIND_STATISTICS "statistics"
struct consent_change {
	int64_t id;
	const char *kind;       /* PERSON_CONSENT_KIND_… */
	int given;              /* 1 given, 0 withdrawn */
	const char *on;         /* YYYY-MM-DD: the date it applies from */
	int64_t recorded_at;    /* Unix time */
	const char *recorded_by; /* the account's login, NULL for the command line */
};
typedef int (*consent_change_fn)(void *ctx, const struct consent_change *c);

/* The identity checks a worker may run in a rolling day, and how many of
   them may find a similar person, before every creation with a full
   identity is refused (SVC_LOCKED) for the rest of the day. */
#define PERSON_IDENTITY_CHECKS_DAY 30
#define PERSON_IDENTITY_MATCHES_DAY 3
#define PERSON_IDENTITY_WINDOW 86400 /* seconds */

/* The information notice (RGPD art. 13, service/notice.h) handed to the
   person: the date it was, YYYY-MM-DD, not after today. */
struct person_notice_input {
	const char *given_on;
};
enum { PERSON_NOTICE_GIVEN_ON, PERSON_NOTICE__FIELDS };
extern const struct field persons_notice_fields[PERSON_NOTICE__FIELDS];

/* Records that person id was handed the information notice on
   in->given_on (audited person.notice_given; a later date replaces an
   earlier one).  Whoever may open the person; others SVC_NOT_FOUND, the
   attempt audited.  SVC_INVALID on "notice_given_on". */
int persons_notice_given(svc *s, int64_t id, const struct person_notice_input *in);

/*
 * Creates a person (policy casework): the caller becomes the référent and
 * must serve the organisation.  SVC_INVALID names the field ("consent_on"
 * when the accompaniment consent is missing or not a past date).
 *
 * With a full identity (names and birth date) a worker's creation is
 * first checked against the persons of the organisation another worker
 * follows (an open case), through a keyed index of the folded identity
 * (never the names in clear): a match is SVC_CONFLICT on "identity" with
 * one fixed message naming nobody (audited person.create_similar, the
 * person matched as object, for the auditor and the référent).  The
 * checks are counted per worker (PERSON_IDENTITY_CHECKS_DAY,
 * PERSON_IDENTITY_MATCHES_DAY); beyond either, SVC_LOCKED on "identity"
 * before any look-up (audited person.create_limited), so the answer
 * never depends on the identity typed.  Without a birth date nothing is
 * checked.
 */
int persons_create(svc *s, const struct person_input *in, int64_t *id);

/*
 * persons_create for a worker at the form or the API, warned of
 * duplicates of her own: unless in->confirm, before any other check of
 * the identity, the persons she follows (référent of the person or of
 * one of its cases) with the same folded names and birth date, or the
 * same phone (normalised) or e-mail (case ignored), found through the
 * keyed indexes, are given to fn (PERSON_DUPLICATES_MAX at most, by id;
 * their reading audited person.create_duplicate, the first as object)
 * and the creation is SVC_CONFLICT on "duplicate", nothing written.  A
 * colleague's person is never among them (see persons_create: only a
 * full identity is checked against those, and answered without a name).
 * fn NULL: the duplicates are not read, the answer is the same.
 */
#define PERSON_DUPLICATES_MAX 20
int persons_create_checked(svc *s, const struct person_input *in, int64_t *id, person_fn fn,
			   void *ctx);

/* The duplicate check of persons_create_checked alone, for a creation
   made by another use case (an employee's request converted): SVC_OK
   when none, else SVC_CONFLICT on "duplicate" after giving them to fn
   (may be NULL), their reading audited.  The command line: SVC_OK. */
int persons_own_duplicates(svc *s, const struct person_input *in, person_fn fn, void *ctx);

/* The head's dashboard line (service/dashboard.h): "similar_signalled",
   the creations this year (since domain/date.h's date_year_start) whose
   identity check found a person a colleague follows, a count only; the
   purge keeps those checks until the year ends.  Workers and others:
   nothing. */
int persons_dashboard(svc *s, dashboard_fn fn, void *ctx);

/* Reads one person (audited person.read).  SVC_NOT_FOUND unless allowed. */
int persons_get(svc *s, int64_t id, person_fn fn, void *ctx);

/* Changes a person (audited person.update); see struct person_input.  With
   a correction_reason it is a correction on request: the reason is
   required (SVC_INVALID on "correction_reason"), some field must change
   (SVC_INVALID), and it is recorded and audited person.correct instead,
   with the fields' names and the correction's number (service/rights.h). */
int persons_update(svc *s, int64_t id, const struct person_input *in);

/*
 * The caller's own persons (as référent) whose names have a word starting
 * with each word of q (accents and case ignored; a word of a name joined
 * also counts: "delafon" finds "De La Fontaine"), found through the blind
 * index, sorted by last and first name, PERSON_SEARCH_MAX at most.  Words
 * of fewer than PERSON_TERM_MIN characters are ignored; a q holding only
 * such words is SVC_INVALID on "q".  q NULL or "" lists them all (policy
 * casework; audited person.search without the query text).
 */
int persons_search(svc *s, const char *q, person_fn fn, void *ctx);
/* 1 when persons_search refuses q because none of its words has
   PERSON_TERM_MIN characters (a page may show it as "nobody found"). */
int persons_search_too_short(const char *q);
/* One page (service/paging.h) of the caller's persons, by last contact
   (the last intervention of their cases, else the consent), latest
   first, then by id, and their number (audited person.search; the names
   are sealed: the database cannot order them by name).  SVC_INVALID
   ("after") for a cursor this list did not write. */
struct page;
int persons_page(svc *s, struct page *pg, person_fn fn, void *ctx);

/* The keyed index of a full identity into out (SEC_HASH_HEX_LEN hex
   digits and a NUL): a MAC under the identity subkey of the master key over
   the folded names (letters and digits only) and the birth date, so that
   a similar person is found without the names in clear.  0, or -1 (out
   "") when a name or the birth date is missing.  For the writers of
   persons (this module, the synthetic service of scale.h). */
int persons_identity_key(svc *s, const char *last, const char *first, const char *birth,
			 char out[SEC_HASH_HEX_LEN + 1]);
/* The same under an identity key given (app.c, which fills the index of
   persons written before it existed, at `relais init`). */
int persons_identity_key_with(const uint8_t key[SEC_KEY_BYTES], const char *last,
			      const char *first, const char *birth, char out[SEC_HASH_HEX_LEN + 1]);

/* The keyed indexes of a phone number and an e-mail address (migration
   28): a MAC under the identity subkey, in a domain of its own per kind,
   over the normalised value (domain/contact.h: "+33 6 12 34 56 78" and
   "06.12.34.56.78" are one number, an address is lower-cased), so that
   a duplicate is found without the value in clear.  0, or -1 (out "")
   when value is NULL or normalises to "". */
enum person_key_kind { PERSON_KEY_PHONE, PERSON_KEY_EMAIL };
int persons_contact_key(svc *s, enum person_key_kind kind, const char *value,
			char out[SEC_HASH_HEX_LEN + 1]);
int persons_contact_key_with(const uint8_t key[SEC_KEY_BYTES], enum person_key_kind kind,
			     const char *value, char out[SEC_HASH_HEX_LEN + 1]);

/*
 * The sealed identity (migration 19; persons_index.c).  Names, exact birth
 * date, job title, phone, e-mail and address are sealed bound to their
 * row ("persons.last_name#id"); the birth year stays in clear for the
 * bilan.  The names are found through a blind index: for every word of
 * the folded last and first names (letters and digits, accents and case
 * ignored; a name of several words also as one joined word), each prefix
 * of PERSON_TERM_MIN to PERSON_TERM_PREFIX_MAX characters, hashed with
 * BLAKE2b keyed by the search subkey of the master key
 * (PERSON_TERM_BYTES, stored as hex in person_search_terms).  Without the
 * key file a term says nothing of the name.
 */
#define PERSON_TERM_MIN 3
#define PERSON_TERM_PREFIX_MAX 32
#define PERSON_TERM_BYTES 16
#define PERSON_TERM_HEX (2 * PERSON_TERM_BYTES)
#define PERSON_TERMS_MAX 1024 /* of one person, at most */

/* What is sealed of a person; NULL or "" for nothing. */
struct person_identity {
	const char *last_name, *first_name, *birth_date, *job_title, *phone, *email, *address;
};

/* The term of a folded prefix (len bytes) under the search key. */
void persons_term(const uint8_t key[SEC_KEY_BYTES], const char *prefix, size_t len,
		  char out[PERSON_TERM_HEX + 1]);
/* The distinct terms of a person's names into out (PERSON_TERMS_MAX
   entries), sorted; returns how many. */
size_t persons_terms(const uint8_t key[SEC_KEY_BYTES], const char *last, const char *first,
		     char (*out)[PERSON_TERM_HEX + 1]);

/* The sealed values of in for person id (row-bound), in the order
   last_name, first_name, birth_date, job_title, phone, email, address,
   into out, pointing into b until persons_identity_sealed_free(b) (a bulk
   writer: scale.h). */
#define PERSON_SEALED_COLUMNS 7
void persons_identity_sealed(svc *s, int64_t id, const struct person_identity *in,
			   buf b[PERSON_SEALED_COLUMNS], store_value out[PERSON_SEALED_COLUMNS]);
void persons_identity_sealed_free(buf b[PERSON_SEALED_COLUMNS]);

/* Seals in of person id (row-bound) over the sealed columns and rewrites
   its blind-index terms, in the caller's open transaction; 0 or -1 (the
   caller rolls back).  For every writer of persons (this module,
   scale.h, the migration's sealing). */
int persons_identity_write(svc *s, int64_t id, const struct person_identity *in);

/* Recomputes, in the caller's open transaction, the identity key and the
   blind index of every person not anonymised from their sealed names
   under the app's current keys (after a key rotation).  0, or -1 when a
   statement failed or a sealed name did not open (nothing should be
   committed then). */
int persons_index_rebuild(svc *s);

/* Fills, in the caller's open transaction, the identity key of the
   persons with a full identity that have none (written before migration
   17, or cleared), and the phone and e-mail keys of those with a phone
   or an e-mail but no key (written before migration 28), from their
   sealed identity (`relais init`).  0 or -1. */
int persons_identity_backfill(svc *s);

/* Migration 19's step that needs the key (`relais init`, app.c): when the
   setting identity_seal_pending is present, in one transaction, seals the
   clear identity columns, the share reasons and the reception's contact
   names in place, builds the blind index and the identity keys, drops the
   clear columns; then compacts the database so no clear page is left
   (SQLite VACUUM and WAL truncation, PostgreSQL VACUUM FULL).  A progress
   bar on stderr when it is a terminal.  *sealed: persons sealed.  0, or -1
   with err (rolled back). */
int persons_identity_seal(svc *s, int *sealed, char *err, size_t errlen);

/* Whether the caller may open person id (no audit): 1, 0, or -1 on error.
   For the other use cases (cases, interventions). */
int persons_may_access(svc *s, int64_t id);

#endif
