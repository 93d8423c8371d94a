/*
 * i18n — translation of user-visible text with gettext.
 *
 * French is the product's language and the source language: msgids are the
 * French texts, so the interface is French with no catalog installed.
 * Other languages are added as po/<lang>.po (template: `make po`).
 * N_() marks a text for extraction where it is stored, _() translates it
 * where it is shown.
 *
 * _() goes through a per-process cache in front of gettext(): glibc's
 * gettext takes a lock and reads the environment at every call, which was a
 * third of a list page's CPU.  The language is chosen once, at start-up
 * (i18n_init), so a msgid's translation never changes while the process
 * runs.
 */
#ifndef RELAIS_I18N_H
#define RELAIS_I18N_H

#include <libintl.h>

#define _(s) i18n_gettext(s)
#define N_(s) (s)
/* One of two forms by count (French: 0 and 1 take the singular). */
#define P_(one, many, n) ngettext(one, many, (unsigned long)(n))

/* Binds the "relais" text domain (LC_MESSAGES only: numbers stay in the C
   locale so JSON and SQL never see a decimal comma). */
void i18n_init(void);

/* gettext(msgid), remembered by the msgid's text (not its address: a msgid
   may live in a buffer that is reused for another text).  Safe from any
   thread; a text not translated comes back as the caller's own pointer. */
char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));

#endif
