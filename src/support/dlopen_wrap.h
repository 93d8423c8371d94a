/*
 * dlopen_wrap — the product binary's dlopen().
 *
 * lp_solve 5.5 (the disclosure control's solver, domain/sdc.c) looks for an
 * optional external BLAS library, "libmyBLAS.so", each time make_lp()
 * creates a model, and keeps its own routines when none is found: always,
 * here, none being installed or wanted.  The search costs about 100 µs
 * (the loader's cache read again and a dozen directories tried), and an
 * employer's bilan builds a model for each group of hidden cells: 36 for a
 * small organisation of the 1M service, 76 for the largest.
 *
 * The program alone (not librelais.a: the tests link without it) is linked
 * with -Wl,--wrap=dlopen and this object (Makefile): every dlopen() call of
 * the program, lp_solve's included, comes to __wrap_dlopen, which answers
 * that one name at once and hands every other one to the C library's
 * dlopen (__real_dlopen, the linker's name for it).
 */
#ifndef RELAIS_DLOPEN_WRAP_H
#define RELAIS_DLOPEN_WRAP_H

/* The library lp_solve looks for, by the name it gives dlopen(). */
#define DLOPEN_WRAP_LPSOLVE_BLAS "libmyBLAS.so"

void *__wrap_dlopen(const char *file, int mode);
void *__real_dlopen(const char *file, int mode);

#endif
