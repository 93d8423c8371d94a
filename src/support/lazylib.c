/* lazylib — see lazylib.h. */
#include "support/lazylib.h"

#include <dlfcn.h>
#include <string.h>

#include "support/log.h"

/* Every library of l open (they stay open: the process uses them until it
   ends), and each function found in the first that has it. */
static int open_all(struct lazylib *l)
{
	void *handles[8];
	size_t n = 0;
	for (const char *const *so = l->sonames; *so; so++) {
		if (n == sizeof handles / sizeof handles[0]) {
			log_error("%s: too many libraries to load", l->what);
			return -1;
		}
		handles[n] = dlopen(*so, RTLD_NOW | RTLD_LOCAL);
		if (!handles[n]) {
			const char *e = dlerror();
			log_error("%s: cannot load %s: %s", l->what, *so, e ? e : "unknown error");
			return -1;
		}
		n++;
	}
	for (size_t i = 0; i < l->nfns; i++) {
		void *p = NULL;
		for (size_t h = 0; h < n && !p; h++)
			p = dlsym(handles[h], l->fns[i].name);
		if (!p) {
			log_error("%s: the function %s is in none of its libraries", l->what,
				  l->fns[i].name);
			return -1;
		}
		/* POSIX: a function's address fits a void * and back. */
		memcpy((char *)l->table + l->fns[i].offset, &p, sizeof p);
	}
	return 0;
}

int lazylib_load(struct lazylib *l)
{
	pthread_mutex_lock(&l->lock);
	if (l->state == 0)
		l->state = open_all(l) == 0 ? 1 : -1;
	int rc = l->state == 1 ? 0 : -1;
	pthread_mutex_unlock(&l->lock);
	return rc;
}
