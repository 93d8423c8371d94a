/* audit_chain — see audit_chain.h. */
#include "domain/audit_chain.h"

#include <inttypes.h>
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
