/* fuzz_money — money_parse on any text, and money_format on what it gives. */
#include "fuzz.h"

#include "domain/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	const int64_t maxes[] = {0, 100, 99999999, INT64_MAX / 2, INT64_MAX};
	for (size_t i = 0; i < sizeof maxes / sizeof *maxes; i++) {
		int64_t cents = -1;
		if (money_parse(s, maxes[i], &cents) != 0)
			continue;
		fuzz_check(cents >= 0 && cents <= maxes[i]);
		/* What is written back reads back as the same amount (without
		   its " €" tail, which money_parse does not take). */
		char out[MONEY_TEXT_MAX];
		fuzz_check(money_format(cents, out, sizeof out) == out);
		char *euro = strstr(out, "\xc2\xa0\xe2\x82\xac");
		fuzz_check(euro != NULL);
		*euro = '\0';
		int64_t again = -1;
		fuzz_check(money_parse(out, INT64_MAX, &again) == 0);
		fuzz_check(again == cents);
	}
	free(s);
	return 0;
}
