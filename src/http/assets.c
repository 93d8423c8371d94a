/* assets — lookup of the embedded files (the table is generated). */
#include "http/assets.h"

#include <string.h>

const struct asset *asset_find(const char *path, int *hashed)
{
	size_t n = strcspn(path, "?");
	for (int i = 0; i < assets_count; i++) {
		if (strlen(assets[i].path) == n && strncmp(assets[i].path, path, n) == 0) {
			*hashed = 0;
			return &assets[i];
		}
		if (strlen(assets[i].hashed) == n && strncmp(assets[i].hashed, path, n) == 0) {
			*hashed = 1;
			return &assets[i];
		}
	}
	return NULL;
}

const char *asset_url(const char *name)
{
	for (int i = 0; i < assets_count; i++) {
		const char *base = assets[i].path + strlen("/assets/");
		if (strcmp(base, name) == 0)
			return assets[i].hashed;
	}
	return "/assets/missing";
}
