/* disclosure — see disclosure.h. */
#include "domain/disclosure.h"

#include <stdio.h>
#include <string.h>

/* U+202F NARROW NO-BREAK SPACE, the French thousands separator. */
static const char disclosure_thin_space[] = "\xe2\x80\xaf";

int disclosure_apply(struct disclosure_cell *cells, size_t n, int64_t k,
		     size_t *cells_suppressed)
{
	size_t hidden = 0, primary = 0;
	for (size_t i = 0; i < n; i++) {
		cells[i].suppressed = cells[i].count >= 1 && cells[i].count < k;
		if (cells[i].suppressed) {
			primary = i;
			hidden++;
		}
	}
	int hide_total = 0;
	if (hidden == 1) {
		/* One hidden cell alone = total minus the others: hide a second. */
		size_t pick = n;
		for (size_t i = 0; i < n; i++) {
			if (i == primary || cells[i].count < 1)
				continue;
			if (pick == n || cells[i].count < cells[pick].count)
				pick = i;
		}
		if (pick < n) {
			cells[pick].suppressed = 1;
			hidden++;
		} else {
			hide_total = 1;
		}
	}
	if (cells_suppressed)
		*cells_suppressed = hidden;
	return hide_total;
}

int disclosure_population_too_small(int64_t persons_followed, int64_t k)
{
	return persons_followed < k;
}

const char *disclosure_label(int64_t count, int suppressed, char *out, size_t outlen)
{
	char tmp[DISCLOSURE_LABEL_MAX];
	size_t len = 0;
	if (suppressed) {
		len = (size_t)snprintf(tmp, sizeof tmp, "< %d", DISCLOSURE_K);
	} else {
		/* Digits are produced backwards, from the units, then reversed. */
		char rev[DISCLOSURE_LABEL_MAX];
		size_t r = 0;
		uint64_t v = count < 0 ? (uint64_t)0 - (uint64_t)count : (uint64_t)count;
		int digits = 0;
		do {
			if (digits > 0 && digits % 3 == 0)
				for (int b = (int)sizeof disclosure_thin_space - 2; b >= 0; b--)
					rev[r++] = disclosure_thin_space[b];
			rev[r++] = (char)('0' + v % 10);
			v /= 10;
			digits++;
		} while (v > 0);
		if (count < 0)
			rev[r++] = '-';
		while (r > 0)
			tmp[len++] = rev[--r];
		tmp[len] = '\0';
	}
	if (len + 1 > outlen) {
		if (outlen > 0)
			out[0] = '\0';
		return NULL;
	}
	memcpy(out, tmp, len + 1);
	return out;
}
