/*
 * convert — an ODT made into a PDF by LibreOffice headless (issue 16).
 *
 * LibreOffice (Debian's libreoffice-writer-nogui, optional at run time)
 * runs as a separate process, in its own process group, with a private
 * profile in a fresh private temporary directory
 * (-env:UserInstallation=file:///…), its output and errors to /dev/null,
 * none of the server's descriptors.  One conversion at a time (a mutex:
 * LibreOffice is heavy, and two on one machine only slow each other);
 * after CONVERT_TIMEOUT seconds the whole group is killed.  The directory
 * is removed afterwards, whatever happened.  The program is `soffice` in
 * the PATH, or the environment's RELAIS_SOFFICE.
 */
#ifndef RELAIS_CONVERT_H
#define RELAIS_CONVERT_H

#include <stddef.h>

#include "support/buf.h"

#define CONVERT_TIMEOUT 120            /* seconds: a first start on a loaded machine is slow */
#define CONVERT_PDF_MAX ((size_t)8 << 20)

enum convert_rc {
	CONVERT_OK,
	CONVERT_UNAVAILABLE, /* no LibreOffice on this machine */
	CONVERT_FAILED,      /* it ran but gave no PDF (or too late, or too big) */
};

/* 1 when LibreOffice can be run here. */
int convert_available(void);

/* The PDF of the .odt odt[n] into pdf.  An enum convert_rc (logged). */
int convert_odt_to_pdf(const void *odt, size_t n, buf *pdf);

#endif
