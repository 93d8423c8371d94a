/*
 * digest — the morning e-mail that tells a worker how much awaits her
 * (issue 17): counts only, never a name, a motive or any personal detail.
 *
 * The message is a fixed template in which only the digits change: the
 * subject is the same every day, the body lists the counts one per line
 * ("Demandes à traiter : 3") so no plural depends on them, and the link is
 * the service's home page, with no id.  Anyone reading the mail on the way
 * learns that a worker of the service has work, and how much.
 */
#ifndef RELAIS_DIGEST_H
#define RELAIS_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "support/buf.h"

/* What awaits one worker (or, for the head, the whole service). */
struct digest_counts {
	int64_t requests;     /* employees' and employers' requests to answer */
	int64_t appointments; /* appointments coming */
	int64_t aids;         /* aids awaiting a decision */
	int64_t orientations; /* orientations awaiting the partner's answer */
	int64_t no_contact;   /* open cases without contact for 60 days */
	int64_t long_leave;   /* long sick leaves to follow */
	int64_t shares;       /* shares ending this week */
};

#define DIGEST_ADDRESS_MAX 254
#define DIGEST_URL_MAX 200

/* The fixed subject, as it reads once decoded. */
extern const char digest_subject[];

/* Adds one dashboard line of kind (a dashboard_item code) counted n times;
   unknown kinds are ignored. */
void digest_count(struct digest_counts *c, const char *kind, int64_t n);

/* The sum of every count. */
int64_t digest_total(const struct digest_counts *c);

/* An address a mail can go to: local@domain, printable ASCII without
   spaces, quotes, angle brackets or line breaks (nothing that could
   inject a header), at most DIGEST_ADDRESS_MAX bytes.  1 or 0. */
int digest_address_valid(const char *address);

/* The home page's address: http:// or https://, printable ASCII without
   spaces, quotes or angle brackets, at most DIGEST_URL_MAX bytes, with no
   query nor fragment.  1 or 0. */
int digest_url_valid(const char *url);

/* The whole message (headers, blank line, body; CRLF line ends) for
   sendmail's standard input.  from, to and url must be valid. */
void digest_message(buf *out, const char *from, const char *to, const char *url,
		    const struct digest_counts *c);

#endif
