/* timeline — see timeline.h. */
#include "domain/timeline.h"

#include <stddef.h>
#include <string.h>

#include "support/i18n.h"

static const struct {
	const char *code, *label;
} kinds[TK__COUNT] = {
	[TK_CONSENT] = {"consent", N_("Consentements")},
	[TK_CASE] = {"case", N_("Suivis ouverts et clos")},
	[TK_INTERVENTION] = {"intervention", N_("Interventions")},
	[TK_AID] = {"aid", N_("Aides financières")},
	[TK_ORIENTATION] = {"orientation", N_("Orientations")},
	[TK_RETENTION] = {"retention", N_("Arrêts et mi-temps thérapeutiques")},
	[TK_APPOINTMENT] = {"appointment", N_("Rendez-vous")},
	[TK_SHARE] = {"share", N_("Partages")},
	[TK_DOCUMENT] = {"document", N_("Documents")},
	[TK_SECRECY] = {"secrecy", N_("Levées du secret")},
};

static const struct {
	const char *code;
	enum timeline_kind kind;
} events[TL__END] = {
	[TL_CONSENT_ACCOMPANIMENT] = {"consent_accompaniment", TK_CONSENT},
	[TL_CONSENT_STATISTICS] = {"consent_statistics", TK_CONSENT},
	[TL_CASE_OPENED] = {"case_opened", TK_CASE},
	[TL_SHARE_GIVEN] = {"share_given", TK_SHARE},
	[TL_APPOINTMENT] = {"appointment", TK_APPOINTMENT},
	[TL_INTERVENTION] = {"intervention", TK_INTERVENTION},
	[TL_AID_SUBMITTED] = {"aid_submitted", TK_AID},
	[TL_AID_DECIDED] = {"aid_decided", TK_AID},
	[TL_ORIENTATION_SENT] = {"orientation_sent", TK_ORIENTATION},
	[TL_ORIENTATION_ANSWERED] = {"orientation_answered", TK_ORIENTATION},
	[TL_SICK_LEAVE] = {"sick_leave", TK_RETENTION},
	[TL_PART_TIME] = {"part_time", TK_RETENTION},
	[TL_ATTACHMENT] = {"attachment", TK_DOCUMENT},
	[TL_LETTER] = {"letter", TK_DOCUMENT},
	[TL_SHARE_ENDED] = {"share_ended", TK_SHARE},
	[TL_CASE_CLOSED] = {"case_closed", TK_CASE},
	[TL_SECRECY_LIFTED] = {"secrecy_lifted", TK_SECRECY},
};

const char *timeline_kind_code(enum timeline_kind k)
{
	return k < TK__COUNT ? kinds[k].code : NULL;
}

const char *timeline_kind_label(enum timeline_kind k)
{
	return k < TK__COUNT ? kinds[k].label : NULL;
}

enum timeline_kind timeline_event_kind(int e)
{
	return e >= TL_CONSENT_ACCOMPANIMENT && e < TL__END ? events[e].kind : TK__COUNT;
}

const char *timeline_event_code(int e)
{
	return e >= TL_CONSENT_ACCOMPANIMENT && e < TL__END ? events[e].code : NULL;
}

const char timeline_kinds_unknown[] =
	N_("Type inconnu dans la chronologie : les types sont consent, case, intervention, aid, "
	   "orientation, retention, appointment, share, document et secrecy.");

int timeline_kinds_parse(const char *s, unsigned *mask)
{
	unsigned m = 0;
	while (s && *s) {
		size_t n = strcspn(s, ",");
		if (n) {
			int k = 0;
			while (k < TK__COUNT && (strlen(kinds[k].code) != n ||
						 memcmp(kinds[k].code, s, n) != 0))
				k++;
			if (k == TK__COUNT)
				return -1;
			m |= 1u << k;
		}
		s += n + (s[n] == ',');
	}
	*mask = m ? m : TIMELINE_KINDS_ALL;
	return 0;
}
