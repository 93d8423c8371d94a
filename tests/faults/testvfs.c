/*
 * testvfs — a SQLite VFS for the crash and fault tests, built as a shared
 * object (build/tests/testvfs.so) and registered as the default VFS by a
 * constructor, so `LD_PRELOAD=build/tests/testvfs.so build/relais …` runs
 * the real program over it (relais links SQLite dynamically).
 *
 * It wraps the default VFS and is driven by the environment:
 *
 *   TESTVFS_FAIL=KIND:N[+]   the Nth call of KIND fails (counted from 1 in
 *                            this process, over the database, WAL and
 *                            journal files): write → SQLITE_IOERR_WRITE,
 *                            full → SQLITE_FULL (both count xWrite), sync →
 *                            SQLITE_IOERR_FSYNC (counts xSync).  With "+"
 *                            every later call fails too (a dead disk);
 *                            without, only that one (a passing fault).
 *   TESTVFS_BUFFER=1         writes and truncations are held in memory,
 *                            per file (shared by every handle of the
 *                            process, like the system's page cache), and
 *                            reach the real file only at that file's xSync
 *                            (or its last close).  Reads and sizes see the
 *                            pending writes.  A SIGKILL then loses exactly
 *                            what was not synced, as a power cut would —
 *                            which a plain kill -9 cannot show, since the
 *                            system's cache survives it.
 *   TESTVFS_BUFFER=lie       the same, but xSync reports success without
 *                            writing anything: a missing fsync, for the
 *                            control trial that must see writes lost.
 *   TESTVFS_SYNC=0           syncs are counted (and may fail) but do not
 *                            reach the disk: for sweeps, where durability
 *                            does not matter and fsync is the slow part.
 *   TESTVFS_COUNT=PATH       at exit, writes "writes W\nsyncs S\n
 *                            synchronous V\n" to PATH (the number of xWrite
 *                            and xSync calls, so a sweep knows the range of
 *                            N, and the last PRAGMA synchronous value set).
 *
 * Shared memory (the WAL index) and locks are passed through; memory-mapped
 * I/O is not offered (io_methods version 2), so every read goes through
 * xRead and sees the pending writes.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum op_kind { OP_WRITE, OP_TRUNC };

struct op {
	struct op *next;
	enum op_kind kind;
	sqlite3_int64 off; /* write: offset; truncate: the new size */
	int len;
	unsigned char data[];
};

/* One file's pending changes, shared by its handles (by path). */
struct node {
	struct node *next;
	char *path;
	int refs;
	struct op *ops, **tail;
};

struct tfile {
	sqlite3_file base;
	struct node *node;  /* NULL: not buffered, not counted */
	sqlite3_file *real; /* the wrapped file, right after this struct */
};

enum fail_kind { FAIL_NONE, FAIL_WRITE, FAIL_FULL, FAIL_SYNC };

static sqlite3_vfs *real_vfs;
static sqlite3_vfs test_vfs;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct node *nodes;
enum { BUFFER_OFF, BUFFER_ON, BUFFER_LIE };
static int buffering;
static int real_syncs = 1;
static enum fail_kind fail_kind;
static long fail_at;
static int fail_sticky;
static long n_writes, n_syncs;
static const char *count_path;
static char synchronous[16] = "unset"; /* the last PRAGMA synchronous=… value */

static struct tfile *tf(sqlite3_file *f)
{
	return (struct tfile *)f;
}

/* Whether the call numbered n of a counted kind must fail. */
static int must_fail(long n, int write)
{
	if (fail_kind == FAIL_NONE || (fail_kind == FAIL_SYNC) == write)
		return 0;
	return fail_sticky ? n >= fail_at : n == fail_at;
}

static void ops_free(struct node *n)
{
	struct op *o = n->ops;
	while (o) {
		struct op *next = o->next;
		free(o);
		o = next;
	}
	n->ops = NULL;
	n->tail = &n->ops;
}

/* Applies the pending changes to the real file (mu held); they are
   dropped whatever happens, as a failed write-back loses them. */
static int ops_apply(struct node *n, sqlite3_file *real)
{
	int rc = SQLITE_OK;
	for (struct op *o = n->ops; o && rc == SQLITE_OK; o = o->next)
		rc = o->kind == OP_WRITE ? real->pMethods->xWrite(real, o->data, o->len, o->off)
					 : real->pMethods->xTruncate(real, o->off);
	ops_free(n);
	return rc;
}

static int ops_add(struct node *n, enum op_kind kind, const void *data, int len,
		   sqlite3_int64 off)
{
	struct op *o = malloc(sizeof *o + (size_t)(kind == OP_WRITE ? len : 0));
	if (!o)
		return SQLITE_NOMEM;
	o->next = NULL;
	o->kind = kind;
	o->off = off;
	o->len = kind == OP_WRITE ? len : 0;
	if (kind == OP_WRITE)
		memcpy(o->data, data, (size_t)len);
	*n->tail = o;
	n->tail = &o->next;
	return SQLITE_OK;
}

/* The file's size as the pending changes make it (mu held). */
static int size_of(struct tfile *f, sqlite3_int64 *size)
{
	int rc = f->real->pMethods->xFileSize(f->real, size);
	if (rc != SQLITE_OK || !f->node)
		return rc;
	for (struct op *o = f->node->ops; o; o = o->next) {
		if (o->kind == OP_TRUNC)
			*size = o->off;
		else if (o->off + o->len > *size)
			*size = o->off + o->len;
	}
	return SQLITE_OK;
}

static int t_close(sqlite3_file *file)
{
	struct tfile *f = tf(file);
	int rc = SQLITE_OK;
	pthread_mutex_lock(&mu);
	struct node *n = f->node;
	if (n && --n->refs == 0) {
		/* The process goes on: what it wrote is in the system's cache. */
		rc = ops_apply(n, f->real);
		for (struct node **p = &nodes; *p; p = &(*p)->next)
			if (*p == n) {
				*p = n->next;
				break;
			}
		free(n->path);
		free(n);
	}
	pthread_mutex_unlock(&mu);
	int rc2 = f->real->pMethods->xClose(f->real);
	return rc != SQLITE_OK ? rc : rc2;
}

static int t_read(sqlite3_file *file, void *buf, int amt, sqlite3_int64 off)
{
	struct tfile *f = tf(file);
	pthread_mutex_lock(&mu);
	int rc = f->real->pMethods->xRead(f->real, buf, amt, off);
	if (!f->node || !f->node->ops || (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ))
		goto out;
	unsigned char *b = buf;
	sqlite3_int64 size;
	rc = f->real->pMethods->xFileSize(f->real, &size);
	if (rc != SQLITE_OK)
		goto out;
	sqlite3_int64 end = off + amt;
	for (struct op *o = f->node->ops; o; o = o->next) {
		if (o->kind == OP_TRUNC) {
			size = o->off;
			if (size < end) {
				sqlite3_int64 from = size > off ? size : off;
				memset(b + (from - off), 0, (size_t)(end - from));
			}
			continue;
		}
		sqlite3_int64 lo = o->off > off ? o->off : off;
		sqlite3_int64 hi = o->off + o->len < end ? o->off + o->len : end;
		if (lo < hi)
			memcpy(b + (lo - off), o->data + (lo - o->off), (size_t)(hi - lo));
		if (o->off + o->len > size)
			size = o->off + o->len;
	}
	if (size < end) {
		sqlite3_int64 from = size > off ? size : off;
		memset(b + (from - off), 0, (size_t)(end - from));
		rc = SQLITE_IOERR_SHORT_READ;
	} else {
		rc = SQLITE_OK;
	}
out:
	pthread_mutex_unlock(&mu);
	return rc;
}

static int t_write(sqlite3_file *file, const void *buf, int amt, sqlite3_int64 off)
{
	struct tfile *f = tf(file);
	int rc;
	pthread_mutex_lock(&mu);
	if (f->node) {
		long n = ++n_writes;
		if (must_fail(n, 1)) {
			rc = fail_kind == FAIL_FULL ? SQLITE_FULL : SQLITE_IOERR_WRITE;
			goto out;
		}
	}
	rc = f->node && buffering ? ops_add(f->node, OP_WRITE, buf, amt, off)
				  : f->real->pMethods->xWrite(f->real, buf, amt, off);
out:
	pthread_mutex_unlock(&mu);
	return rc;
}

static int t_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	struct tfile *f = tf(file);
	pthread_mutex_lock(&mu);
	int rc = f->node && buffering ? ops_add(f->node, OP_TRUNC, NULL, 0, size)
				      : f->real->pMethods->xTruncate(f->real, size);
	pthread_mutex_unlock(&mu);
	return rc;
}

static int t_sync(sqlite3_file *file, int flags)
{
	struct tfile *f = tf(file);
	int rc = SQLITE_OK;
	pthread_mutex_lock(&mu);
	if (f->node) {
		long n = ++n_syncs;
		if (must_fail(n, 0)) {
			/* Nothing pending reaches the disk. */
			rc = SQLITE_IOERR_FSYNC;
			goto out;
		}
		if (buffering == BUFFER_LIE)
			goto out;
		if (buffering)
			rc = ops_apply(f->node, f->real);
	}
	if (rc == SQLITE_OK && real_syncs)
		rc = f->real->pMethods->xSync(f->real, flags);
out:
	pthread_mutex_unlock(&mu);
	return rc;
}

static int t_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	pthread_mutex_lock(&mu);
	int rc = size_of(tf(file), size);
	pthread_mutex_unlock(&mu);
	return rc;
}

#define PASS(name, args, ...)                                                                   \
	static int t_##name args                                                                \
	{                                                                                       \
		sqlite3_file *r = tf(file)->real;                                               \
		return r->pMethods->x##name(r, __VA_ARGS__);                                   \
	}

PASS(Lock, (sqlite3_file * file, int lock), lock)
PASS(Unlock, (sqlite3_file * file, int lock), lock)
PASS(CheckReservedLock, (sqlite3_file * file, int *out), out)

/* Passed through; a PRAGMA synchronous=… is noted on the way (SQLite
   hands every pragma to the VFS first), so a test can read back what the
   program set. */
static int t_FileControl(sqlite3_file *file, int op, void *arg)
{
	if (op == SQLITE_FCNTL_PRAGMA) {
		char **a = arg;
		if (a[1] && a[2] && sqlite3_stricmp(a[1], "synchronous") == 0) {
			pthread_mutex_lock(&mu);
			snprintf(synchronous, sizeof synchronous, "%s", a[2]);
			pthread_mutex_unlock(&mu);
		}
	}
	sqlite3_file *r = tf(file)->real;
	return r->pMethods->xFileControl(r, op, arg);
}
PASS(ShmMap, (sqlite3_file * file, int page, int size, int extend, void volatile **out), page,
     size, extend, out)
PASS(ShmLock, (sqlite3_file * file, int off, int n, int flags), off, n, flags)
PASS(ShmUnmap, (sqlite3_file * file, int del), del)

static int t_SectorSize(sqlite3_file *file)
{
	sqlite3_file *r = tf(file)->real;
	return r->pMethods->xSectorSize(r);
}

static int t_DeviceCharacteristics(sqlite3_file *file)
{
	sqlite3_file *r = tf(file)->real;
	return r->pMethods->xDeviceCharacteristics(r);
}

static void t_ShmBarrier(sqlite3_file *file)
{
	sqlite3_file *r = tf(file)->real;
	r->pMethods->xShmBarrier(r);
}

static const sqlite3_io_methods t_methods = {
	.iVersion = 2,
	.xClose = t_close,
	.xRead = t_read,
	.xWrite = t_write,
	.xTruncate = t_truncate,
	.xSync = t_sync,
	.xFileSize = t_file_size,
	.xLock = t_Lock,
	.xUnlock = t_Unlock,
	.xCheckReservedLock = t_CheckReservedLock,
	.xFileControl = t_FileControl,
	.xSectorSize = t_SectorSize,
	.xDeviceCharacteristics = t_DeviceCharacteristics,
	.xShmMap = t_ShmMap,
	.xShmLock = t_ShmLock,
	.xShmBarrier = t_ShmBarrier,
	.xShmUnmap = t_ShmUnmap,
};

static int t_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out)
{
	(void)vfs;
	struct tfile *f = tf(file);
	f->real = (sqlite3_file *)(f + 1);
	f->node = NULL;
	int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out);
	if (rc != SQLITE_OK) {
		f->base.pMethods = NULL;
		return rc;
	}
	if (name && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL))) {
		pthread_mutex_lock(&mu);
		struct node *n = nodes;
		while (n && strcmp(n->path, name) != 0)
			n = n->next;
		if (!n && (n = calloc(1, sizeof *n)) != NULL) {
			n->path = strdup(name);
			n->tail = &n->ops;
			n->next = nodes;
			nodes = n;
		}
		if (n)
			n->refs++;
		f->node = n;
		pthread_mutex_unlock(&mu);
		if (!n) {
			f->real->pMethods->xClose(f->real);
			f->base.pMethods = NULL;
			return SQLITE_NOMEM;
		}
	}
	f->base.pMethods = &t_methods;
	return SQLITE_OK;
}

static int t_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int t_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int t_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static int t_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xRandomness(real_vfs, n, out);
}

static int t_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return real_vfs->xSleep(real_vfs, us);
}

static int t_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return real_vfs->xCurrentTime(real_vfs, out);
}

static int t_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static int t_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xGetLastError(real_vfs, n, out);
}

static void write_counts(void)
{
	FILE *out = fopen(count_path, "w");
	if (!out)
		return;
	pthread_mutex_lock(&mu);
	fprintf(out, "writes %ld\nsyncs %ld\nsynchronous %s\n", n_writes, n_syncs, synchronous);
	pthread_mutex_unlock(&mu);
	fclose(out);
}

static void read_env(void)
{
	const char *b = getenv("TESTVFS_BUFFER");
	buffering = !b || !*b || strcmp(b, "0") == 0 ? BUFFER_OFF
		    : strcmp(b, "lie") == 0		 ? BUFFER_LIE
							 : BUFFER_ON;
	const char *sync = getenv("TESTVFS_SYNC");
	real_syncs = !sync || strcmp(sync, "0") != 0;
	const char *spec = getenv("TESTVFS_FAIL");
	if (spec && *spec) {
		char kind[8];
		long n;
		char plus = 0;
		if (sscanf(spec, "%7[a-z]:%ld%c", kind, &n, &plus) < 2 || n < 1 ||
		    (plus && plus != '+')) {
			fprintf(stderr, "testvfs: TESTVFS_FAIL must be write|full|sync:N[+]: %s\n",
				spec);
			abort();
		}
		fail_kind = strcmp(kind, "write") == 0  ? FAIL_WRITE
			    : strcmp(kind, "full") == 0 ? FAIL_FULL
			    : strcmp(kind, "sync") == 0 ? FAIL_SYNC
							: FAIL_NONE;
		if (fail_kind == FAIL_NONE) {
			fprintf(stderr, "testvfs: unknown failure kind %s\n", kind);
			abort();
		}
		fail_at = n;
		fail_sticky = plus == '+';
	}
	const char *c = getenv("TESTVFS_COUNT");
	if (c && *c) {
		count_path = c;
		atexit(write_counts);
	}
}

__attribute__((constructor)) static void testvfs_register(void)
{
	read_env();
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs) {
		fprintf(stderr, "testvfs: no default VFS\n");
		abort();
	}
	test_vfs = (sqlite3_vfs){
		.iVersion = 2,
		.szOsFile = (int)sizeof(struct tfile) + real_vfs->szOsFile,
		.mxPathname = real_vfs->mxPathname,
		.zName = "testvfs",
		.xOpen = t_open,
		.xDelete = t_delete,
		.xAccess = t_access,
		.xFullPathname = t_full_pathname,
		.xDlOpen = NULL,
		.xRandomness = t_randomness,
		.xSleep = t_sleep,
		.xCurrentTime = t_current_time,
		.xGetLastError = t_last_error,
		.xCurrentTimeInt64 = t_current_time_int64,
	};
	if (sqlite3_vfs_register(&test_vfs, 1) != SQLITE_OK) {
		fprintf(stderr, "testvfs: cannot register\n");
		abort();
	}
}
