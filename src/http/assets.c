/* assets — lookup of the embedded files (the table is generated). */
#include "http/assets.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define ASSET_URL_MAX 128
#define ASSETS_MAX 32

static char urls[ASSETS_MAX][ASSET_URL_MAX];
static pthread_once_t urls_once = PTHREAD_ONCE_INIT;

static void urls_init(void)
{
	for (int i = 0; i < assets_count && i < ASSETS_MAX; i++)
		snprintf(urls[i], sizeof urls[i], "%s?v=%s", assets[i].path, assets[i].hash);
}

const struct asset *asset_find(const char *path)
{
	size_t n = strcspn(path, "?");
	for (int i = 0; i < assets_count; i++)
		if (strlen(assets[i].path) == n && strncmp(assets[i].path, path, n) == 0)
			return &assets[i];
	return NULL;
}

const char *asset_url(const char *name)
{
	pthread_once(&urls_once, urls_init);
	for (int i = 0; i < assets_count && i < ASSETS_MAX; i++) {
		const char *base = assets[i].path + strlen("/assets/");
		if (strcmp(base, name) == 0)
			return urls[i];
	}
	return "/assets/missing";
}
