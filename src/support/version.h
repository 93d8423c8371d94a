/*
 * version — the program's version, one definition for `relais --version`
 * and the API's description (api/openapi.c).
 */
#ifndef RELAIS_VERSION_H
#define RELAIS_VERSION_H

#define RELAIS_VERSION "0.1.0"

#endif
