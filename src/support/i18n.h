/*
 * i18n — translation of user-visible text with gettext.
 *
 * French is the product's language and the source language: msgids are the
 * French texts, so the interface is French with no catalog installed.
 * Other languages are added as po/<lang>.po (template: `make po`).
 * N_() marks a text for extraction where it is stored, _() translates it
 * where it is shown.
 */
#ifndef RELAIS_I18N_H
#define RELAIS_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* One of two forms by count (French: 0 and 1 take the singular). */
#define P_(one, many, n) ngettext(one, many, (unsigned long)(n))

/* Binds the "relais" text domain (LC_MESSAGES only: numbers stay in the C
   locale so JSON and SQL never see a decimal comma). */
void i18n_init(void);

#endif
