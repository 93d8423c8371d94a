/* multipart — see multipart.h. */
#include "http/multipart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "support/log.h"

/*
 * The body is scanned once, byte by byte, for the delimiter "\r\n--" +
 * boundary.  A boundary holds no CR, so after a partial match fails the
 * bytes matched so far are all data (no shorter match can start inside
 * them) and the failing byte is looked at again.  The first delimiter may
 * open the body without its CRLF: the scan starts as if one was read.
 */
enum mp_state {
	MPS_PREAMBLE,  /* before the first delimiter */
	MPS_AFTER,     /* after a delimiter: "--" (the end) or CRLF (a part) */
	MPS_HEADERS,   /* a part's header lines */
	MPS_BODY,      /* a part's bytes */
	MPS_EPILOGUE,  /* after the closing delimiter: ignored */
};

struct multipart {
	const struct mp_callbacks *cb;
	void *ctx;
	char delim[4 + MP_BOUNDARY_MAX + 1]; /* "\r\n--" + boundary */
	size_t dlen;
	size_t k;                 /* bytes of delim matched so far */
	enum mp_state state;
	enum mp_result result;    /* sticky once not MP_OK */
	int after;                /* MPS_AFTER: 0 start, 1 read '-', 2 read '\r' */
	char line[MP_HEADER_LINE_MAX + 1]; /* the header line being read */
	size_t nline;
	int nheaders;             /* header lines of this part */
	int parts;                /* parts begun */
	char name[MP_NAME_MAX + 1];
	char filename[MP_FILENAME_MAX + 1];
	int has_name, has_filename;
	int complete;             /* closing delimiter read */
};

/* The boundary parameter of a multipart/form-data Content-Type into out
   (MP_BOUNDARY_MAX + 1): 0, or -1 when there is none usable. */
static int boundary_of(const char *ct, char *out)
{
	static const char type[] = "multipart/form-data";
	if (!ct || strncasecmp(ct, type, sizeof type - 1) != 0)
		return -1;
	const char *p = ct + sizeof type - 1;
	while (*p) {
		while (*p == ';' || *p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "boundary=", 9) == 0) {
			p += 9;
			int quoted = *p == '"';
			p += quoted;
			size_t n = 0;
			while (*p && (quoted ? *p != '"' : (*p != ';' && *p != ' ' && *p != '\t'))) {
				unsigned char c = (unsigned char)*p;
				if (c < 0x20 || c > 0x7e || n >= MP_BOUNDARY_MAX)
					return -1;
				out[n++] = *p++;
			}
			if (quoted && *p != '"')
				return -1;
			out[n] = '\0';
			return n ? 0 : -1;
		}
		p += strcspn(p, ";");
	}
	return -1;
}

multipart *mp_new(const char *content_type, const struct mp_callbacks *cb, void *ctx)
{
	char boundary[MP_BOUNDARY_MAX + 1];
	if (boundary_of(content_type, boundary) != 0)
		return NULL;
	multipart *m = calloc(1, sizeof *m);
	if (!m)
		log_fatal("out of memory");
	m->cb = cb;
	m->ctx = ctx;
	m->dlen = (size_t)snprintf(m->delim, sizeof m->delim, "\r\n--%s", boundary);
	m->k = 2; /* as if the body began with CRLF */
	m->state = MPS_PREAMBLE;
	m->result = MP_OK;
	return m;
}

void mp_free(multipart *m)
{
	free(m);
}

int mp_complete(const multipart *m)
{
	return m->complete && m->result == MP_OK;
}

/* Copies the value at *pp (quoted with backslash escapes, or a token) into
   out[max + 1]; -1 when too long or unterminated. */
static int param_value(const char **pp, char *out, size_t max)
{
	const char *p = *pp;
	size_t n = 0;
	if (*p == '"') {
		p++;
		while (*p && *p != '"') {
			if (*p == '\\' && p[1])
				p++;
			if (n >= max)
				return -1;
			out[n++] = *p++;
		}
		if (*p != '"')
			return -1;
		p++;
	} else {
		while (*p && *p != ';' && *p != ' ' && *p != '\t') {
			if (n >= max)
				return -1;
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
	*pp = p;
	return 0;
}

/* Reads a Content-Disposition value: form-data; name="…"[; filename="…"]. */
static int disposition(multipart *m, const char *v)
{
	while (*v == ' ' || *v == '\t')
		v++;
	if (strncasecmp(v, "form-data", 9) != 0)
		return -1;
	v += 9;
	while (*v) {
		while (*v == ' ' || *v == '\t' || *v == ';')
			v++;
		if (!*v)
			break;
		size_t klen = strcspn(v, "=; \t");
		const char *key = v;
		v += klen;
		if (*v != '=')
			return -1;
		v++;
		char scratch[MP_FILENAME_MAX + 1];
		if (klen == 4 && strncasecmp(key, "name", 4) == 0) {
			if (param_value(&v, m->name, MP_NAME_MAX) != 0)
				return -1;
			m->has_name = 1;
		} else if (klen == 8 && strncasecmp(key, "filename", 8) == 0) {
			if (param_value(&v, m->filename, MP_FILENAME_MAX) != 0)
				return -1;
			m->has_filename = 1;
		} else if (param_value(&v, scratch, MP_FILENAME_MAX) != 0) {
			return -1;
		}
	}
	return 0;
}

/* One complete header line (without its CRLF). */
static int header_line(multipart *m)
{
	m->line[m->nline] = '\0';
	if (++m->nheaders > MP_HEADERS_MAX)
		return -1;
	if (memchr(m->line, '\0', m->nline))
		return -1;
	static const char cd[] = "content-disposition:";
	if (strncasecmp(m->line, cd, sizeof cd - 1) == 0)
		return disposition(m, m->line + sizeof cd - 1);
	return strchr(m->line, ':') ? 0 : -1;
}

static enum mp_result fail(multipart *m, enum mp_result r)
{
	m->result = r;
	return r;
}

/* Hands part bytes over; MP_OK or MP_STOPPED. */
static enum mp_result emit(multipart *m, const char *data, size_t n)
{
	if (n && m->cb->part_data(m->ctx, data, n) != 0)
		return fail(m, MP_STOPPED);
	return MP_OK;
}

enum mp_result mp_feed(multipart *m, const char *data, size_t n)
{
	if (m->result != MP_OK)
		return m->result;
	size_t run = 0; /* where the part's bytes not yet handed over start */
	for (size_t i = 0; i < n; i++) {
		char c = data[i];
		switch (m->state) {
		case MPS_PREAMBLE:
			if (c == m->delim[m->k])
				m->k++;
			else
				m->k = c == m->delim[0];
			if (m->k == m->dlen) {
				m->k = 0;
				m->state = MPS_AFTER;
				m->after = 0;
			}
			break;
		case MPS_AFTER:
			if (m->after == 0 && c == '-') {
				m->after = 1;
			} else if (m->after == 1 && c == '-') {
				m->complete = 1;
				m->state = MPS_EPILOGUE;
			} else if (m->after == 0 && (c == ' ' || c == '\t')) {
				/* transport padding */
			} else if (m->after == 0 && c == '\r') {
				m->after = 2;
			} else if (m->after == 2 && c == '\n') {
				m->state = MPS_HEADERS;
				m->nline = 0;
				m->nheaders = 0;
				m->has_name = m->has_filename = 0;
				m->name[0] = m->filename[0] = '\0';
			} else {
				return fail(m, MP_MALFORMED);
			}
			break;
		case MPS_HEADERS:
			if (c == '\n' && m->nline && m->line[m->nline - 1] == '\r') {
				m->nline--;
				if (m->nline == 0) {
					if (!m->has_name || ++m->parts > MP_PARTS_MAX)
						return fail(m, MP_MALFORMED);
					if (m->cb->part_begin(m->ctx, m->name,
							      m->has_filename ? m->filename : NULL))
						return fail(m, MP_STOPPED);
					m->state = MPS_BODY;
					m->k = 0;
					run = i + 1;
				} else if (header_line(m) != 0) {
					return fail(m, MP_MALFORMED);
				}
				m->nline = 0;
				break;
			}
			if (m->nline >= MP_HEADER_LINE_MAX)
				return fail(m, MP_MALFORMED);
			m->line[m->nline++] = c;
			break;
		case MPS_BODY:
			if (c == m->delim[m->k]) {
				if (m->k == 0 && emit(m, data + run, i - run) != MP_OK)
					return m->result;
				if (++m->k == m->dlen) {
					m->k = 0;
					m->state = MPS_AFTER;
					m->after = 0;
					if (m->cb->part_end(m->ctx) != 0)
						return fail(m, MP_STOPPED);
				}
				break;
			}
			if (m->k > 0) {
				/* The partial match was data after all. */
				if (emit(m, m->delim, m->k) != MP_OK)
					return m->result;
				m->k = 0;
				run = i;
				if (c == m->delim[0])
					m->k = 1;
			}
			break;
		case MPS_EPILOGUE:
			return MP_OK;
		}
	}
	if (m->state == MPS_BODY && m->k == 0 && emit(m, data + run, n - run) != MP_OK)
		return m->result;
	return MP_OK;
}
