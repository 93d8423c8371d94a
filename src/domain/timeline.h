/*
 * timeline — the events of a person's timeline (issue 17) and the kinds
 * one filters it by.  Pure: codes, their order and the filter's parsing;
 * the events are read by service/person_page.h.
 */
#ifndef RELAIS_TIMELINE_H
#define RELAIS_TIMELINE_H

/* The events, in the order they happen within one day (their rank in the
   store's statement: the values are stored in SQL, never renumber). */
enum timeline_event {
	TL_CONSENT_ACCOMPANIMENT = 1, /* the person agreed to be accompanied */
	TL_CONSENT_STATISTICS,        /* her consent to statistics given or withdrawn */
	TL_CASE_OPENED,
	TL_SHARE_GIVEN,
	TL_APPOINTMENT,
	TL_INTERVENTION,
	TL_AID_SUBMITTED,
	TL_AID_DECIDED,
	TL_ORIENTATION_SENT,
	TL_ORIENTATION_ANSWERED,
	TL_SICK_LEAVE,
	TL_PART_TIME,
	TL_ATTACHMENT,
	TL_LETTER,
	TL_SHARE_ENDED,
	TL_CASE_CLOSED,
	TL_SECRECY_LIFTED, /* a legal exception to secrecy (service/secrecy.h) */
	TL__END
};

/* The kinds a reader filters by, a bit each in a mask (the store's
   statement tests these bits: never renumber). */
enum timeline_kind {
	TK_CONSENT,     /* 1 */
	TK_CASE,        /* 2: opened, closed */
	TK_INTERVENTION, /* 4 */
	TK_AID,         /* 8: submitted, decided */
	TK_ORIENTATION, /* 16: sent, answered */
	TK_RETENTION,   /* 32: sick leaves, therapeutic part-time */
	TK_APPOINTMENT, /* 64 */
	TK_SHARE,       /* 128: given, ended */
	TK_DOCUMENT,    /* 256: attachments, letters */
	TK_SECRECY,     /* 512: liftings of secrecy */
	TK__COUNT
};
#define TIMELINE_KINDS_ALL ((1u << TK__COUNT) - 1)

/* The code of kind k ("consent", "case", "intervention", "aid",
   "orientation", "retention", "appointment", "share", "document", "secrecy"), and
   its French label (a msgid: translate it with _()). */
const char *timeline_kind_code(enum timeline_kind k);
const char *timeline_kind_label(enum timeline_kind k);
/* The kind of event e (TK__COUNT when e is not an event). */
enum timeline_kind timeline_event_kind(int e);
/* The code of event e for the API ("case_opened", "aid_decided", …), NULL
   when e is not an event. */
const char *timeline_event_code(int e);

/*
 * The mask of the kinds named in s, separated by commas ("aid,orientation";
 * empty names skipped); NULL or nothing named: every kind.  0, or -1 when
 * a name is not a kind's code (*mask then untouched).
 */
int timeline_kinds_parse(const char *s, unsigned *mask);
/* The message (a msgid) refusing a kind timeline_kinds_parse does not know. */
extern const char timeline_kinds_unknown[];

#endif
