/* log — see log.h. */
#include "support/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static enum log_level min_level = LOG_INFO;
static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
	min_level = level;
}

__attribute__((format(printf, 2, 0))) static void log_v(const char *level, const char *fmt,
							va_list ap)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char line[1024];
	vsnprintf(line, sizeof line, fmt, ap);
	/* One fprintf per line keeps lines whole across threads. */
	fprintf(stderr, "%s %s %s\n", stamp, level, line);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	if (level < min_level)
		return;
	va_list ap;
	va_start(ap, fmt);
	log_v(level_names[level], fmt, ap);
	va_end(ap);
}

void log_fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_v("fatal", fmt, ap);
	va_end(ap);
	abort();
}
