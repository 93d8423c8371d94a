/*
 * fuzz — what the libFuzzer drivers share.  Each driver (one per parser
 * that takes outside bytes) defines LLVMFuzzerTestOneInput, checks the
 * parser's contract on every input and calls fuzz_fail() when the contract
 * is broken, so a wrong answer is a finding just like a crash.
 */
#ifndef RELAIS_FUZZ_H
#define RELAIS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reports a broken contract and aborts (libFuzzer then saves the input). */
#define fuzz_fail(...)                                                   \
	do {                                                             \
		fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);          \
		fprintf(stderr, __VA_ARGS__);                            \
		fputc('\n', stderr);                                     \
		abort();                                                 \
	} while (0)

#define fuzz_check(cond)                                                 \
	do {                                                             \
		if (!(cond))                                             \
			fuzz_fail("contract broken: %s", #cond);         \
	} while (0)

/* The input as a NUL-terminated string in its own allocation (so ASan sees
   any read past its end); the caller frees it.  Bytes after an embedded NUL
   are unseen by the parser, as they would be in the product. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
