/* i18n — see i18n.h. */
#include "support/i18n.h"

#include <locale.h>

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
