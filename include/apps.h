/* apps: the project's Django apps, as Django knows them: every AppConfig subclass of the
 * project (its `name`, its `label`) and every project package that an `...APPS` list of a
 * settings module names ("shop", "shop.apps.ShopConfig"), each with its folder. A file belongs
 * to the app whose folder is its longest prefix (codebase/clients/github/api/views.py is
 * codebase's, whatever models.py sits in api/). */
#ifndef DJASYNC_APPS_H
#define DJASYNC_APPS_H

#include <stddef.h>

#include "index.h"

typedef struct app_table app_table;

/* Reads the apps of the project modules sums[0..n). Never NULL; empty when the project names
 * none (then callers fall back to folders). */
app_table *apps_read(djindex *ix, struct summary *const *sums, size_t n);
void apps_free(app_table *t);
size_t apps_count(const app_table *t);
/* The label of the app file `path` (as the summaries name it) belongs to, or NULL. */
const char *apps_label_of(const app_table *t, const char *path);

#endif
