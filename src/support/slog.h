/*
 * slog — lines to the system log (syslog, facility authpriv), kept apart
 * from log.h, whose level names <syslog.h> also defines.
 */
#ifndef RELAIS_SLOG_H
#define RELAIS_SLOG_H

#include <stddef.h>

void slog_open(void);
/* One notice: the first n bytes of line. */
void slog_notice(const char *line, size_t n);
void slog_close(void);

#endif
