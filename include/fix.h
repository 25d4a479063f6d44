/* fix: the mechanical fixes of `djasync check --fix`. A finding whose rule found the API's
 * async twin at the target Django version carries the twin as a template (finding.fix_tmpl:
 * "await $R.aget($A)", "async for obj in $R"); fix_source re-parses the file, finds the call or
 * loop at the finding's span and rewrites it, only where the result is valid and means the
 * same: inside an `async def` (no lambda, no nested sync def between), the call not already
 * awaited, parentheses where `await` would bind looser than what follows (`(await
 * qs.aget()).title`), a comprehension made async only when it builds a list, set or dict
 * (a generator expression would become an async generator). Edits are byte splices of the
 * original text: encoding, line endings and the final newline stay as they were. */
#ifndef DJASYNC_FIX_H
#define DJASYNC_FIX_H

#include <stddef.h>

#include "findings.h"
#include "util.h"

/* Rewrites `src` (len bytes) with the fixes of findings fs[0..n) (those of this file; the
 * others are ignored; the unsafe ones too when `unsafe`) into *out. Overlapping fixes: the first one, by position, is applied and
 * the others wait for the next round (the caller re-checks and calls again). Returns how many
 * were applied (0: *out is a copy of src). */
size_t fix_source(const char *src, size_t len, const struct finding *const *fs, size_t n, int unsafe,
		  struct strbuf *out);

/* Appends a unified diff (3 lines of context, `--- a/PATH` / `+++ b/PATH`) from old to new. */
void fix_unified_diff(struct strbuf *b, const char *path, const char *old, size_t old_len, const char *new_text,
		      size_t new_len);

/* --add-noqa: `src` with `# noqa: CODES` for findings fs[0..n) (this file's, in line order)
 * into *out: appended to the line's code, or merged into the line's `# noqa: ...` (a bare
 * `# noqa` needs nothing); a line that ends inside a string going on is left and counted in
 * *skipped. Returns the lines changed. */
size_t noqa_source(const char *src, size_t len, const struct finding *const *fs, size_t n, struct strbuf *out,
		   size_t *skipped);

/* Whether finding f has a safe fix fix_source may apply. */
int fix_available(const struct finding *f);
/* Whether finding f has an unsafe one (`unsafe` set): its suggestion is to run the call in a
 * worker thread, `await sync_to_async(helper)(...)` (a chain through a sync helper, an API
 * without a twin at the target version): it changes which thread runs the code (connections,
 * transactions, thread-locals), so it needs a review; the import is added or merged. Or a
 * read of `request.user` (DJA209, 5.0+): `(await request.auser())`, the session's user, which
 * a middleware that sets request.user itself would not give. */
int fix_wrap_available(const struct finding *f);

#endif
