/* cache: module summaries on disk, keyed by file content, tool version and the facts query,
 * so an unchanged re-scan skips parsing. Entries are validated on load (a corrupt or foreign
 * entry is ignored and rebuilt) and written to a temporary file then renamed, so concurrent
 * runs never see a torn entry. */
#ifndef DJASYNC_CACHE_H
#define DJASYNC_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "facts.h"
#include "util.h"

typedef struct cache cache;

/* Opens (creating it lazily on first store) the cache in `dir`; `salt` distinguishes
 * configurations whose summaries differ (the facts query text). Never fails: a cache that
 * cannot be written just misses. */
cache *cache_open(const char *dir, uint64_t salt);
/* Writes the pack (see cache_use_pack) when this run changed what it should hold, then frees. */
void cache_close(cache *c);

/* Reads, and on close rewrites, the pack of the scan identified by `scope` (its roots): one file
 * holding the entries that scan used, read with one call per entry instead of an open, a read
 * and a close; entries it lacks are looked up as loose files. A missing, foreign or damaged pack
 * is ignored and rewritten. */
void cache_use_pack(cache *c, uint64_t scope);

/* A whole-scan record named `kind` next to the pack (same scope and salt), e.g. phase 2's
 * replayable result: its bytes (caller frees) or NULL; stored atomically (temporary file +
 * rename), errors ignored. Only with a pack in use. */
char *cache_blob_load(cache *c, const char *kind, size_t *len);
void cache_blob_store(cache *c, const char *kind, const char *buf, size_t len);
/* What the entries' validity depends on (djasync version, summary code, facts query). */
uint64_t cache_salt(const cache *c);

/* The default folder: $DJASYNC_CACHE_DIR when set, else .djasync_cache in the project root
 * `root`. Made with a CACHEDIR.TAG and a .gitignore holding `*`. Caller frees. */
char *cache_default_dir(const char *root);
/* Removes the cache folder `dir` (only if it holds djasync's CACHEDIR.TAG; links are removed,
 * never followed). 1 removed, 0 nothing there, -1 with d set when it is not djasync's or
 * cannot be removed. */
int cache_clean(const char *dir, struct diag *d);

/* 128-bit content hash of a file's bytes. */
struct cache_key {
	uint64_t a, b;
	uint64_t len;
};
struct cache_key cache_key_of(const char *buf, size_t len);

/* The summary stored for `key`, renamed to `path`, or NULL (missing, corrupt, foreign). */
struct summary *cache_load(cache *c, struct cache_key key, const char *path);
/* Stores `s` under `key` (atomically: temp file + rename). Errors are ignored. */
void cache_store(cache *c, struct cache_key key, const struct summary *s);

/* An entry file is this header, then its payload (the summary's arrays, LZ4-compressed). */
extern const size_t cache_entry_header_size;

/* FNV-1a (64-bit) of a string, for salts. */
uint64_t cache_hash_str(const char *s, size_t n);

#endif
