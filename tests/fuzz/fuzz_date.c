/* fuzz_date — date_valid on any text; on a valid date, the functions that
   trust one (year, days, moving, the French form) must agree. */
#include "fuzz.h"

#include "domain/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	char out[DATE_LEN + 1], fr[11];
	date_french(s, fr); /* copies s when invalid: never past fr */
	if (!date_valid(s))
		goto out;
	fuzz_check(strlen(s) == DATE_LEN);
	int y = date_year(s);
	fuzz_check(y >= 1900 && y <= 2199);
	int64_t days = date_to_days(s);
	date_from_days(days, out);
	fuzz_check(strcmp(out, s) == 0);
	fuzz_check(date_cmp(s, out) == 0);
	/* A step of up to a year each way stays within 1900–2199 only when the
	   date is far enough from the edges. */
	if (y > 1901 && y < 2198) {
		int64_t step = (int64_t)(size > 0 ? data[0] : 0) * 3 - 382;
		date_add_days(s, step, out);
		fuzz_check(date_valid(out));
		fuzz_check(date_days_between(s, out) == step);
		fuzz_check((step > 0) == (date_cmp(out, s) > 0));
	}
	fuzz_check(strlen(fr) == 10 && fr[2] == '/' && fr[5] == '/');
out:
	free(s);
	return 0;
}
