/*
 * render/bordereau — the bordereau d'élimination: the document the archives
 * service signs before a public body's records are destroyed or anonymised
 * (Code du patrimoine, art. L212-2 and R212-14).  It lists, per
 * organisation, kind of record and year, how many records the purge would
 * remove, the retention rule of each kind, and leaves room for the visa.
 * Counts only: never a name.
 */
#ifndef RELAIS_RENDER_BORDEREAU_H
#define RELAIS_RENDER_BORDEREAU_H

#include "service/retention.h"
#include "support/buf.h"

/* The bordereau of plan (its lines and day) as an A4 PDF appended to out.
   0, or -1 (logged) when cairo failed or out overflowed. */
int bordereau_pdf(const struct retention_plan *plan, buf *out);

#endif
