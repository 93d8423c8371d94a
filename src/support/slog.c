/* slog — see slog.h. */
#include "support/slog.h"

#include <syslog.h>

void slog_open(void)
{
	openlog("relais", LOG_PID | LOG_NDELAY, LOG_AUTHPRIV);
}

void slog_notice(const char *line, size_t n)
{
	syslog(LOG_NOTICE, "%.*s", (int)n, line);
}

void slog_close(void)
{
	closelog();
}
