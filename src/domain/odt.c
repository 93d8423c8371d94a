/* odt — see odt.h. */
#include "domain/odt.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "support/i18n.h"
#include "support/log.h"
#include "support/zipbuf.h"
/* Last: redirect libxml2's and libzip's functions to their tables. */
#include "support/xmllib.h"
#include "support/ziplib.h"

#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define ODT_MIMETYPE "application/vnd.oasis.opendocument.text"
#define RATIO_FLOOR ((zip_uint64_t)64 << 10) /* entries smaller are never a bomb */
#define MAX_PARTS 4096                       /* text runs of one paragraph */

const char *odt_strerror(int rc)
{
	switch (rc) {
	case ODT_OK:
		return N_("Modèle valide.");
	case ODT_NOT_ZIP:
		return N_("Le fichier n'est pas un document OpenDocument (.odt) lisible : archive zip "
			  "absente ou abîmée.");
	case ODT_TOO_MANY:
		return N_("Le fichier contient trop d'éléments pour un modèle de courrier (200 au "
			  "plus).");
	case ODT_TOO_BIG:
		return N_("Le fichier est trop volumineux une fois décompressé (8 Mio par élément, "
			  "32 Mio en tout au plus).");
	case ODT_RATIO:
		return N_("Le fichier se décompresse de façon anormale (archive piégée, « bombe zip ») : "
			  "il est refusé.");
	case ODT_NOT_ODT:
		return N_("Le fichier n'est pas un texte OpenDocument (.odt) : enregistrez le modèle "
			  "au format ODT dans LibreOffice ou Word.");
	case ODT_BAD_XML:
		return N_("Le contenu du document est illisible (XML invalide).");
	case ODT_STOPPED:
		return N_("Le modèle n'a pas pu être fusionné.");
	default:
		return N_("Le document n'a pas pu être traité.");
	}
}

/* libxml2 and libzip, loaded on first use: 0, or -1 (logged). */
static int libs_load(void)
{
	return xmllib_load() == 0 && ziplib_load() == 0 ? 0 : -1;
}

/* ---- the XML parts: paragraphs, their text, the fields ---- */

static int is_elem(const xmlNode *n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, ns) == 0 && strcmp((const char *)n->name, name) == 0;
}

/* Subtrees that are not the letter's text: tracked deletions, comments. */
static int is_skipped(const xmlNode *n)
{
	return is_elem(n, NS_TEXT, "tracked-changes") || is_elem(n, NS_OFFICE, "annotation");
}

static int is_paragraph(const xmlNode *n)
{
	return is_elem(n, NS_TEXT, "p") || is_elem(n, NS_TEXT, "h");
}

/* One paragraph's text as read, and where each text node's bytes start. */
struct para {
	buf text;
	xmlNode *node[MAX_PARTS];
	size_t start[MAX_PARTS];
	int n;
	int overflow;
};

static void gather(struct para *p, xmlNode *parent)
{
	for (xmlNode *c = parent->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (p->n == MAX_PARTS) {
				p->overflow = 1;
				return;
			}
			p->node[p->n] = c;
			p->start[p->n++] = p->text.len;
			if (c->content)
				buf_puts(&p->text, (const char *)c->content);
		} else if (is_elem(c, NS_TEXT, "line-break")) {
			buf_putc(&p->text, '\n'); /* no field goes across it */
		} else if (c->type == XML_ELEMENT_NODE && !is_skipped(c) && !is_paragraph(c)) {
			gather(p, c);
		}
	}
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* The field starting at s[i] ('{'): its length braces included, or 0. */
static size_t field_at(const char *s, size_t len, size_t i)
{
	if (s[i] != '{' || i + 2 >= len || !(s[i + 1] >= 'a' && s[i + 1] <= 'z'))
		return 0;
	size_t j = i + 1;
	while (j < len && j - i - 1 <= ODT_FIELD_MAX && name_char(s[j]))
		j++;
	if (j >= len || s[j] != '}' || j - i - 1 > ODT_FIELD_MAX)
		return 0;
	return j - i + 1;
}

/* What a walk does with each paragraph. */
struct walk {
	odt_field_fn field;   /* scanning: each new name */
	odt_value_fn value;   /* merging: each name's value */
	void *ctx;
	buf seen;             /* names already given, each followed by '\n' */
	buf *text;            /* previewing: the paragraphs' text */
	char *missing;        /* merging: the field without a value */
	int rc;
};

static int seen_before(buf *seen, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = seen->data; p && *p;) {
		const char *e = strchr(p, '\n');
		if ((size_t)(e - p) == n && memcmp(p, name, n) == 0)
			return 1;
		p = e + 1;
	}
	buf_puts(seen, name);
	buf_putc(seen, '\n');
	return 0;
}

/* Sets text node t to text, each line break in it written as a
   <text:line-break/> (a value on several lines: the letterhead, an
   address).  t keeps the text before the first one. */
static void set_lines(xmlNode *t, const char *text)
{
	const char *nl = strchr(text, '\n');
	xmlNs *ns = nl ? xmlSearchNsByHref(t->doc, t->parent, (const xmlChar *)NS_TEXT) : NULL;
	if (!ns) {
		xmlNodeSetContent(t, (const xmlChar *)text);
		return;
	}
	xmlNodeSetContentLen(t, (const xmlChar *)text, (int)(nl - text));
	xmlNode *at = t;
	for (const char *line = nl + 1;;) {
		xmlNode *br = xmlNewDocNode(t->doc, ns, (const xmlChar *)"line-break", NULL);
		if (!br)
			log_fatal("out of memory");
		at = xmlAddNextSibling(at, br);
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		if (n) {
			xmlNode *tx = xmlNewDocTextLen(t->doc, (const xmlChar *)line, (int)n);
			if (!tx)
				log_fatal("out of memory");
			at = xmlAddNextSibling(at, tx);
		}
		if (!end)
			break;
		line = end + 1;
	}
}

/* Replaces bytes [a, b) of the paragraph's text by value, touching only
   the text nodes the range covers. */
static void replace(struct para *p, size_t a, size_t b, const char *value)
{
	int i = 0, j;
	while (i + 1 < p->n && p->start[i + 1] <= a)
		i++;
	j = i;
	while (j + 1 < p->n && p->start[j + 1] < b)
		j++;
	buf nb;
	buf_init(&nb, 0);
	const char *first = (const char *)p->node[i]->content;
	buf_add(&nb, first, a - p->start[i]);
	buf_puts(&nb, value);
	if (i == j) {
		buf_puts(&nb, first + (b - p->start[i]));
		set_lines(p->node[i], buf_cstr(&nb));
	} else {
		set_lines(p->node[i], buf_cstr(&nb));
		for (int k = i + 1; k < j; k++)
			xmlNodeSetContent(p->node[k], (const xmlChar *)"");
		buf_reset(&nb);
		buf_puts(&nb, (const char *)p->node[j]->content + (b - p->start[j]));
		xmlNodeSetContent(p->node[j], (const xmlChar *)buf_cstr(&nb));
	}
	buf_free(&nb);
}

static void paragraph(struct walk *w, xmlNode *node)
{
	struct para *p = calloc(1, sizeof *p);
	if (!p)
		log_fatal("out of memory");
	buf_init(&p->text, 0);
	gather(p, node);
	const char *s = buf_cstr(&p->text);
	size_t len = p->text.len;
	if (w->text) {
		buf_add(w->text, s, len);
		buf_putc(w->text, '\n');
	}
	/* The fields, found left to right, merged right to left so that the
	   offsets of those before stay true. */
	size_t at[64], span[64];
	int nf = 0;
	for (size_t i = 0; i < len && w->rc == ODT_OK;) {
		size_t f = field_at(s, len, i);
		if (!f) {
			i++;
			continue;
		}
		char name[ODT_FIELD_MAX + 1];
		memcpy(name, s + i + 1, f - 2);
		name[f - 2] = '\0';
		if (w->field && !seen_before(&w->seen, name) && w->field(w->ctx, name) != 0)
			w->rc = ODT_STOPPED;
		if (w->value) {
			if (nf == 64 || p->overflow) {
				w->rc = ODT_TOO_BIG;
				break;
			}
			if (!w->value(w->ctx, name)) {
				snprintf(w->missing, ODT_FIELD_MAX + 1, "%s", name);
				w->rc = ODT_STOPPED;
				break;
			}
			at[nf] = i;
			span[nf++] = f;
		}
		i += f;
	}
	for (int k = nf - 1; k >= 0 && w->rc == ODT_OK; k--) {
		char name[ODT_FIELD_MAX + 1];
		memcpy(name, s + at[k] + 1, span[k] - 2);
		name[span[k] - 2] = '\0';
		replace(p, at[k], at[k] + span[k], w->value(w->ctx, name));
	}
	buf_free(&p->text);
	free(p);
}

static void walk_tree(struct walk *w, xmlNode *n, int depth)
{
	for (xmlNode *c = n; c && w->rc == ODT_OK; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is_skipped(c))
			continue;
		if (depth > 256) {
			w->rc = ODT_BAD_XML;
			return;
		}
		if (is_paragraph(c))
			paragraph(w, c);
		walk_tree(w, c->children, depth + 1);
	}
}

static xmlDoc *parse(const char *xml, size_t n)
{
	if (n > ODT_MAX_ENTRY)
		return NULL;
	xmlDoc *doc = xmlReadMemory(xml, (int)n, "part.xml", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc && (doc->intSubset || doc->extSubset || !xmlDocGetRootElement(doc))) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/* Walks one part; when out is given, writes the part back into it. */
static int walk_xml(struct walk *w, const char *xml, size_t n, buf *out)
{
	xmlDoc *doc = parse(xml, n);
	if (!doc)
		return ODT_BAD_XML;
	walk_tree(w, xmlDocGetRootElement(doc), 0);
	if (w->rc == ODT_OK && out) {
		xmlChar *mem = NULL;
		int size = 0;
		xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
		if (!mem)
			w->rc = ODT_ERROR;
		else
			buf_add(out, mem, (size_t)size);
		xmlFree(mem);
	}
	xmlFreeDoc(doc);
	return w->rc;
}

int odt_scan_xml(const char *xml, size_t n, odt_field_fn fn, void *ctx)
{
	if (libs_load() != 0)
		return ODT_ERROR;
	struct walk w = {fn, NULL, ctx, {0}, NULL, NULL, ODT_OK};
	buf_init(&w.seen, 0);
	int rc = walk_xml(&w, xml, n, NULL);
	buf_free(&w.seen);
	return rc;
}

/* ---- the archive ---- */

static int archive_open(const void *data, size_t n, zip_t **out)
{
	*out = NULL;
	if (libs_load() != 0)
		return ODT_ERROR;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = data && n ? zip_source_buffer_create(data, n, 0, &ze) : NULL;
	zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
	zip_error_fini(&ze);
	if (!z) {
		zip_source_free(src);
		return ODT_NOT_ZIP;
	}
	zip_int64_t count = zip_get_num_entries(z, 0);
	if (count < 0 || count > ODT_MAX_ENTRIES) {
		zip_discard(z);
		return count < 0 ? ODT_NOT_ZIP : ODT_TOO_MANY;
	}
	zip_uint64_t total = 0;
	int rc = ODT_OK;
	for (zip_int64_t i = 0; i < count && rc == ODT_OK; i++) {
		zip_stat_t st;
		if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0 ||
		    !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE) ||
		    !(st.valid & ZIP_STAT_NAME)) {
			rc = ODT_NOT_ZIP;
			break;
		}
		/* The ratio first: a bomb is named as such, whatever its size. */
		total += st.size;
		if (st.size > RATIO_FLOOR &&
		    st.size / (st.comp_size ? st.comp_size : 1) > ODT_MAX_RATIO)
			rc = ODT_RATIO;
		else if (st.size > ODT_MAX_ENTRY || total > ODT_MAX_TOTAL)
			rc = ODT_TOO_BIG;
	}
	if (rc == ODT_OK) {
		zip_int64_t mt = zip_name_locate(z, "mimetype", 0);
		zip_int64_t ct = zip_name_locate(z, "content.xml", 0);
		if (mt < 0 || ct < 0)
			rc = ODT_NOT_ODT;
	}
	if (rc != ODT_OK)
		zip_discard(z);
	else
		*out = z;
	return rc;
}

/* Reads entry i whole into *out (caller frees; NUL-terminated) and its
   length into *len, never more than its declared size. */
static int entry_read(zip_t *z, zip_uint64_t i, char **out, size_t *len)
{
	zip_stat_t st;
	*out = NULL;
	*len = 0;
	if (zip_stat_index(z, i, 0, &st) != 0 || st.size > ODT_MAX_ENTRY)
		return ODT_TOO_BIG;
	char *b = malloc((size_t)st.size + 1);
	zip_file_t *f = zip_fopen_index(z, i, 0);
	if (!b || !f) {
		free(b);
		if (f)
			zip_fclose(f);
		return b ? ODT_NOT_ZIP : ODT_ERROR;
	}
	char extra;
	zip_int64_t got = zip_fread(f, b, st.size);
	zip_int64_t more = got == (zip_int64_t)st.size ? zip_fread(f, &extra, 1) : -1;
	zip_fclose(f);
	if (got != (zip_int64_t)st.size || more != 0) {
		free(b);
		return ODT_NOT_ZIP;
	}
	b[st.size] = '\0';
	*out = b;
	*len = (size_t)st.size;
	return ODT_OK;
}

/* Reads the named entry (ODT_OK with *out NULL when there is none). */
static int entry_named(zip_t *z, const char *name, char **out, size_t *len)
{
	zip_int64_t i = zip_name_locate(z, name, 0);
	*out = NULL;
	*len = 0;
	return i < 0 ? ODT_OK : entry_read(z, (zip_uint64_t)i, out, len);
}

static int mimetype_ok(zip_t *z)
{
	char *mt;
	size_t n;
	if (entry_named(z, "mimetype", &mt, &n) != ODT_OK || !mt)
		return 0;
	int ok = strcmp(mt, ODT_MIMETYPE) == 0;
	free(mt);
	return ok;
}

/* The parts whose text is scanned and merged. */
static const char *const text_parts[] = {"content.xml", "styles.xml"};

int odt_scan(const void *data, size_t n, odt_field_fn fn, void *ctx)
{
	zip_t *z;
	int rc = archive_open(data, n, &z);
	if (rc != ODT_OK)
		return rc;
	if (!mimetype_ok(z)) {
		zip_discard(z);
		return ODT_NOT_ODT;
	}
	struct walk w = {fn, NULL, ctx, {0}, NULL, NULL, ODT_OK};
	buf_init(&w.seen, 0);
	for (size_t p = 0; p < sizeof text_parts / sizeof *text_parts && rc == ODT_OK; p++) {
		char *xml;
		size_t len;
		rc = entry_named(z, text_parts[p], &xml, &len);
		if (rc == ODT_OK && xml)
			rc = walk_xml(&w, xml, len, NULL);
		free(xml);
	}
	buf_free(&w.seen);
	zip_discard(z);
	return rc;
}

int odt_text(const void *data, size_t n, buf *out)
{
	zip_t *z;
	int rc = archive_open(data, n, &z);
	if (rc != ODT_OK)
		return rc;
	char *xml;
	size_t len;
	struct walk w = {NULL, NULL, NULL, {0}, out, NULL, ODT_OK};
	rc = entry_named(z, "content.xml", &xml, &len);
	if (rc == ODT_OK)
		rc = walk_xml(&w, xml, len, NULL);
	free(xml);
	zip_discard(z);
	return rc;
}

/* Adds bytes (copied) as entry name to the archive being written. */
static int add_entry(zip_t *out, const char *name, const char *bytes, size_t len, int store)
{
	void *copy = malloc(len ? len : 1);
	if (!copy)
		return ODT_ERROR;
	memcpy(copy, bytes, len);
	zip_source_t *s = zip_source_buffer(out, copy, len, 1);
	if (!s) {
		free(copy);
		return ODT_ERROR;
	}
	zip_int64_t idx = zip_file_add(out, name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
	if (idx < 0) {
		zip_source_free(s);
		return ODT_ERROR;
	}
	if (zip_set_file_compression(out, (zip_uint64_t)idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
				     0) != 0)
		return ODT_ERROR;
	return ODT_OK;
}

static int is_text_part(const char *name)
{
	for (size_t p = 0; p < sizeof text_parts / sizeof *text_parts; p++)
		if (strcmp(name, text_parts[p]) == 0)
			return 1;
	return 0;
}

/* Copies every entry of in into out, mimetype first, the text parts
   merged. */
static int copy_entries(zip_t *in, zip_t *out, struct walk *w)
{
	char *bytes;
	size_t len;
	int rc = entry_named(in, "mimetype", &bytes, &len);
	if (rc == ODT_OK)
		rc = add_entry(out, "mimetype", bytes, len, 1);
	free(bytes);
	zip_int64_t count = zip_get_num_entries(in, 0);
	for (zip_int64_t i = 0; i < count && rc == ODT_OK; i++) {
		const char *name = zip_get_name(in, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
		if (!name)
			return ODT_NOT_ZIP;
		if (strcmp(name, "mimetype") == 0)
			continue;
		size_t nl = strlen(name);
		if (nl && name[nl - 1] == '/') {
			if (zip_dir_add(out, name, ZIP_FL_ENC_UTF_8) < 0)
				rc = ODT_ERROR;
			continue;
		}
		if ((rc = entry_read(in, (zip_uint64_t)i, &bytes, &len)) != ODT_OK)
			break;
		if (is_text_part(name)) {
			buf merged;
			buf_init(&merged, ODT_MAX_TOTAL);
			rc = walk_xml(w, bytes, len, &merged);
			if (rc == ODT_OK)
				rc = merged.overflow ? ODT_TOO_BIG
						     : add_entry(out, name, merged.data, merged.len, 0);
			buf_free(&merged);
		} else {
			rc = add_entry(out, name, bytes, len, 0);
		}
		free(bytes);
	}
	return rc;
}

/* Closes the archive being written into out (support/zipbuf.h; discards
   it unless rc is ODT_OK).  Returns rc, or the closing's error. */
static int writer_finish(zip_t *z, struct zipbuf *zb, int rc)
{
	if (rc == ODT_OK && zip_close(z) != 0)
		rc = zb->over ? ODT_TOO_BIG : ODT_ERROR;
	if (rc != ODT_OK)
		zip_discard(z);
	zipbuf_fini(zb);
	return rc;
}

int odt_merge(const void *data, size_t n, odt_value_fn value, void *ctx, buf *out,
	      char missing[ODT_FIELD_MAX + 1])
{
	zip_t *in;
	missing[0] = '\0';
	int rc = archive_open(data, n, &in);
	if (rc != ODT_OK)
		return rc;
	struct zipbuf zb;
	zip_t *z = zipbuf_open(&zb, out);
	if (!z) {
		zipbuf_fini(&zb);
		zip_discard(in);
		return ODT_ERROR;
	}
	struct walk w = {NULL, value, ctx, {0}, NULL, missing, ODT_OK};
	buf_init(&w.seen, 0);
	rc = copy_entries(in, z, &w);
	buf_free(&w.seen);
	zip_discard(in);
	return writer_finish(z, &zb, rc);
}

/* ---- flat ODT ---- */

/* The flat document's parts: which top-level elements go to which file. */
static const struct flat_part {
	const char *file;
	const char *root;
	const char *children[5];
} flat_parts[] = {
	{"content.xml", "document-content",
	 {"scripts", "font-face-decls", "automatic-styles", "body", NULL}},
	{"styles.xml", "document-styles",
	 {"font-face-decls", "styles", "automatic-styles", "master-styles", NULL}},
	{"meta.xml", "document-meta", {"meta", NULL}},
};

#define MANIFEST                                                                                  \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                             \
	"<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"" \
	" manifest:version=\"1.3\">\n"                                                             \
	" <manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\""                  \
	" manifest:media-type=\"" ODT_MIMETYPE "\"/>\n"                                            \
	" <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\n" \
	" <manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>\n" \
	" <manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>\n" \
	"</manifest:manifest>\n"

/* One part of the flat document src as its own XML document, into out. */
static int flat_part(xmlDoc *src, const struct flat_part *part, buf *out)
{
	xmlNode *sroot = xmlDocGetRootElement(src);
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *root = xmlNewDocNode(doc, NULL, (const xmlChar *)part->root, NULL);
	xmlDocSetRootElement(doc, root);
	for (xmlNs *ns = sroot->nsDef; ns; ns = ns->next) {
		xmlNs *copy = xmlNewNs(root, ns->href, ns->prefix);
		if (copy && sroot->ns == ns)
			xmlSetNs(root, copy);
	}
	xmlChar *version = xmlGetNsProp(sroot, (const xmlChar *)"version", (const xmlChar *)NS_OFFICE);
	if (version && root->ns)
		xmlSetNsProp(root, root->ns, (const xmlChar *)"version", version);
	xmlFree(version);
	int rc = ODT_OK;
	for (int k = 0; part->children[k] && rc == ODT_OK; k++)
		for (xmlNode *c = sroot->children; c; c = c->next)
			if (is_elem(c, NS_OFFICE, part->children[k])) {
				xmlNode *copy = NULL;
				if (xmlDOMWrapCloneNode(NULL, src, c, &copy, doc, root, 1, 0) != 0 ||
				    !copy) {
					rc = ODT_ERROR;
					break;
				}
				xmlAddChild(root, copy);
			}
	if (rc == ODT_OK) {
		xmlChar *mem = NULL;
		int size = 0;
		xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
		if (mem)
			buf_add(out, mem, (size_t)size);
		else
			rc = ODT_ERROR;
		xmlFree(mem);
	}
	xmlFreeDoc(doc);
	return rc;
}

int odt_from_flat(const char *xml, size_t n, buf *out)
{
	if (libs_load() != 0)
		return ODT_ERROR;
	xmlDoc *src = parse(xml, n);
	if (!src)
		return ODT_BAD_XML;
	if (!is_elem(xmlDocGetRootElement(src), NS_OFFICE, "document")) {
		xmlFreeDoc(src);
		return ODT_NOT_ODT;
	}
	struct zipbuf zb;
	zip_t *z = zipbuf_open(&zb, out);
	if (!z) {
		zipbuf_fini(&zb);
		xmlFreeDoc(src);
		return ODT_ERROR;
	}
	int rc = add_entry(z, "mimetype", ODT_MIMETYPE, strlen(ODT_MIMETYPE), 1);
	for (size_t p = 0; p < sizeof flat_parts / sizeof *flat_parts && rc == ODT_OK; p++) {
		buf part;
		buf_init(&part, ODT_MAX_ENTRY);
		rc = flat_part(src, &flat_parts[p], &part);
		if (rc == ODT_OK)
			rc = add_entry(z, flat_parts[p].file, part.data, part.len, 0);
		buf_free(&part);
	}
	if (rc == ODT_OK)
		rc = add_entry(z, "META-INF/manifest.xml", MANIFEST, strlen(MANIFEST), 0);
	xmlFreeDoc(src);
	return writer_finish(z, &zb, rc);
}
