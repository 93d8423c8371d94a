/* export — see export.h. */
#include "service/export.h"

#include <dirent.h>
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

#include "service/internal.h"
#include "store/whole.h"
#include "support/box.h"
#include "support/csvwrite.h"
#include "support/i18n.h"
#include "support/log.h"

#define SEALED_MARK "[chiffré]"
#define UNREADABLE_MARK "[illisible]"
#define FLUSH_AT (1u << 20) /* bytes of CSV kept before writing them out */

/* What each table holds, for LISEZMOI.md (a table missing here is still
   exported and described by its columns). */
static const struct {
	const char *table;
	const char *about;
} tables_about[] = {
	{"aids", "Aides financières demandées pour une personne (montant, organisme, décision)."},
	{"appointments", "Rendez-vous pris sur les permanences des travailleurs sociaux."},
	{"assignments", "Quels travailleurs sociaux servent quelles collectivités."},
	{"attachment_chunks", "Contenu des pièces jointes, chiffré par morceaux avec la clé propre "
			      "à chaque fichier (jamais déchiffré ici)."},
	{"attachments", "Pièces jointes d'une situation : type, taille, dates ; nom, titre, clé du "
			"fichier et motif de suppression chiffrés."},
	{"audit_log", "Journal d'accès (CNIL) : qui a fait quoi sur quel dossier, quand et "
		      "d'où ; chaîné par hachage (prev_hash, hash), jamais modifié."},
	{"bilan_publications", "Bilans annuels publiés pour les employeurs (instantanés figés)."},
	{"budget_lines", "Lignes des budgets familiaux (libellé chiffré, montant)."},
	{"budgets", "Budgets familiaux établis pour une situation."},
	{"calendar_feeds", "Abonnements iCalendar privés des agendas."},
	{"case_domains", "Domaines d'intervention (thèmes) de chaque situation."},
	{"cases", "Situations suivies (dossiers) : ouverture, clôture, diagnostic et plan "
		  "d'action chiffrés."},
	{"collective_action_partners", "Partenaires associés à chaque action collective."},
	{"collective_actions", "Actions collectives (réunions d'information, ateliers)."},
	{"consent_changes", "Historique des consentements des personnes (accompagnement, "
			    "statistiques) : donné ou retiré, à partir de quelle date, quand et par "
			    "quel compte ; jamais modifié."},
	{"conventions", "Conventions des collectivités : heures achetées par année."},
	{"device_cookies", "Témoins d'appareil des connexions réussies (jetons hachés), qui "
			   "dispensent du délai propre à l'identifiant."},
	{"employee_requests", "Demandes de contact déposées par des agents (identité et "
			      "message chiffrés)."},
	{"employer_request_replies", "Réponses du service aux demandes des employeurs."},
	{"employer_requests", "Demandes d'intervention envoyées par les employeurs."},
	{"erasure_requests", "Demandes d'effacement d'une personne (droit à l'effacement) : qui "
			     "les a faites et décidées, motif chiffré."},
	{"headcounts", "Effectifs de chaque collectivité par année."},
	{"interventions", "Entretiens et interventions d'une situation (notes chiffrées)."},
	{"job_retention", "Maintien dans l'emploi : suivis, aménagements (description chiffrée)."},
	{"login_failures", "Échecs de connexion (ancien verrouillage des comptes, plus écrit)."},
	{"organisations", "Collectivités employeurs adhérentes au service."},
	{"orientations", "Orientations vers des partenaires (motif chiffré)."},
	{"partners", "Annuaire des partenaires (organismes, contacts professionnels)."},
	{"permanence_exceptions", "Permanences annulées ponctuellement."},
	{"permanences", "Permanences des travailleurs sociaux (lieu, jours, horaires)."},
	{"person_corrections", "Rectifications demandées par les personnes : qui, quand, quels "
			       "champs (jamais leur valeur), motif chiffré."},
	{"persons", "Personnes accompagnées : identité, situation, consentements."},
	{"record_corrections", "Corrections et suppressions d'enregistrements (interventions, "
			       "aides, rendez-vous, levées du secret) : qui, quand, quels champs (jamais leur "
			       "valeur), motif chiffré ; une suppression y laisse sa trace."},
	{"ref_items", "Listes de référence modifiables (codes et libellés)."},
	{"request_link_hits", "Usage des liens publics de demande (limitation)."},
	{"request_links", "Liens publics de demande des collectivités."},
	{"schema_migrations", "Versions du schéma appliquées à la base."},
	{"secrecy_liftings", "Levées du secret professionnel (signalement, information "
			     "préoccupante, réquisition) : type, fondement, date ; destinataire et "
			     "contenu transmis chiffrés."},
	{"sessions", "Sessions ouvertes (jetons hachés)."},
	{"settings", "Réglages du service (dont la valeur de contrôle de la clé maîtresse)."},
	{"shares", "Partages temporaires d'une situation avec un autre travailleur social."},
	{"sick_leaves", "Arrêts de travail (maintien dans l'emploi)."},
	{"therapeutic_part_times", "Temps partiels thérapeutiques (maintien dans l'emploi)."},
	{"throttle_addresses", "Échecs de connexion récents par adresse (délai progressif)."},
	{"throttle_logins", "Échecs de connexion récents par identifiant (empreinte à clé) et "
			    "adresse (délai progressif)."},
	{"letter_templates", "Modèles de courriers du service (documents ODT, sans donnée "
			     "personnelle)."},
	{"letters", "Courriers générés dans les suivis : titre et document ODT chiffrés."},
	{"time_entries", "Temps passé par collectivité et par activité."},
	{"users", "Comptes des utilisateurs (mots de passe hachés, rôles)."},
};

static const char *about(const char *table)
{
	for (size_t i = 0; i < sizeof tables_about / sizeof tables_about[0]; i++)
		if (strcmp(tables_about[i].table, table) == 0)
			return tables_about[i].about;
	return _("(table sans description)");
}

struct exporting {
	svc *s;
	store *db;
	const char *dir;   /* the temporary directory being filled */
	int decrypt;
	export_progress_fn fn;
	void *ctx;
	buf readme;        /* LISEZMOI.md */
	buf columns;       /* colonnes.csv */
	buf csv;           /* the current table's CSV, flushed at FLUSH_AT */
	int fd;            /* the current table's file */
	const char *table; /* its name */
	struct store_column cols[STORE_COLUMNS_MAX];
	int ncols;
	int keys[STORE_KEY_COLUMNS]; /* the row key's columns (store_row_key_columns) */
	int nkeys;
	int64_t rows;
	int64_t unreadable; /* sealed values that did not open */
	int schema;        /* schema version, read before the transaction */
	int failed;        /* a write failed: errno is in err */
	char *err;
	size_t errlen;
};

/* Writes b out to fd and empties it; 0 or -1. */
static int flush(int fd, buf *b)
{
	size_t at = 0;
	while (at < b->len) {
		ssize_t n = write(fd, b->data + at, b->len - at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		at += (size_t)n;
	}
	buf_reset(b);
	return 0;
}

static void sealed_field(struct exporting *e, const store_row *row, int col)
{
	size_t n = 0;
	const void *d = store_row_blob(row, col, &n);
	if (!d)
		return;
	/* An attachment's chunks stay encrypted under the file's own key. */
	if (!e->decrypt || !store_blobs_sealed(e->table)) {
		buf_puts(&e->csv, SEALED_MARK);
		return;
	}
	/* Bound to its row: "table.column#key" (service/internal.h). */
	char aad[SVC_AAD_LEN];
	int at = snprintf(aad, sizeof aad, "%s.%s#", e->table, e->cols[col].name);
	for (int k = 0; k < e->nkeys && at > 0 && (size_t)at < sizeof aad; k++) {
		const char *v = store_row_text(row, e->keys[k]);
		at += snprintf(aad + at, sizeof aad - (size_t)at, "%s%s", k ? "/" : "", v ? v : "");
	}
	char *plain = calloc(1, n + 1);
	if (!plain)
		log_fatal("out of memory");
	int opened = n > BOX_OVERHEAD && box_open(e->s->app->text_key, aad, d, n, plain) == 0;
	/* A value bound to its row ("table.column#id", svc_aad). */
	for (int i = 0; !opened && n > BOX_OVERHEAD && i < e->ncols; i++)
		if (strcmp(e->cols[i].name, "id") == 0) {
			char bound[SVC_AAD_LEN];
			svc_aad(bound, aad, store_row_int(row, i));
			opened = box_open(e->s->app->text_key, bound, d, n, plain) == 0;
		}
	if (opened) {
		csv_field_exact(&e->csv, plain);
	} else {
		buf_puts(&e->csv, UNREADABLE_MARK);
		e->unreadable++;
	}
	sodium_memzero(plain, n + 1);
	free(plain);
}

static int export_row(void *ctx, const store_row *row)
{
	struct exporting *e = ctx;
	for (int i = 0; i < e->ncols; i++) {
		if (i)
			csv_sep(&e->csv);
		if (e->cols[i].blob)
			sealed_field(e, row, i);
		else
			csv_field_exact(&e->csv, store_row_text(row, i));
	}
	csv_end(&e->csv);
	e->rows++;
	if (e->csv.len >= FLUSH_AT && flush(e->fd, &e->csv) != 0) {
		e->failed = 1;
		return 1;
	}
	return 0;
}

static void describe(struct exporting *e)
{
	buf *r = &e->readme;
	buf_printf(r, "\n## %s\n\n%s\n\nFichier `%s.csv`, %" PRId64 " ligne(s).\n\n", e->table,
		   about(e->table), e->table, e->rows);
	buf_puts(r, "| colonne | type | obligatoire | clé primaire | référence | chiffrée |\n"
		    "| --- | --- | --- | --- | --- | --- |\n");
	for (int i = 0; i < e->ncols; i++) {
		const struct store_column *c = &e->cols[i];
		char pk[16] = "";
		if (c->pk)
			snprintf(pk, sizeof pk, "%d", c->pk);
		buf_printf(r, "| %s | %s | %s | %s | %s | %s |\n", c->name, c->type,
			   c->not_null ? "oui" : "non", pk, c->ref, c->blob ? "oui" : "non");
		/* Nothing (not "") where there is no key position or reference. */
		const char *fields[] = {e->table, c->name, c->type, c->not_null ? "1" : "0",
					pk[0] ? pk : NULL, c->ref[0] ? c->ref : NULL,
					c->blob ? "1" : "0"};
		for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
			if (k)
				csv_sep(&e->columns);
			csv_field_exact(&e->columns, fields[k]);
		}
		csv_end(&e->columns);
	}
}

/* Creates dir/name (0600, must not exist); the descriptor, or -1 with err. */
static int create_in(struct exporting *e, const char *name)
{
	char path[4096];
	int fd = -1;
	if ((size_t)snprintf(path, sizeof path, "%s/%s", e->dir, name) < sizeof path)
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		snprintf(e->err, e->errlen, _("%s/%s impossible à créer : %s"), e->dir, name,
			 strerror(errno));
	return fd;
}

/* Writes a whole buffer as dir/name, synced; 0 or -1 with err. */
static int write_file(struct exporting *e, const char *name, buf *b)
{
	int fd = create_in(e, name);
	if (fd < 0)
		return -1;
	int rc = flush(fd, b) == 0 && fsync(fd) == 0 ? 0 : -1;
	if (rc != 0)
		snprintf(e->err, e->errlen, _("écriture de %s impossible : %s"), name,
			 strerror(errno));
	close(fd);
	return rc;
}

static int export_table(void *ctx, const char *table)
{
	struct exporting *e = ctx;
	e->table = table;
	e->rows = 0;
	if (store_table_columns(e->db, table, e->cols, STORE_COLUMNS_MAX, &e->ncols) != STORE_OK) {
		snprintf(e->err, e->errlen, _("table %s illisible : %s"), table,
			 store_errmsg(e->db));
		return 1;
	}
	e->nkeys = store_row_key_columns(e->cols, e->ncols, e->keys);
	char name[STORE_NAME_MAX + 8];
	snprintf(name, sizeof name, "%s.csv", table);
	e->fd = create_in(e, name);
	if (e->fd < 0)
		return 1;
	buf_reset(&e->csv);
	for (int i = 0; i < e->ncols; i++) {
		if (i)
			csv_sep(&e->csv);
		csv_field_exact(&e->csv, e->cols[i].name);
	}
	csv_end(&e->csv);
	int rc = store_table_scan(e->db, table, export_row, e);
	if (rc != STORE_OK)
		snprintf(e->err, e->errlen, _("table %s illisible : %s"), table, store_errmsg(e->db));
	else if (e->failed || flush(e->fd, &e->csv) != 0 || fsync(e->fd) != 0)
		snprintf(e->err, e->errlen, _("écriture de %s impossible : %s"), name,
			 strerror(errno));
	else
		e->failed = 0;
	int bad = rc != STORE_OK || e->err[0];
	close(e->fd);
	e->fd = -1;
	if (bad)
		return 1;
	describe(e);
	if (e->fn)
		e->fn(e->ctx, table, e->rows);
	return 0;
}

/* Removes dir and the files in it (a failed export's temporary directory). */
static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *de;
		char path[4096];
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0 &&
			    (size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) < sizeof path)
				unlink(path);
		closedir(d);
	}
	rmdir(dir);
}

/* 1 when dir does not exist or is an empty directory. */
static int free_target(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT;
	int empty = 1;
	struct dirent *de;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

static void readme_head(struct exporting *e)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm) || strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(when, sizeof when, "?");
	buf_printf(
		&e->readme,
		"# Export complet de la base relais\n\n"
		"Exporté le %s, schéma version %d, base %s.\n\n"
		"Chaque table de la base est un fichier `TABLE.csv` (RFC 4180 : virgules, fins de "
		"ligne CRLF, UTF-8) dont la première ligne nomme les colonnes ; les lignes suivent "
		"l'ordre de la clé primaire. Une valeur absente (NULL) est un champ vide, un texte "
		"vide est `\"\"`. Les valeurs sont telles qu'en base, sans retouche : les dates sont "
		"au format AAAA-MM-JJ, les instants en secondes Unix (UTC), les montants en "
		"centimes, les booléens 0 ou 1.\n\n"
		"Les colonnes « chiffrées » contiennent des textes chiffrés au repos avec la clé "
		"maîtresse. %s\n\n"
		"`colonnes.csv` reprend la description ci-dessous pour un programme (table, colonne, "
		"type, obligatoire, position dans la clé primaire, référence, chiffrée).\n\n"
		"Attention : ces fichiers contiennent des données personnelles et, le cas échéant, "
		"des données de santé. Conservez-les chiffrés et détruisez-les après usage.\n",
		when, e->schema,
		store_kind(e->db) == STORE_SQLITE ? "SQLite" : "PostgreSQL",
		e->decrypt ? "Elles ont été déchiffrées pour cet export (option --decrypt) ; une "
			     "valeur qui ne s'ouvrait pas est marquée `" UNREADABLE_MARK "`."
			   : "Elles ne sont pas déchiffrées dans cet export : chaque valeur présente "
			     "est remplacée par `" SEALED_MARK "` (relais export --decrypt les "
			     "déchiffre avec la clé maîtresse).");
}

int export_base(app *a, const char *dir, int decrypt, export_progress_fn fn, void *ctx, char *err,
		size_t errlen)
{
	err[0] = '\0';
	if (!free_target(dir)) {
		snprintf(err, errlen, _("%s existe et n'est pas un dossier vide"), dir);
		return -1;
	}
	size_t n = strlen(dir) + 16;
	char *tmp = malloc(n);
	if (!tmp)
		log_fatal("out of memory");
	snprintf(tmp, n, "%s.tmp-XXXXXX", dir);
	if (!mkdtemp(tmp)) {
		snprintf(err, errlen, _("dossier %s impossible à créer : %s"), tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	struct exporting e;
	memset(&e, 0, sizeof e);
	e.s = svc_open_system(a);
	e.dir = tmp;
	e.decrypt = decrypt;
	e.fn = fn;
	e.ctx = ctx;
	e.fd = -1;
	e.err = err;
	e.errlen = errlen;
	buf_init(&e.readme, 0);
	buf_init(&e.columns, 0);
	buf_init(&e.csv, 0);
	buf_puts(&e.columns, "table,colonne,type,obligatoire,cle_primaire,reference,chiffree\r\n");
	int rc = -1;
	/* One transaction: the tables as of one moment, with their audit entry. */
	e.db = svc_db(e.s);
	e.schema = e.db ? store_schema_version(e.db) : -1;
	if (!e.db || svc_tx_begin(e.s) != STORE_OK ||
	    svc_audit(e.s, "export.full", "base", decrypt ? "decrypted" : "sealed") != 0) {
		snprintf(err, errlen, _("impossible d'inscrire l'export au journal d'accès"));
		goto out;
	}
	readme_head(&e);
	if (store_tables(e.db, export_table, &e) != STORE_OK && !err[0])
		snprintf(err, errlen, _("liste des tables illisible : %s"), store_errmsg(e.db));
	if (err[0])
		goto out;
	if (write_file(&e, "LISEZMOI.md", &e.readme) != 0 ||
	    write_file(&e, "colonnes.csv", &e.columns) != 0)
		goto out;
	if (svc_tx_commit(e.s) != STORE_OK) {
		snprintf(err, errlen, _("impossible d'inscrire l'export au journal d'accès"));
		goto out;
	}
	/* An empty target directory gives way to the finished export. */
	rmdir(dir);
	if (rename(tmp, dir) != 0) {
		snprintf(err, errlen, _("%s impossible à créer : %s"), dir, strerror(errno));
		goto out;
	}
	if (e.unreadable)
		log_warn("export: %" PRId64 " sealed value(s) did not open with the master key",
			 e.unreadable);
	rc = 0;
out:
	if (rc != 0) {
		svc_tx_rollback(e.s);
		remove_tree(tmp);
	}
	svc_close(e.s);
	buf_free(&e.readme);
	buf_free(&e.columns);
	buf_free(&e.csv);
	free(tmp);
	return rc;
}
