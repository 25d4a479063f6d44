/* baseline: today's findings recorded by fingerprint, so that CI fails only on new ones.
 * The file is JSON (schema 1), written atomically (temporary file, then rename). */
#ifndef DJASYNC_BASELINE_H
#define DJASYNC_BASELINE_H

#include "findings.h"
#include "util.h"

/* Writes the findings of `r` (fingerprinted) to `path`. 0, or -1 with d set. */
int baseline_write(const char *path, const struct report *r, struct diag *d);
/* Moves the findings of `r` that the baseline at `path` holds to r->suppressed (each baseline
 * entry absorbs one finding with its fingerprint). 0, or -1 with d set (unreadable, not a
 * baseline). */
int baseline_apply(const char *path, struct report *r, struct diag *d);

#endif
