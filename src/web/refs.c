/* refs — reference-list labels for a page (see web.h). */
#include <string.h>

#include "service/reference.h"
#include "web/web.h"

static int collect(void *ctx, const struct reference_item *e)
{
	struct web_refs *r = ctx;
	for (size_t i = 0; i < r->nlists; i++) {
		if (strcmp(e->list, r->lists[i]) != 0)
			continue;
		struct web_ref *k = arena_alloc(r->a, sizeof *k);
		k->list = r->lists[i];
		k->code = arena_strdup(r->a, e->code);
		k->label = arena_strdup(r->a, e->label);
		k->parent = arena_strdup(r->a, e->parent);
		k->retired = e->retired;
		if (i < WEB_REFS_INDEXED && !r->first[i])
			r->first[i] = k;
		*r->tail = k;
		r->tail = &k->next;
		break;
	}
	return 0;
}

int web_refs_load(struct request *req, struct web_refs *r, const char *const *lists,
		  size_t nlists)
{
	memset(r, 0, sizeof *r);
	r->a = req->a;
	r->lists = lists;
	r->nlists = nlists;
	r->tail = &r->head;
	return reference_list(req->svc, collect, r);
}

const struct web_ref *web_ref_find(const struct web_refs *r, const char *list, const char *code)
{
	if (!code)
		return NULL;
	/* A list's entries are together (ST_REF_LIST's order) and share the
	   pointer of its name in r->lists: only its own are compared (a
	   caseload's fifty rows look up two codes each). */
	for (size_t i = 0; i < r->nlists && i < WEB_REFS_INDEXED; i++) {
		if (strcmp(r->lists[i], list) != 0)
			continue;
		for (const struct web_ref *e = r->first[i]; e && e->list == r->lists[i]; e = e->next)
			if (strcmp(e->code, code) == 0)
				return e;
		return NULL;
	}
	for (const struct web_ref *e = r->head; e; e = e->next)
		if (strcmp(e->list, list) == 0 && strcmp(e->code, code) == 0)
			return e;
	return NULL;
}

const char *web_ref_label(const struct web_refs *r, const char *list, const char *code)
{
	if (!code || !*code)
		return NULL;
	const struct web_ref *e = web_ref_find(r, list, code);
	return e ? e->label : code;
}
