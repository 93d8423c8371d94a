/*
 * attachments (domain) — what kind of file an attachment is, decided by
 * its first bytes alone (never by its name, never by parsing it), and
 * whether its name says the same.
 */
#ifndef RELAIS_DOMAIN_ATTACHMENTS_H
#define RELAIS_DOMAIN_ATTACHMENTS_H

#include <stddef.h>

#define ATTACHMENT_MAGIC_LEN 8 /* bytes attachment_kind_of needs at most */

/* "pdf", "jpeg", "png" or "document" (a zip: ODT or DOCX, never opened),
   or NULL when the bytes start none of them. */
const char *attachment_kind_of(const unsigned char *head, size_t n);
/* 1 when file name `name` agrees with kind: no extension, or one of the
   kind's (.pdf; .jpg, .jpeg; .png; .odt, .docx), in any case. */
int attachment_name_fits(const char *name, const char *kind);
/* The MIME type a download of kind is sent as (application/octet-stream
   for a document: ODT or DOCX, not told apart). */
const char *attachment_kind_type(const char *kind);

#endif
