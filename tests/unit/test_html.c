/* Unit tests of the HTML writers: each context escapes what it must. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/html.h"
#include "support/csvwrite.h"

static void check(void (*writer)(buf *, const char *), const char *in, const char *want)
{
	buf b;
	buf_init(&b, 0);
	writer(&b, in);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_txt(void **state)
{
	(void)state;
	check(html_txt, "Dupré & fils", "Dupré &amp; fils");
	check(html_txt, "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
	check(html_txt, "", "");
	check(html_txt, NULL, "");
	check(html_txt, "l'agent", "l&#39;agent");
	/* Every special character, at the ends and side by side. */
	check(html_txt, "&<>\"'", "&amp;&lt;&gt;&quot;&#39;");
	check(html_txt, "<a>b&c", "&lt;a&gt;b&amp;c");
	check(html_txt, "sans rien à échapper", "sans rien à échapper");
}

static void test_attr(void **state)
{
	(void)state;
	check(html_attr, "\" onmouseover=\"x", "&quot; onmouseover=&quot;x");
	check(html_attr, "a'b", "a&#39;b");
}

static void test_url_arg(void **state)
{
	(void)state;
	check(html_url_arg, "a b&c=d/é", "a%20b%26c%3Dd%2F%C3%A9");
	check(html_url_arg, "safe-._~", "safe-._~");
}

static void test_csv(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"plain", "plain"},
		{"a,b", "\"a,b\""},
		{"say \"hi\"", "\"say \"\"hi\"\"\""},
		{"two\nlines", "\"two\nlines\""},
		{"=1+1", "\"'=1+1\""}, /* never a formula */
		{"+33 6", "\"'+33 6\""},
		{"-2", "\"'-2\""},
		{"@SUM(A1)", "\"'@SUM(A1)\""},
		{"Dupré", "Dupré"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf b;
		buf_init(&b, 0);
		csv_field(&b, cases[i][0]);
		assert_string_equal(buf_cstr(&b), cases[i][1]);
		buf_free(&b);
	}
	buf b;
	buf_init(&b, 0);
	csv_field(&b, "k");
	csv_sep(&b);
	csv_int(&b, -5);
	csv_end(&b);
	csv_field(&b, NULL);
	assert_string_equal(buf_cstr(&b), "k,-5\r\n");
	buf_free(&b);
}

static void test_int_and_cap(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 8);
	html_int(&b, -42);
	assert_string_equal(buf_cstr(&b), "-42");
	buf_free(&b);
	buf_init(&b, 0);
	html_int(&b, 0);
	html(&b, " ");
	html_int(&b, INT64_MIN);
	html(&b, " ");
	html_int(&b, INT64_MAX);
	assert_string_equal(buf_cstr(&b), "0 -9223372036854775808 9223372036854775807");
	buf_free(&b);
	buf_init(&b, 8);
	html(&b, "0123456789");
	assert_true(b.overflow); /* the cap holds */
	assert_true(b.len <= 8);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_txt),
		cmocka_unit_test(test_attr),
		cmocka_unit_test(test_url_arg),
		cmocka_unit_test(test_int_and_cap),
		cmocka_unit_test(test_csv),
	};
	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
