/* fuzz_ageband — ageband_parse on any list; a parsed list keeps its
   promises (ascending bounds, keys that fit, every age falls in a band). */
#include "fuzz.h"

#include "domain/ageband.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	struct ageband b;
	char err[128];
	memset(&b, 0xA5, sizeof b);
	if (ageband_parse(s, &b, err, sizeof err) != 0) {
		fuzz_check(memchr(err, '\0', sizeof err) != NULL);
		goto out;
	}
	fuzz_check(b.nbounds >= 1 && b.nbounds <= AGEBAND_BOUNDS_MAX);
	for (size_t i = 0; i < b.nbounds; i++) {
		fuzz_check(b.bounds[i] >= AGEBAND_BOUND_MIN && b.bounds[i] <= AGEBAND_BOUND_MAX);
		fuzz_check(i == 0 || b.bounds[i] > b.bounds[i - 1]);
	}
	size_t n = ageband_count(&b);
	fuzz_check(n == b.nbounds + 2);
	for (size_t i = 0; i < n; i++) {
		const char *k = ageband_key(&b, i);
		fuzz_check(k && memchr(k, '\0', AGEBAND_KEY_LEN) && *k);
	}
	fuzz_check(ageband_key(&b, n) == NULL);
	fuzz_check(strcmp(ageband_key(&b, n - 1), "unknown") == 0);
	fuzz_check(ageband_index(&b, 2100, "") == n - 1);
	fuzz_check(ageband_index(&b, 2100, NULL) == n - 1);
	/* Every age from 0 to 130 falls in a band, and older is never in an
	   earlier band. */
	size_t last = 0;
	for (int age = 0; age <= 130; age++) {
		char birth[16];
		snprintf(birth, sizeof birth, "%04d-06-15", 2100 - age);
		size_t k = ageband_index(&b, 2100, birth);
		fuzz_check(k < n - 1 && k >= last);
		last = k;
	}
out:
	free(s);
	return 0;
}
