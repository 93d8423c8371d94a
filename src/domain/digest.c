/* digest — see digest.h. */
#include "domain/digest.h"

#include <inttypes.h>
#include <string.h>

#include "support/i18n.h"

const char digest_subject[] = "relais : ce qui vous attend aujourd'hui";

/* The subject in RFC 2047 form (UTF-8, "Q" encoding): fixed, so written
   once here rather than encoded at each message. */
static const char subject_encoded[] =
    "=?UTF-8?Q?relais_=3A_ce_qui_vous_attend_aujourd=27hui?=";

void digest_count(struct digest_counts *c, const char *kind, int64_t n)
{
	static const struct {
		const char *kind;
		size_t offset;
	} kinds[] = {
	    {"employee_request", offsetof(struct digest_counts, requests)},
	    {"employer_request", offsetof(struct digest_counts, requests)},
	    {"appointment", offsetof(struct digest_counts, appointments)},
	    {"aid_waiting", offsetof(struct digest_counts, aids)},
	    {"orientation_waiting", offsetof(struct digest_counts, orientations)},
	    {"no_contact", offsetof(struct digest_counts, no_contact)},
	    {"long_leave", offsetof(struct digest_counts, long_leave)},
	    {"share_ending", offsetof(struct digest_counts, shares)},
	};
	if (!kind || n <= 0)
		return;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kind, kinds[i].kind) == 0) {
			*(int64_t *)((char *)c + kinds[i].offset) += n;
			return;
		}
}

int64_t digest_total(const struct digest_counts *c)
{
	return c->requests + c->appointments + c->aids + c->orientations + c->no_contact +
	       c->long_leave + c->shares;
}

/* Printable ASCII other than space, quotes, angle brackets, backslash. */
static int plain(unsigned char ch)
{
	return ch > 0x20 && ch < 0x7f && !strchr("\"'<>\\`", ch);
}

int digest_address_valid(const char *address)
{
	if (!address)
		return 0;
	size_t n = strlen(address);
	if (n < 3 || n > DIGEST_ADDRESS_MAX || address[0] == '-')
		return 0;
	const char *at = strchr(address, '@');
	if (!at || at == address || !at[1] || strchr(at + 1, '@'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!plain((unsigned char)address[i]) || address[i] == ',' || address[i] == ';' ||
		    address[i] == '(' || address[i] == ')')
			return 0;
	return 1;
}

int digest_url_valid(const char *url)
{
	if (!url)
		return 0;
	size_t n = strlen(url);
	const char *rest = strncmp(url, "https://", 8) == 0  ? url + 8
			   : strncmp(url, "http://", 7) == 0 ? url + 7
							     : NULL;
	if (!rest || !*rest || *rest == '/' || n > DIGEST_URL_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!plain((unsigned char)url[i]) || url[i] == '?' || url[i] == '#')
			return 0;
	return 1;
}

void digest_message(buf *out, const char *from, const char *to, const char *url,
		    const struct digest_counts *c)
{
	const struct {
		const char *label;
		int64_t n;
	} lines[] = {
	    {N_("Demandes à traiter"), c->requests},
	    {N_("Rendez-vous à venir"), c->appointments},
	    {N_("Aides en attente de décision"), c->aids},
	    {N_("Orientations en attente de réponse"), c->orientations},
	    {N_("Suivis sans contact depuis plus de 60 jours"), c->no_contact},
	    {N_("Arrêts de travail longs à suivre"), c->long_leave},
	    {N_("Partages qui prennent fin cette semaine"), c->shares},
	};
	buf_printf(out,
		   "From: relais <%s>\r\nTo: <%s>\r\nSubject: %s\r\nMIME-Version: 1.0\r\n"
		   "Content-Type: text/plain; charset=utf-8\r\n"
		   "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n",
		   from, to, subject_encoded);
	buf_printf(out, "%s\r\n\r\n%s\r\n\r\n", _("Bonjour,"),
		   _("Ce qui vous attend aujourd'hui dans relais :"));
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		buf_printf(out, "- %s : %" PRId64 "\r\n", _(lines[i].label), lines[i].n);
	/* The home page only: no id, nothing that names a record. */
	size_t n = strlen(url);
	buf_printf(out, "\r\n%s %s%s\r\n\r\n%s\r\n%s\r\n", _("Ouvrir relais :"), url,
		   n && url[n - 1] == '/' ? "" : "/",
		   _("Ce message ne contient aucune information sur les personnes accompagnées : "
		     "elles ne sont visibles qu'une fois connecté(e)."),
		   _("Pour ne plus le recevoir, demandez à l'administrateur de relais."));
}
