/* Unit tests of the timeline's kinds and events (domain/timeline.h) and of
   its (date, event, id) cursor (service/paging.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/timeline.h"
#include "service/paging.h"

static void test_kinds_parse(void **state)
{
	(void)state;
	unsigned m = 12345;
	assert_int_equal(timeline_kinds_parse(NULL, &m), 0);
	assert_int_equal(m, TIMELINE_KINDS_ALL);
	assert_int_equal(timeline_kinds_parse(",,", &m), 0);
	assert_int_equal(m, TIMELINE_KINDS_ALL);
	assert_int_equal(timeline_kinds_parse("aid,orientation", &m), 0);
	assert_int_equal(m, (1u << TK_AID) | (1u << TK_ORIENTATION));
	/* The bits the store's statement tests (statements.c: TIMELINE). */
	assert_int_equal(timeline_kinds_parse("consent,case,document", &m), 0);
	assert_int_equal(m, 1u | 2u | 256u);
	m = 7;
	assert_int_equal(timeline_kinds_parse("aid,ai", &m), -1);
	assert_int_equal(timeline_kinds_parse("aids", &m), -1);
	assert_int_equal(timeline_kinds_parse("Aid", &m), -1);
	assert_int_equal(m, 7);
}

static void test_events(void **state)
{
	(void)state;
	assert_null(timeline_event_code(0));
	assert_null(timeline_event_code(TL__END));
	assert_int_equal(timeline_event_kind(0), TK__COUNT);
	for (int e = TL_CONSENT_ACCOMPANIMENT; e < TL__END; e++) {
		assert_non_null(timeline_event_code(e));
		assert_true(timeline_event_kind(e) < TK__COUNT);
	}
	/* The ranks are stored in SQL: never renumbered. */
	assert_int_equal(TL_INTERVENTION, 6);
	assert_int_equal(TL_CASE_CLOSED, 16);
	assert_string_equal(timeline_event_code(TL_AID_DECIDED), "aid_decided");
	assert_int_equal(timeline_event_kind(TL_LETTER), TK_DOCUMENT);
}

static void test_cursor(void **state)
{
	(void)state;
	char c[PAGE_CURSOR_LEN + 1], date[11];
	int64_t key = 0, id = 0;
	page_cursor_date_int_id(c, "2024-01-20", 8, 42);
	assert_string_equal(c, "2024-01-20.8.42");
	assert_int_equal(page_cursor_date_int_id_parse(c, date, &key, &id), 0);
	assert_string_equal(date, "2024-01-20");
	assert_int_equal(key, 8);
	assert_int_equal(id, 42);
	assert_int_equal(page_cursor_date_int_id_parse("2024-01-20.42", date, &key, &id), -1);
	assert_int_equal(page_cursor_date_int_id_parse("2024-02-30.8.42", date, &key, &id), -1);
	assert_int_equal(page_cursor_date_int_id_parse("2024-01-20.8.0", date, &key, &id), -1);
	assert_int_equal(page_cursor_date_int_id_parse("2024-01-20.x.4", date, &key, &id), -1);
	assert_int_equal(page_cursor_date_int_id_parse(NULL, date, &key, &id), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds_parse),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_cursor),
	};
	return cmocka_run_group_tests_name("timeline", tests, NULL, NULL);
}
