/*
 * test_lazylib — the libraries behind the PDF, the XLSX workbook and
 * OpenID Connect are not loaded with the process (this test is linked as
 * the binary is: without them) but on first use, every function the code
 * calls found (support/lazylib.h); a missing library or function fails
 * the load, for good and without a crash.  libpq likewise, for
 * PostgreSQL, libmicrohttpd, for `serve`, libzip and libxml2, for the
 * letters' OpenDocument files and the exports' archives.
 */
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

/* The tables as fields, not the redirected names. */
#define PDFLIB_TABLE
#define XLSXLIB_TABLE
#define OIDCLIB_TABLE
#define PQLIB_TABLE
#define MHDLIB_TABLE
#define ZIPLIB_TABLE
#define XMLLIB_TABLE
#include "http/mhdlib.h"
#include "render/pdflib.h"
#include "render/xlsxlib.h"
#include "lazy/sonames.h"
#include "support/lazylib.h"
#include "support/log.h"
#include "store/pqlib.h"
#include "support/oidclib.h"
#include "support/xmllib.h"
#include "support/ziplib.h"

/* Whether the library of soname is in the process. */
static int loaded(const char *soname)
{
	void *h = dlopen(soname, RTLD_LAZY | RTLD_NOLOAD);
	if (h)
		dlclose(h);
	return h != NULL;
}


static void test_pdf_on_first_use(void **state)
{
	(void)state;
	assert_false(loaded(SONAME_CAIRO));
	assert_false(loaded(SONAME_PANGOCAIRO));
	assert_int_equal(pdflib_load(), 0);
	assert_true(loaded(SONAME_CAIRO));
	assert_true(loaded(SONAME_PANGOCAIRO));
#define PDF_FN(f) assert_non_null(pdflib.f);
	PDFLIB_FUNCTIONS(PDF_FN)
	/* Called through the table, as the renderers do. */
	assert_string_equal(pdflib.cairo_status_to_string(CAIRO_STATUS_SUCCESS),
			    "no error has occurred");
	char *esc = pdflib.g_markup_escape_text("a < b & c", -1);
	assert_string_equal(esc, "a &lt; b &amp; c");
	pdflib.g_free(esc);
	assert_int_equal(pdflib_load(), 0); /* once */
}

static void test_xlsx_on_first_use(void **state)
{
	(void)state;
	assert_false(loaded(SONAME_XLSXWRITER));
	assert_int_equal(xlsxlib_load(), 0);
	assert_true(loaded(SONAME_XLSXWRITER));
#define XLSX_FN(f) assert_non_null(xlsxlib.f);
	XLSXLIB_FUNCTIONS(XLSX_FN)
	assert_non_null(strstr(xlsxlib.lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED), "emory"));
}

static void test_oidc_on_first_use(void **state)
{
	(void)state;
	assert_false(loaded(SONAME_IDDAWC));
	assert_false(loaded(SONAME_RHONABWY));
	assert_int_equal(oidclib_load(), 0);
	assert_true(loaded(SONAME_IDDAWC));
	assert_true(loaded(SONAME_RHONABWY));
#define OIDC_FN(f) assert_non_null(oidclib.f);
	OIDCLIB_FUNCTIONS(OIDC_FN)
	assert_int_equal(oidclib.r_str_to_jwa_alg("RS256"), R_JWA_ALG_RS256);
}

static void test_pq_on_first_use(void **state)
{
	(void)state;
	assert_false(loaded(SONAME_PQ));
	assert_int_equal(pqlib_load(), 0);
	assert_true(loaded(SONAME_PQ));
#define PQ_FN(f) assert_non_null(pqlib.f);
	PQLIB_FUNCTIONS(PQ_FN)
	/* No server: the connection fails, and says so. */
	PGconn *c = pqlib.PQconnectdb("host=/nonexistent-relais dbname=x connect_timeout=1");
	assert_non_null(c);
	assert_int_equal(pqlib.PQstatus(c), CONNECTION_BAD);
	assert_true(strlen(pqlib.PQerrorMessage(c)) > 0);
	pqlib.PQfinish(c);
}

static void test_mhd_on_first_use(void **state)
{
	(void)state;
	assert_false(loaded(SONAME_MHD));
	assert_int_equal(mhdlib_load(), 0);
	assert_true(loaded(SONAME_MHD));
#define MHD_FN(f) assert_non_null(mhdlib.f);
	MHDLIB_FUNCTIONS(MHD_FN)
	/* A response made and freed through the table. */
	struct MHD_Response *r =
		mhdlib.MHD_create_response_from_buffer(2, (void *)"ok", MHD_RESPMEM_PERSISTENT);
	assert_non_null(r);
	assert_int_equal(mhdlib.MHD_add_response_header(r, "X-Test", "1"), MHD_YES);
	mhdlib.MHD_destroy_response(r);
}

static void test_zip_xml_on_first_use(void **state)
{
	(void)state;
	assert_false(loaded(SONAME_ZIP));
	assert_false(loaded(SONAME_XML));
	assert_int_equal(ziplib_load(), 0);
	assert_int_equal(xmllib_load(), 0);
	assert_true(loaded(SONAME_ZIP));
	assert_true(loaded(SONAME_XML));
#define ZIP_FN(f) assert_non_null(ziplib.f);
	ZIPLIB_FUNCTIONS(ZIP_FN)
#define XML_FN(f) assert_non_null(xmllib.f);
	XMLLIB_FUNCTIONS(XML_FN)
	/* A document parsed, printed and freed through the tables (xmlFree,
	   a variable of libxml2, through its address). */
	xmlDoc *d = xmllib.xmlReadMemory("<a>b</a>", 8, NULL, NULL, XML_PARSE_NONET);
	assert_non_null(d);
	xmlChar *out = NULL;
	int n = 0;
	xmllib.xmlDocDumpMemoryEnc(d, &out, &n, "UTF-8");
	assert_non_null(out);
	assert_non_null(strstr((const char *)out, "<a>b</a>"));
	(*xmllib.xmlFree)(out);
	xmllib.xmlFreeDoc(d);
	zip_error_t e;
	ziplib.zip_error_init(&e);
	ziplib.zip_error_set(&e, ZIP_ER_MEMORY, 0);
	assert_non_null(strstr(ziplib.zip_error_strerror(&e), "alloc"));
	ziplib.zip_error_fini(&e);
}

struct two_fns {
	int (*a)(void);
	int (*b)(void);
};

static void test_missing_library(void **state)
{
	(void)state;
	static const char *const sonames[] = {"libc.so.6", "librelais-absent.so.9", NULL};
	static const struct lazylib_fn fns[] = {{"abs", offsetof(struct two_fns, a)}};
	struct two_fns t = {0};
	struct lazylib l = LAZYLIB_INIT("test", sonames, fns, &t);
	assert_int_equal(lazylib_load(&l), -1);
	assert_int_equal(l.state, -1);
	assert_int_equal(lazylib_load(&l), -1); /* for good */
}

static void test_missing_function(void **state)
{
	(void)state;
	static const char *const sonames[] = {"libc.so.6", NULL};
	static const struct lazylib_fn fns[] = {{"abs", offsetof(struct two_fns, a)},
						{"relais_no_such_function", offsetof(struct two_fns, b)}};
	struct two_fns t = {0};
	struct lazylib l = LAZYLIB_INIT("test", sonames, fns, &t);
	assert_int_equal(lazylib_load(&l), -1);
	assert_int_equal(lazylib_load(&l), -1);

	static const struct lazylib_fn one[] = {{"getpid", offsetof(struct two_fns, a)}};
	struct lazylib ok = LAZYLIB_INIT("test", sonames, one, &t);
	assert_int_equal(lazylib_load(&ok), 0);
	assert_true(t.a() > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* First: iddawc (OpenID Connect) links libmicrohttpd too. */
		cmocka_unit_test(test_mhd_on_first_use),
		cmocka_unit_test(test_zip_xml_on_first_use),
		cmocka_unit_test(test_pdf_on_first_use),
		cmocka_unit_test(test_xlsx_on_first_use),
		cmocka_unit_test(test_oidc_on_first_use),
		cmocka_unit_test(test_pq_on_first_use),
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_missing_function),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
