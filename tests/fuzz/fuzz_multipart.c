/*
 * fuzz_multipart — the streaming multipart/form-data reader (http/
 * multipart.h) on any body, boundary "XyZ".  The body is read twice: in
 * one piece, then in pieces whose sizes the first byte chooses (1 to 16
 * bytes, as a slow network hands them over).  Both readings must agree on
 * every part (name, filename, bytes), on the outcome and on whether the
 * body was whole; no part's bytes may hold the delimiter; the bytes handed
 * over never exceed the body.
 */
#include "fuzz.h"

#include "http/multipart.h"

#define DELIM "\r\n--XyZ"
#define OUT_MAX 65536

struct seen {
	char out[OUT_MAX]; /* every event, serialised */
	size_t n;
	size_t part_start; /* where the current part's bytes begin in out */
	size_t data;       /* part bytes handed over */
};

static void put(struct seen *s, const void *p, size_t n)
{
	if (s->n + n > OUT_MAX)
		n = OUT_MAX - s->n;
	memcpy(s->out + s->n, p, n);
	s->n += n;
}

static int begin(void *ctx, const char *name, const char *filename)
{
	struct seen *s = ctx;
	put(s, "[B:", 3);
	put(s, name, strlen(name));
	put(s, "|", 1);
	if (filename)
		put(s, filename, strlen(filename));
	put(s, "]", 1);
	s->part_start = s->n;
	return 0;
}

static int data(void *ctx, const char *d, size_t n)
{
	struct seen *s = ctx;
	fuzz_check(n > 0);
	s->data += n;
	put(s, d, n);
	return 0;
}

static int end(void *ctx)
{
	struct seen *s = ctx;
	/* The part's bytes never hold the delimiter. */
	size_t len = s->n - s->part_start;
	const char *p = s->out + s->part_start;
	if (s->n < OUT_MAX)
		for (size_t i = 0; i + sizeof DELIM - 1 <= len; i++)
			fuzz_check(memcmp(p + i, DELIM, sizeof DELIM - 1) != 0);
	put(s, "[E]", 3);
	return 0;
}

static const struct mp_callbacks cb = {begin, data, end};

/* Reads body in pieces of `step` (0: at once); the outcome and completeness. */
static void read_body(const char *body, size_t size, unsigned step, struct seen *s,
		      enum mp_result *r, int *complete)
{
	memset(s, 0, sizeof *s);
	multipart *m = mp_new("multipart/form-data; boundary=\"XyZ\"", &cb, s);
	fuzz_check(m != NULL);
	*r = MP_OK;
	size_t at = 0;
	while (at < size && *r == MP_OK) {
		size_t n = step ? step : size;
		if (n > size - at)
			n = size - at;
		*r = mp_feed(m, body + at, n);
		at += n;
	}
	*complete = mp_complete(m);
	mp_free(m);
	fuzz_check(s->data <= size);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	if (size < 1)
		return 0;
	unsigned step = 1 + (in[0] & 15);
	const char *body = (const char *)in + 1;
	size--;
	static struct seen whole, pieces;
	enum mp_result r1, r2;
	int c1, c2;
	read_body(body, size, 0, &whole, &r1, &c1);
	read_body(body, size, step, &pieces, &r2, &c2);
	fuzz_check(r1 == r2);
	fuzz_check(c1 == c2);
	if (r1 == MP_OK) {
		fuzz_check(whole.n == pieces.n);
		fuzz_check(memcmp(whole.out, pieces.out, whole.n) == 0);
	}
	/* Content types without a usable boundary are refused. */
	fuzz_check(mp_new("text/plain", &cb, &whole) == NULL);
	fuzz_check(mp_new("multipart/form-data", &cb, &whole) == NULL);
	return 0;
}
