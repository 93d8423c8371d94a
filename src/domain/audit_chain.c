/* audit_chain — see audit_chain.h. */
#include "domain/audit_chain.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "support/buf.h"

/* Length-prefixed, so no two different rows serialise the same way. */
static void field(buf *b, const char *s)
{
	if (s)
		buf_printf(b, "%zu:%s;", strlen(s), s);
	else
		buf_puts(b, "-;");
}

void audit_entry_hash(const uint8_t key[SEC_KEY_BYTES], const struct audit_entry *e,
		      char out[SEC_HASH_HEX_LEN + 1])
{
	buf b;
	buf_init(&b, 0);
	buf_printf(&b, "relais-audit-v1;%" PRId64 ";%" PRId64 ";%" PRId64 ";", e->id, e->at,
		   e->actor_id);
	field(&b, e->actor_login);
	field(&b, e->action);
	field(&b, e->object_type);
	field(&b, e->object_id);
	field(&b, e->client_addr);
	field(&b, e->prev_hash);
	sec_mac_hex(key, b.data, b.len, out);
	buf_free(&b);
}

int audit_hash_ok(const char *s)
{
	size_t n = 0;
	for (; s && s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return 0;
	return s && n == SEC_HASH_HEX_LEN;
}

int audit_anchor_server_ok(const char *s)
{
	size_t n = 0;
	for (; s && s[n]; n++) {
		char c = s[n];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return s && n >= 1 && n <= AUDIT_ANCHOR_SERVER_MAX;
}

static const char *kind_name(enum audit_anchor_kind k)
{
	return k == AUDIT_ANCHOR_RESTORE ? "restore" : k == AUDIT_ANCHOR_ROTATE ? "rotate" : "head";
}

/* The signed part of a line (everything before the MAC), into out. */
static int anchor_body(const struct audit_anchor *a, char *out, size_t outlen)
{
	if (!audit_anchor_server_ok(a->server) || a->seq < 0 || a->at < 0 ||
	    !audit_hash_ok(a->hash))
		return -1;
	int n = snprintf(out, outlen, "relais-anchor-v1 %s %s %" PRId64 " %s %" PRId64,
			 kind_name(a->kind), a->server, a->seq, a->hash, a->at);
	return n < 0 || (size_t)n >= outlen ? -1 : n;
}

/* The body, then one MAC a key: "BODY MAC\n" or "BODY MAC1 MAC2\n". */
static int format_with(const uint8_t *const keys[], int nkeys, const struct audit_anchor *a,
		       char *out, size_t outlen)
{
	char body[AUDIT_ANCHOR_LINE_MAX];
	int n = anchor_body(a, body, sizeof body);
	if (n < 0)
		return -1;
	size_t used = 0;
	int m = snprintf(out, outlen, "%s", body);
	if (m < 0 || (size_t)m >= outlen)
		return -1;
	used = (size_t)m;
	for (int i = 0; i < nkeys; i++) {
		char mac[SEC_HASH_HEX_LEN + 1];
		sec_mac_hex(keys[i], body, (size_t)n, mac);
		m = snprintf(out + used, outlen - used, " %s", mac);
		if (m < 0 || (size_t)m >= outlen - used)
			return -1;
		used += (size_t)m;
	}
	if (used + 2 > outlen)
		return -1;
	out[used++] = '\n';
	out[used] = '\0';
	return (int)used;
}

int audit_anchor_format(const uint8_t key[SEC_KEY_BYTES], const struct audit_anchor *a,
			char *out, size_t outlen)
{
	const uint8_t *keys[] = {key};
	if (a->kind == AUDIT_ANCHOR_ROTATE)
		return -1;
	return format_with(keys, 1, a, out, outlen);
}

int audit_anchor_format_rotation(const uint8_t old_key[SEC_KEY_BYTES],
				 const uint8_t new_key[SEC_KEY_BYTES], const struct audit_anchor *a,
				 char *out, size_t outlen)
{
	const uint8_t *keys[] = {old_key, new_key};
	if (a->kind != AUDIT_ANCHOR_ROTATE)
		return -1;
	return format_with(keys, 2, a, out, outlen);
}

/* A decimal integer >= 0 of at most 18 digits, all of [s, e). */
static int parse_count(const char *s, const char *e, int64_t *out)
{
	int64_t v = 0;
	if (e <= s || e - s > 18)
		return -1;
	for (const char *p = s; p < e; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return 0;
}

int audit_anchor_split(const char *line, struct audit_anchor *out,
		       char macs[2][SEC_HASH_HEX_LEN + 1])
{
	/* Seven fields separated by single spaces, eight for a rotation. */
	const char *f[8];
	size_t len[8];
	const char *p = line;
	int nf = 0, ended = 0;
	memset(out, 0, sizeof *out);
	macs[0][0] = macs[1][0] = '\0';
	while (nf < 8 && !ended) {
		const char *e = p;
		while (*e && *e != ' ' && *e != '\n')
			e++;
		f[nf] = p;
		len[nf] = (size_t)(e - p);
		if (len[nf] == 0)
			return -1;
		nf++;
		ended = *e != ' ';
		p = ended ? e : e + 1;
	}
	if (*p == '\n')
		p++;
	if (!ended || *p || nf < 7)
		return -1;
	if (len[0] != 16 || memcmp(f[0], "relais-anchor-v1", 16) != 0)
		return -1;
	if (len[1] == 4 && memcmp(f[1], "head", 4) == 0)
		out->kind = AUDIT_ANCHOR_HEAD;
	else if (len[1] == 7 && memcmp(f[1], "restore", 7) == 0)
		out->kind = AUDIT_ANCHOR_RESTORE;
	else if (len[1] == 6 && memcmp(f[1], "rotate", 6) == 0)
		out->kind = AUDIT_ANCHOR_ROTATE;
	else
		return -1;
	if (nf != (out->kind == AUDIT_ANCHOR_ROTATE ? 8 : 7))
		return -1;
	if (len[2] > AUDIT_ANCHOR_SERVER_MAX || len[4] != SEC_HASH_HEX_LEN)
		return -1;
	memcpy(out->server, f[2], len[2]);
	memcpy(out->hash, f[4], len[4]);
	for (int i = 6; i < nf; i++) {
		if (len[i] != SEC_HASH_HEX_LEN)
			return -1;
		memcpy(macs[i - 6], f[i], len[i]);
		macs[i - 6][SEC_HASH_HEX_LEN] = '\0';
		if (!audit_hash_ok(macs[i - 6]))
			return -1;
	}
	if (parse_count(f[3], f[3] + len[3], &out->seq) != 0 ||
	    parse_count(f[5], f[5] + len[5], &out->at) != 0)
		return -1;
	char body[AUDIT_ANCHOR_LINE_MAX];
	return anchor_body(out, body, sizeof body) < 0 ? -1 : 0;
}

int audit_anchor_mac_ok(const uint8_t key[SEC_KEY_BYTES], const struct audit_anchor *a,
			const char *mac)
{
	char body[AUDIT_ANCHOR_LINE_MAX], want[SEC_HASH_HEX_LEN + 1];
	int n = anchor_body(a, body, sizeof body);
	if (n < 0 || !mac[0])
		return 0;
	sec_mac_hex(key, body, (size_t)n, want);
	return sec_streq(want, mac);
}

int audit_anchor_parse(const uint8_t key[SEC_KEY_BYTES], const char *line,
		       struct audit_anchor *out)
{
	char macs[2][SEC_HASH_HEX_LEN + 1];
	if (audit_anchor_split(line, out, macs) != 0)
		return -1;
	return audit_anchor_mac_ok(key, out, macs[0]) || audit_anchor_mac_ok(key, out, macs[1])
		       ? 0
		       : -2;
}

void audit_checkpoint_mac(const uint8_t key[SEC_KEY_BYTES], const char *label, int64_t seq,
			  const char *hash, int64_t at, char out[SEC_HASH_HEX_LEN + 1])
{
	buf b;
	buf_init(&b, 0);
	buf_printf(&b, "relais-%s-v1;%" PRId64 ";", label, seq);
	field(&b, hash);
	buf_printf(&b, "%" PRId64, at);
	sec_mac_hex(key, b.data, b.len, out);
	buf_free(&b);
}
