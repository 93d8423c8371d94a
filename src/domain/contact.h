/*
 * contact — how a phone number and an e-mail address are checked, for
 * persons and partners alike.  Pure functions.
 */
#ifndef RELAIS_CONTACT_H
#define RELAIS_CONTACT_H

#define CONTACT_PHONE_MAX 30  /* bytes */
#define CONTACT_EMAIL_MAX 254 /* bytes (RFC 5321) */

/* 1 when s is digits (at least 4), spaces and + . - ( ), 30 bytes at most. */
int contact_phone_ok(const char *s);
/* 1 when s looks like one address: local@domain.tld, no spaces, commas,
   semicolons or angle brackets, 254 bytes at most. */
int contact_email_ok(const char *s);

#endif
