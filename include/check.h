/* check: what a rule's check function may use to make findings (engine.c), and the checks that
 * live with their rules in analyzer/rules/<family>.c. The engine walks the summaries and calls
 * the checks; a check reads types (types.h) and reports through eng_emit / eng_emit_structural,
 * never anything else. */
#ifndef DJASYNC_CHECK_H
#define DJASYNC_CHECK_H

#include "types.h"

/* What the fix of a finding is, for the migration estimate: the async twin of the API at the
 * target version (a mechanical edit), and the client library the blocking call belongs to. */
struct fix {
	int twin;
	const char *library; /* static */
};
extern const struct fix no_fix;

/* HTTP handler names of class-based views (get, post, ..., dispatch). */
extern const char *const eng_http_methods[];

/* A blocking event: a finding in async context, a remembered blocker in a sync def (chains).
 * `what` names the blocking code; `core` is the message without the function. Takes
 * ownership of core and suggestion. */
void eng_emit(struct ctx *c, const struct event *ev, const struct span *sp, const char *id, uint8_t conf,
	      struct fix fx, const char *what, char *core, char *suggestion);
/* A finding about the code's structure, reported wherever it is. Takes ownership of the texts. */
void eng_emit_structural(struct ctx *c, const struct span *sp, int fn, const char *id, char *message,
			 char *suggestion);
/* "5.1" for 501. Caller frees. */
char *eng_version_text(int v);

/* --- checks in analyzer/rules/django.c: each judges one class, async def or event -------- */
/* DJA220: class BookView(View) with `def get` and `async def post`. */
void check_mixed_handlers(struct ctx *c, int cls_scope);
/* DJA224: class Dashboard(LoginRequiredMixin, View) with `async def get`. */
void check_access_mixin(struct ctx *c, int cls_scope);
/* DJA222: @login_required on an async def below Django 5.1 (and the other decorators). */
void check_decorator_versions(struct ctx *c, int fn);
/* DJA206: @transaction.atomic on an async def. */
void check_atomic_decorator(struct ctx *c, int fn);
/* DJA203: @cache_page(60) on an async def. */
void check_cache_page(struct ctx *c, int fn);
/* DJA221: os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true" and the like, anywhere. */
void check_unsafe_env(struct ctx *c, const struct event *ev);

#endif
