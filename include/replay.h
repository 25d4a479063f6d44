/* replay: phase 2's result for a whole scan, kept so that an unchanged re-scan (same files with
 * the same contents, same options, same djasync) replays it instead of running the index and the
 * rules again. The caller computes the key; this module only serializes and checks reports. */
#ifndef DJASYNC_REPLAY_H
#define DJASYNC_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "findings.h"

struct replay_key {
	uint64_t a, b;
};

/* Serializes what phase 2 added to `r`: every finding and suppressed finding, and the errors
 * from index `first_error` on (source lines and fingerprints are left out: they are computed
 * after). *out: a new buffer of *len bytes, which the caller frees. */
void replay_save(const struct report *r, size_t first_error, struct replay_key key, char **out, size_t *len);
/* Adds to `r` the findings, suppressed findings and errors saved under `key` in `buf`. Returns
 * 0, or -1 (and `r` unchanged) when `buf` is for another key, damaged, or names a rule or a root
 * kind this build does not know. */
int replay_load(const char *buf, size_t len, struct replay_key key, struct report *r);

#endif
