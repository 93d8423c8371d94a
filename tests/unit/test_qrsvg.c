/* Unit tests of the QR code as SVG: the image read back module by module
   matches libqrencode's symbol, the quiet zone is clear, the size follows
   the version, the output is deterministic and well-formed XML (xmllint),
   and, where zbarimg is installed, a QR reader decodes the URI from it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <qrencode.h>

#include "support/buf.h"
#include "support/qrsvg.h"

static const char uri[] = "otpauth://totp/relais:marie.dupont?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
			  "&issuer=relais&digits=6&period=30";
static const char label[] = "Code QR à scanner avec votre application d'authentification";

/* The integer after "prefix" in s, or -1. */
static int int_after(const char *s, const char *prefix)
{
	const char *p = strstr(s, prefix);
	if (!p)
		return -1;
	return (int)strtol(p + strlen(prefix), NULL, 10);
}

/* Reads the path's "d" back into a side × side grid of 0/1; fails the
   test on anything but the M/m, h, v1, h-, z sequence qrsvg writes. */
static unsigned char *grid_from_svg(const char *svg, int side)
{
	unsigned char *g = calloc((size_t)side * (size_t)side, 1);
	assert_non_null(g);
	const char *d = strstr(svg, " d=\"");
	assert_non_null(d);
	d += 4;
	int x = 0, y = 0;
	char *end;
	while (*d != '"') {
		char cmd = *d++;
		assert_true(cmd == 'M' || cmd == 'm');
		long dx = strtol(d, &end, 10);
		assert_int_equal(*end, ' ');
		long dy = strtol(end + 1, &end, 10);
		x = cmd == 'M' ? (int)dx : x + (int)dx;
		y = cmd == 'M' ? (int)dy : y + (int)dy;
		assert_int_equal(*end, 'h');
		long n = strtol(end + 1, &end, 10);
		char tail[32];
		snprintf(tail, sizeof tail, "v1h-%ldz", n);
		assert_true(strncmp(end, tail, strlen(tail)) == 0);
		d = end + strlen(tail);
		assert_true(n >= 1 && x >= 0 && y >= 0 && x + n <= side && y < side);
		for (long i = 0; i < n; i++) {
			assert_int_equal(g[y * side + x + i], 0); /* runs never overlap */
			g[y * side + x + i] = 1;
		}
	}
	return g;
}

static void test_matches_symbol(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	int version = 0;
	assert_int_equal(qrsvg_render(&b, uri, label, &version), 0);
	const char *svg = buf_cstr(&b);

	/* The symbol libqrencode makes of the same text, for comparison. */
	QRcode *qr = QRcode_encodeString(uri, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	assert_non_null(qr);
	assert_int_equal(version, qr->version);
	assert_int_equal(qr->width, 17 + 4 * version);
	/* The 107-byte URI fits version 6 (41 modules) at level M: libqrencode
	   puts the upper-case base32 secret in alphanumeric mode. */
	assert_int_equal(version, 6);

	int side = qr->width + 2 * QRSVG_QUIET;
	char vb[64];
	snprintf(vb, sizeof vb, "viewBox=\"0 0 %d %d\"", side, side);
	assert_non_null(strstr(svg, vb));
	assert_int_equal(int_after(svg, "width=\""), side * QRSVG_PX_PER_MODULE);
	assert_int_equal(int_after(svg, "height=\""), side * QRSVG_PX_PER_MODULE);

	unsigned char *g = grid_from_svg(svg, side);
	for (int y = 0; y < side; y++)
		for (int x = 0; x < side; x++) {
			int inside = x >= QRSVG_QUIET && y >= QRSVG_QUIET && x < side - QRSVG_QUIET &&
				     y < side - QRSVG_QUIET;
			int dark = inside && (qr->data[(y - QRSVG_QUIET) * qr->width + x - QRSVG_QUIET] & 1);
			if (g[y * side + x] != dark)
				fail_msg("module (%d, %d): %d in the SVG, %d in the symbol", x, y,
					 g[y * side + x], dark);
		}
	free(g);
	QRcode_free(qr);
	buf_free(&b);
}

static void test_attributes(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	assert_int_equal(qrsvg_render(&b, uri, "Code <QR> \"d'essai\" & co", NULL), 0);
	const char *svg = buf_cstr(&b);
	assert_true(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" ", 40) == 0);
	assert_non_null(strstr(svg, " role=\"img\""));
	assert_non_null(strstr(svg, " shape-rendering=\"crispEdges\""));
	assert_non_null(
		strstr(svg, " aria-label=\"Code &lt;QR&gt; &quot;d&#39;essai&quot; &amp; co\""));
	/* One path, one background. */
	assert_non_null(strstr(svg, "<path "));
	assert_null(strstr(strstr(svg, "<path ") + 1, "<path "));
	assert_non_null(strstr(svg, "<rect "));
	assert_true(strcmp(svg + strlen(svg) - 9, "\"/></svg>") == 0);
	buf_free(&b);
}

static void test_deterministic_and_sizes(void **state)
{
	(void)state;
	buf a, b;
	buf_init(&a, 0);
	buf_init(&b, 0);
	assert_int_equal(qrsvg_render(&a, uri, label, NULL), 0);
	assert_int_equal(qrsvg_render(&b, uri, label, NULL), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	/* Compact: a few kilobytes for an enrolment URI. */
	assert_true(a.len < 12000);
	buf_free(&b);

	/* The version grows with the text; the smallest fits version 1 (21 modules). */
	int v = 0;
	buf_reset(&a);
	assert_int_equal(qrsvg_render(&a, "a", label, &v), 0);
	assert_int_equal(v, 1);
	assert_non_null(strstr(buf_cstr(&a), "viewBox=\"0 0 29 29\""));
	char big[1001];
	memset(big, 'x', 1000);
	big[1000] = '\0';
	buf_reset(&a);
	assert_int_equal(qrsvg_render(&a, big, label, &v), 0);
	assert_true(v > 20 && v <= 40);
	buf_free(&a);
}

static void test_too_long(void **state)
{
	(void)state;
	/* Level M holds at most 2,331 bytes (version 40). */
	char *huge = malloc(2400);
	assert_non_null(huge);
	memset(huge, 'x', 2399);
	huge[2399] = '\0';
	buf b;
	buf_init(&b, 0);
	buf_puts(&b, "before");
	int v = -5;
	assert_int_equal(qrsvg_render(&b, huge, label, &v), -1);
	assert_string_equal(buf_cstr(&b), "before"); /* unchanged */
	assert_int_equal(v, -5);
	free(huge);
	buf_free(&b);
}

/* Runs cmd with the bytes of data on its standard input; its exit status. */
static int pipe_to(const char *cmd, const void *data, size_t len)
{
	FILE *p = popen(cmd, "w");
	assert_non_null(p);
	assert_int_equal(fwrite(data, 1, len, p), len);
	return pclose(p);
}

static void test_well_formed_xml(void **state)
{
	(void)state;
	if (system("command -v xmllint >/dev/null 2>&1") != 0) {
		skip(); /* libxml2-utils is in scripts/install-deps.sh */
		return;
	}
	buf b;
	buf_init(&b, 0);
	assert_int_equal(qrsvg_render(&b, uri, "Code <QR> & \"essai\"", NULL), 0);
	assert_int_equal(pipe_to("xmllint --noout - 2>&1", b.data, b.len), 0);
	/* The check itself refuses broken markup. */
	assert_int_not_equal(pipe_to("xmllint --noout - 2>/dev/null", "<svg><path></svg>", 17), 0);
	buf_free(&b);
}

/* The image, read back from the SVG and drawn 4 pixels a module, decodes
   to the URI with a real QR reader. */
static void test_decodes(void **state)
{
	(void)state;
	if (system("command -v zbarimg >/dev/null 2>&1") != 0) {
		skip(); /* zbar-tools */
		return;
	}
	buf b;
	buf_init(&b, 0);
	int v = 0;
	assert_int_equal(qrsvg_render(&b, uri, label, &v), 0);
	int side = 17 + 4 * v + 2 * QRSVG_QUIET;
	unsigned char *g = grid_from_svg(buf_cstr(&b), side);
	const int k = 4;
	char path[] = "/tmp/relais-qr-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "P5\n%d %d\n255\n", side * k, side * k);
	for (int y = 0; y < side * k; y++)
		for (int x = 0; x < side * k; x++)
			fputc(g[(y / k) * side + x / k] ? 0 : 255, f);
	assert_int_equal(fclose(f), 0);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "zbarimg --quiet --raw %s 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char out[512] = "";
	size_t n = fread(out, 1, sizeof out - 1, p);
	out[n] = '\0';
	pclose(p);
	unlink(path);
	if (n && out[n - 1] == '\n')
		out[n - 1] = '\0';
	assert_string_equal(out, uri);
	free(g);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_symbol), cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_deterministic_and_sizes), cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_well_formed_xml), cmocka_unit_test(test_decodes),
	};
	return cmocka_run_group_tests_name("qrsvg", tests, NULL, NULL);
}
