/* i18n — see i18n.h. */
#include "support/i18n.h"

#include <elf.h>
#include <locale.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

#ifndef RELAIS_LOCALEDIR
#define RELAIS_LOCALEDIR "/usr/share/locale"
#endif

void i18n_init(void)
{
	setlocale(LC_MESSAGES, "");
	bindtextdomain("relais", RELAIS_LOCALEDIR);
	bind_textdomain_codeset("relais", "UTF-8");
	textdomain("relais");
}

/*
 * The cache: an open-addressed table of immutable entries, each published
 * once with a compare-and-swap and never freed (the msgids are the
 * program's, about two thousand; the table's size bounds the rest).  A
 * lookup is a hash of the text and a comparison; a full table or a long
 * probe falls back to gettext() itself.
 */
#define CACHE_SLOTS 8192 /* a power of two */
#define CACHE_PROBES 16

struct entry {
	uint64_t hash;
	const char *translation; /* NULL: the msgid is its own translation */
	/* A read-only copy of the text in the program (a literal) last found
	   equal to msgid: the same address again is the same text, without
	   comparing (see read_only). */
	_Atomic(const char *) literal;
	char msgid[];
};

/*
 * The program's read-only segments (its code and literals): what lies
 * there never changes while the process runs, so a literal's address names
 * its text for good.  Found once, from the program's headers; a buffer
 * (heap, stack, writable data) is never among them.
 */
#define RO_MAX 8

static struct {
	uintptr_t lo, hi;
} ro[RO_MAX];
static int nro;
static pthread_once_t ro_once = PTHREAD_ONCE_INIT;

/* The program's own headers, as the kernel loaded them (the auxiliary
   vector); the load address is where its header table lies less where
   the table says it lies. */
static void ro_find(void)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	unsigned long n = getauxval(AT_PHNUM);
	uintptr_t bias = 0;
	int found = 0;
	if (!ph || getauxval(AT_PHENT) != sizeof *ph)
		return;
	for (unsigned long i = 0; i < n; i++)
		if (ph[i].p_type == PT_PHDR) {
			bias = (uintptr_t)ph - (uintptr_t)ph[i].p_vaddr;
			found = 1;
		}
	if (!found) /* no way to place the segments: none is trusted */
		return;
	for (unsigned long i = 0; i < n && nro < RO_MAX; i++) {
		if (ph[i].p_type != PT_LOAD || (ph[i].p_flags & PF_W))
			continue;
		ro[nro].lo = bias + (uintptr_t)ph[i].p_vaddr;
		ro[nro].hi = ro[nro].lo + (uintptr_t)ph[i].p_memsz;
		nro++;
	}
}

static int read_only(const char *p, size_t len)
{
	uintptr_t a = (uintptr_t)p;
	pthread_once(&ro_once, ro_find);
	for (int i = 0; i < nro; i++)
		if (a >= ro[i].lo && a < ro[i].hi && len < ro[i].hi - a)
			return 1;
	return 0;
}

static _Atomic(struct entry *) cache[CACHE_SLOTS];

/* The text's length, its first and last 16 bytes: enough to spread the
   program's msgids over the table (the comparison that follows reads the
   whole text), in two passes the C library does a word at a time. */
static uint64_t text_hash(const char *s, size_t *len)
{
	size_t n = strlen(s);
	uint64_t h = 1469598103934665603ULL ^ n; /* FNV-1a */
	const unsigned char *p = (const unsigned char *)s;
	size_t head = n < 16 ? n : 16;

	for (size_t i = 0; i < head; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	for (size_t i = n > 32 ? n - 16 : head; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	*len = n;
	return h;
}

static char *answer(const struct entry *e, const char *msgid)
{
	return (char *)(e->translation ? e->translation : msgid);
}

/*
 * In front of it, a table by the caller's address: the program passes its
 * literals at the same address every time, so a slot keeps the entry last
 * found for an address and a hit costs one comparison of the text (which
 * also answers for a buffer reused at that address with another text: the
 * comparison fails and the lookup goes on by hash).
 */
#define ADDR_BITS 12
#define ADDR_SLOTS (1u << ADDR_BITS)

static _Atomic(struct entry *) by_addr[ADDR_SLOTS];

static _Atomic(struct entry *) *addr_slot(const char *msgid)
{
	uint64_t a = (uint64_t)(uintptr_t)msgid * 0x9E3779B97F4A7C15ULL;
	return &by_addr[a >> (64 - ADDR_BITS)];
}

char *i18n_gettext(const char *msgid)
{
	size_t len, i;
	uint64_t h;
	struct entry *e, *fresh = NULL;
	char *tr;

	if (!msgid || !*msgid) /* "" is the catalog's header: never cached */
		return gettext(msgid);
	_Atomic(struct entry *) *fast = addr_slot(msgid);
	e = atomic_load_explicit(fast, memory_order_acquire);
	if (e && atomic_load_explicit(&e->literal, memory_order_relaxed) == msgid)
		return answer(e, msgid);
	if (e && strcmp(e->msgid, msgid) == 0) {
		if (read_only(msgid, strlen(msgid)))
			atomic_store_explicit(&e->literal, msgid, memory_order_relaxed);
		return answer(e, msgid);
	}
	h = text_hash(msgid, &len);
	for (i = 0; i < CACHE_PROBES; i++) {
		_Atomic(struct entry *) *slot = &cache[(h + i) & (CACHE_SLOTS - 1)];

		e = atomic_load_explicit(slot, memory_order_acquire);
		if (!e) {
			if (!fresh) {
				tr = gettext(msgid);
				fresh = malloc(sizeof *fresh + len + 1);
				if (!fresh)
					return tr;
				fresh->hash = h;
				/* gettext answers the argument itself when
				   nothing translates it: remember that, not the
				   address, which may be a reused buffer. */
				fresh->translation = tr == msgid ? NULL : tr;
				atomic_init(&fresh->literal, NULL);
				memcpy(fresh->msgid, msgid, len + 1);
			}
			if (atomic_compare_exchange_strong_explicit(slot, &e, fresh,
								    memory_order_acq_rel,
								    memory_order_acquire)) {
				atomic_store_explicit(fast, fresh, memory_order_release);
				return answer(fresh, msgid);
			}
			/* Another thread filled the slot: e is its entry. */
		}
		if (e->hash == h && strcmp(e->msgid, msgid) == 0) {
			free(fresh);
			atomic_store_explicit(fast, e, memory_order_release);
			return answer(e, msgid);
		}
	}
	if (fresh) {
		tr = answer(fresh, msgid);
		free(fresh);
		return tr;
	}
	return gettext(msgid);
}
