/* backup — see backup.h. */
#include "service/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "service/audit.h"
#include "service/internal.h"
#include "service/sealed.h"
#include "store/whole.h"
#include "support/fsync.h"
#include "support/i18n.h"
#include "support/log.h"

static const char *kind_name(enum store_kind k)
{
	return k == STORE_SQLITE ? "sqlite" : "postgresql";
}

/* Loads the backup key, refusing the master key itself; 0 or -1 with err. */
static int backup_key_load(const char *path, const char *master_path,
			   uint8_t key[SEC_KEY_BYTES], char *err, size_t errlen)
{
	if (!path) {
		snprintf(err, errlen, _("--backup-key est obligatoire (créez la clé de sauvegarde "
					"avec `relais backup --new-key FICHIER`)"));
		return -1;
	}
	char why[512];
	if (sec_key_load(path, key, why, sizeof why) != 0) {
		snprintf(err, errlen, _("clé de sauvegarde illisible : %s"), why);
		return -1;
	}
	uint8_t master[SEC_KEY_BYTES];
	int same = master_path && sec_key_load(master_path, master, why, sizeof why) == 0 &&
		   sodium_memcmp(master, key, SEC_KEY_BYTES) == 0;
	sodium_memzero(master, sizeof master);
	if (same) {
		sodium_memzero(key, SEC_KEY_BYTES);
		snprintf(err, errlen,
			 _("la clé de sauvegarde est la clé maîtresse : créez-en une distincte avec "
			   "`relais backup --new-key FICHIER` et gardez-la à part"));
		return -1;
	}
	return 0;
}

/* A temporary file made with mkstemp from pattern (…XXXXXX), 0600. */
static FILE *temp_file(char *pattern, char *err, size_t errlen)
{
	int fd = mkstemp(pattern);
	FILE *f = fd >= 0 ? fdopen(fd, "w+b") : NULL;
	if (!f) {
		snprintf(err, errlen, _("fichier temporaire %s impossible à créer : %s"), pattern,
			 strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(pattern);
		}
	}
	return f;
}

/* ---- backup ---- */

struct writing {
	FILE *out;
	const uint8_t *key;
	enum store_kind kind;
	bk_writer *w;
	struct bk_header h;
	char *err;
	size_t errlen;
};

static int on_snapshot(void *ctx, const struct store_snapshot *snap)
{
	struct writing *wr = ctx;
	snprintf(wr->h.kind, sizeof wr->h.kind, "%s", kind_name(wr->kind));
	wr->h.version = BKFILE_VERSION;
	wr->h.created = (int64_t)time(NULL);
	wr->h.audit_seq = snap->audit_seq;
	snprintf(wr->h.audit_hash, sizeof wr->h.audit_hash, "%s", snap->audit_hash);
	wr->h.schema = snap->schema;
	bk_key_id(wr->key, wr->h.key_id);
	wr->w = bk_write_open(wr->out, wr->key, &wr->h, wr->err, wr->errlen);
	return wr->w ? 0 : -1;
}

static int write_bytes(void *ctx, const void *data, size_t n)
{
	struct writing *wr = ctx;
	return bk_write(wr->w, data, n, wr->err, wr->errlen);
}

/* Appends one audit entry for the command line in its own transaction;
   0, or -1 with err (failure, French). */
static int audit_cli(app *a, const char *action, const char *object, const char *failure,
		     char *err, size_t errlen)
{
	svc *s = svc_open_system(a);
	int rc = svc_db(s) && svc_tx_begin(s) == STORE_OK &&
			 svc_audit(s, action, "backup", object) == 0 && svc_tx_commit(s) == STORE_OK
		 ? 0
		 : -1;
	if (rc != 0) {
		svc_abort(s, action);
		snprintf(err, errlen, "%s", failure);
	}
	svc_close(s);
	return rc;
}

int backup_create(app *a, const char *backup_key_file, const char *to, struct bk_header *out,
		  char *err, size_t errlen)
{
	uint8_t key[SEC_KEY_BYTES];
	if (backup_key_load(backup_key_file, a->key_file, key, err, errlen) != 0)
		return -1;
	int rc = -1;
	FILE *f = NULL;
	size_t tlen = strlen(to) + 16;
	char *tmp = malloc(tlen);
	if (!tmp)
		log_fatal("out of memory");
	snprintf(tmp, tlen, "%s.tmp-XXXXXX", to);
	if (access(to, F_OK) == 0) {
		snprintf(err, errlen, _("%s existe déjà : choisissez un autre nom de fichier"), to);
		goto out;
	}
	/* The backup.create entry, before the snapshot so that it is in it. */
	const char *base = strrchr(to, '/');
	if (audit_cli(a, "backup.create", base ? base + 1 : to,
		      _("impossible d'inscrire la sauvegarde au journal d'accès"), err, errlen) != 0 ||
	    !(f = temp_file(tmp, err, errlen)))
		goto out;
	struct writing wr = {f, key, store_uri_kind(a->db), NULL, {0}, err, errlen};
	char why[512] = "";
	if (store_backup(a->db, on_snapshot, write_bytes, &wr, why, sizeof why) != 0) {
		if (why[0])
			snprintf(err, errlen, _("la copie de la base a échoué : %s"), why);
		bk_write_abort(wr.w);
		goto out;
	}
	if (bk_write_close(wr.w, err, errlen) != 0)
		goto out;
	if (fflush(f) != 0 || fsync(fileno(f)) != 0 || rename(tmp, to) != 0) {
		snprintf(err, errlen, _("écriture de %s impossible : %s"), to, strerror(errno));
		goto out;
	}
	fsync_dir_of(to); /* best effort: the backup is in place */
	if (out)
		*out = wr.h;
	rc = 0;
out:
	if (f) {
		fclose(f);
		if (rc != 0)
			unlink(tmp);
	}
	free(tmp);
	sodium_memzero(key, sizeof key);
	return rc;
}

/* ---- restore ---- */

static int write_plain(void *ctx, const void *data, size_t n)
{
	return fwrite(data, 1, n, ctx) == n ? 0 : -1;
}

/* Decrypts `from` into the open temporary file tmp; 0 or -1 with err. */
static int decrypt_to(const char *from, const uint8_t key[SEC_KEY_BYTES], FILE *tmp,
		      struct bk_header *h, enum store_kind kind, char *err, size_t errlen)
{
	FILE *in = fopen(from, "rb");
	if (!in) {
		snprintf(err, errlen, _("%s illisible : %s"), from, strerror(errno));
		return -1;
	}
	int rc = -1;
	/* The header first: a backup of the other kind is not worth decrypting. */
	if (bk_read_header(in, h, err, errlen) != 0)
		goto out;
	if (strcmp(h->kind, kind_name(kind)) != 0) {
		snprintf(err, errlen,
			 _("cette sauvegarde est celle d'une base %s : elle ne peut être restaurée "
			   "que dans une base du même type"),
			 h->kind);
		goto out;
	}
	if (h->schema > store_latest_version()) {
		snprintf(err, errlen,
			 _("cette sauvegarde vient d'une version plus récente de relais (schéma %d, "
			   "celle-ci connaît le %d)"),
			 h->schema, store_latest_version());
		goto out;
	}
	rewind(in);
	if (bk_read_all(in, key, h, write_plain, tmp, err, errlen) != 0)
		goto out;
	if (fflush(tmp) != 0 || fsync(fileno(tmp)) != 0) {
		snprintf(err, errlen, _("écriture des données restaurées impossible : %s"),
			 strerror(errno));
		goto out;
	}
	rc = 0;
out:
	fclose(in);
	return rc;
}

int backup_restore(const char *db, const char *key_file, const char *backup_key_file,
		   const char *from, int force, struct bk_header *out, char *err, size_t errlen)
{
	char kbuf[4096];
	const char *master = key_file ? key_file : app_default_key_file(db, kbuf, sizeof kbuf);
	if (!master) {
		snprintf(err, errlen, _("--key-file est obligatoire avec PostgreSQL"));
		return -1;
	}
	uint8_t key[SEC_KEY_BYTES];
	if (backup_key_load(backup_key_file, master, key, err, errlen) != 0)
		return -1;
	enum store_kind kind = store_uri_kind(db);
	char why[512] = "";
	int rc = -1;
	FILE *tmp = NULL;
	char *path = NULL;
	if (!force) {
		int holds = store_holds_data(db, why, sizeof why);
		if (holds != 0) {
			if (holds > 0)
				snprintf(err, errlen,
					 _("la base cible %s contient déjà des données : rien n'a été "
					   "modifié (--force pour la remplacer)"),
					 db);
			else
				snprintf(err, errlen, _("base cible illisible : %s"), why);
			goto out;
		}
	}
	/* SQLite: next to the target, for the rename; PostgreSQL: a private
	   temporary file that pg_restore reads. */
	if (kind == STORE_SQLITE) {
		size_t n = strlen(db) + 32;
		path = malloc(n);
		if (path)
			snprintf(path, n, "%s.restore-XXXXXX", db);
	} else {
		const char *dir = getenv("TMPDIR");
		size_t n = strlen(dir && *dir ? dir : "/tmp") + 32;
		path = malloc(n);
		if (path)
			snprintf(path, n, "%s/relais-restore-XXXXXX", dir && *dir ? dir : "/tmp");
	}
	if (!path)
		log_fatal("out of memory");
	if (!(tmp = temp_file(path, err, errlen)))
		goto out;
	if (decrypt_to(from, key, tmp, out, kind, err, errlen) != 0)
		goto out;
	fclose(tmp);
	tmp = NULL;
	/* SQLite: the master key must open the copy before it replaces anything. */
	if (kind == STORE_SQLITE && app_key_check(path, master, why, sizeof why) != 0) {
		snprintf(err, errlen,
			 _("la clé maîtresse %s n'ouvre pas cette sauvegarde : rien n'a été modifié "
			   "(%s)"),
			 master, why);
		goto out;
	}
	if (store_restore(db, path, why, sizeof why) != 0) {
		snprintf(err, errlen, _("la restauration a échoué : %s"), why);
		goto out;
	}
	rc = 0;
out:
	if (tmp)
		fclose(tmp);
	/* SQLite's copy was renamed over the target on success. */
	if (path && (rc != 0 || kind != STORE_SQLITE)) {
		unlink(path);
		if (kind == STORE_SQLITE) {
			char side[4096];
			snprintf(side, sizeof side, "%s-wal", path);
			unlink(side);
			snprintf(side, sizeof side, "%s-shm", path);
			unlink(side);
		}
	}
	free(path);
	sodium_memzero(key, sizeof key);
	return rc;
}

int backup_note_restore(app *a, const struct bk_header *h, char *err, size_t errlen)
{
	char object[128];
	snprintf(object, sizeof object, "created=%" PRId64 ";audit_seq=%" PRId64, h->created,
		 h->audit_seq);
	return audit_cli(a, "backup.restore", object,
			 _("impossible d'inscrire la restauration au journal d'accès"), err, errlen);
}

/* ---- check ---- */

struct sealed_report {
	check_report_fn fn;
	void *ctx;
};

/* Each sealed value that does not open, as a failed check of its own. */
static void sealed_bad(void *ctx, const char *table, const char *column, const char *key)
{
	struct sealed_report *r = ctx;
	char detail[400];
	snprintf(detail, sizeof detail,
		 _("%s.%s, ligne %s : ne s'ouvre pas (déplacée d'une autre ligne, altérée ou "
		   "scellée sous une autre clé)"),
		 table, column, key);
	r->fn(r->ctx, _("valeur scellée altérée"), 0, detail);
}

/* Every sealed value of every table opens where it is; the failures. */
static int check_sealed(svc *s, check_report_fn fn, void *ctx)
{
	char detail[200];
	struct sealed_report r = {fn, ctx};
	struct sealed_counts n = {0, 0, 0};
	struct sealed_place none = {NULL, SEALED_BY_ROW}, here = {s->app->text_key, SEALED_BY_ROW};
	store *db = svc_db(s);
	int rc = db ? sealed_rebind(db, none, here, NULL, 0, sealed_bad, &r, &n) : -1;
	if (rc != 0)
		snprintf(detail, sizeof detail, _("lecture impossible : %s"),
			 db ? store_errmsg(db) : "");
	else if (n.bad)
		snprintf(detail, sizeof detail,
			 P_("%" PRId64 " valeur sur %" PRId64 " ne s'ouvre pas",
			    "%" PRId64 " valeurs sur %" PRId64 " ne s'ouvrent pas", n.bad),
			 n.bad, n.values);
	else
		snprintf(detail, sizeof detail,
			 P_("%" PRId64 " valeur, chacune s'ouvre à sa place",
			    "%" PRId64 " valeurs, chacune s'ouvre à sa place", n.values),
			 n.values);
	fn(ctx, _("valeurs scellées"), rc == 0 && n.bad == 0, detail);
	return rc != 0 || n.bad != 0;
}

static int int_row(void *ctx, const store_row *row)
{
	*(int64_t *)ctx = store_row_int(row, SCALAR_COL_VALUE);
	return 0;
}

/* Each person's span of activity (migration 33) covers her dates: one
   organisation's bilan finds its persons through it, so a person left
   outside (the database changed behind the triggers' back) would be
   missing from her organisation's figures. */
static int check_spans(svc *s, check_report_fn fn, void *ctx)
{
	char detail[200];
	int64_t n = -1;
	store *db = svc_db(s);
	int rc = db && store_exec(db, ST_PERSON_SPANS_UNCOVERED, NULL, 0, int_row, &n) == STORE_OK
			 ? 0
			 : -1;
	if (rc != 0)
		snprintf(detail, sizeof detail, _("lecture impossible : %s"),
			 db ? store_errmsg(db) : "");
	else if (n != 0)
		snprintf(detail, sizeof detail,
			 P_("%" PRId64 " personne a des dates hors de sa période d'activité : "
			    "les bilans par organisation l'oublieraient",
			    "%" PRId64 " personnes ont des dates hors de leur période d'activité : "
			    "les bilans par organisation les oublieraient",
			    n),
			 n);
	else
		snprintf(detail, sizeof detail,
			 _("chaque personne a toutes ses dates dans sa période d'activité"));
	fn(ctx, _("périodes d'activité des personnes"), rc == 0 && n == 0, detail);
	return rc != 0 || n != 0;
}

int backup_check(const char *db, const char *key_file, const char *anchor, check_report_fn fn,
		 void *ctx)
{
	char msg[512] = "", detail[600];
	int failed = 0;
	store *st = NULL;
	if (store_uri_kind(db) == STORE_SQLITE && access(db, F_OK) != 0) {
		snprintf(detail, sizeof detail, _("la base %s n'existe pas"), db);
		fn(ctx, _("intégrité de la base"), 0, detail);
		return 4;
	}
	int sound = 0, version = -1;
	if (store_open(db, &st, msg, sizeof msg) == 0) {
		if (store_integrity(st, &sound, msg, sizeof msg) != STORE_OK)
			sound = 0;
		version = store_schema_version(st);
	}
	store_close(st);
	fn(ctx, _("intégrité de la base"), sound, sound ? _("aucune anomalie") : msg);
	failed += !sound;

	int current = version == store_latest_version();
	if (version < 0)
		snprintf(detail, sizeof detail, _("version illisible"));
	else if (current)
		snprintf(detail, sizeof detail, _("version %d, celle de ce relais"), version);
	else
		snprintf(detail, sizeof detail,
			 _("version %d, ce relais attend la %d (relais init --db … la met à jour)"),
			 version, store_latest_version());
	fn(ctx, _("version du schéma"), current, detail);
	failed += !current;

	int key_ok = app_key_check(db, key_file, msg, sizeof msg) == 0;
	fn(ctx, _("clé maîtresse"), key_ok,
	   key_ok ? _("elle ouvre la valeur scellée à l'initialisation") : msg);
	failed += !key_ok;

	/* The chain's hashes are keyed by the master key: it needs both. */
	int chain_ok = 0, sealed_failed = 1, spans_failed = 1;
	app *a = NULL;
	struct app_config cfg = {
		.db = db, .key_file = key_file, .anchor_file = anchor, .connections = 1};
	if (!key_ok || !current) {
		snprintf(detail, sizeof detail, _("non vérifiée : il faut la bonne clé et le bon schéma"));
	} else if (app_open(&cfg, &a, msg, sizeof msg) != 0) {
		snprintf(detail, sizeof detail, "%s", msg);
	} else {
		svc *s = svc_open_system(a);
		struct audit_check c;
		const char *own = app_anchor_file(a);
		if (audit_verify_anchors(s, &own, 1, &c) != SVC_OK) {
			snprintf(detail, sizeof detail, _("journal illisible"));
		} else if (c.first_bad) {
			snprintf(detail, sizeof detail, _("chaîne rompue à l'entrée %" PRId64 " : %s"),
				 c.first_bad, c.why);
		} else if (c.tamper) {
			/* The first tampering named (relais audit verify lists them all). */
			unsigned f = c.tamper & -c.tamper;
			snprintf(detail, sizeof detail, _("journal altéré : %s (ancre %s)"),
				 _(audit_tamper_name(f)), own);
		} else {
			chain_ok = 1;
			snprintf(detail, sizeof detail,
				 P_("%" PRId64 " entrée, chaîne intacte, ancrée jusqu'à l'entrée %" PRId64,
				    "%" PRId64 " entrées, chaîne intacte, ancrée jusqu'à l'entrée %" PRId64,
				    c.rows),
				 c.rows, c.anchored);
		}
		fn(ctx, _("chaîne du journal d'accès"), chain_ok, detail);
		sealed_failed = check_sealed(s, fn, ctx);
		spans_failed = check_spans(s, fn, ctx);
		svc_close(s);
	}
	if (!a) {
		fn(ctx, _("chaîne du journal d'accès"), chain_ok, detail);
		fn(ctx, _("valeurs scellées"), 0, detail);
		fn(ctx, _("périodes d'activité des personnes"), 0, detail);
	}
	app_close(a);
	failed += !chain_ok + sealed_failed + spans_failed;
	return failed;
}
