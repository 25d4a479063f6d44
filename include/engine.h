/* engine: phase 2's rules. Walks every scope of every summary in source order with a light
 * local type guess (Model class, Manager, QuerySet, instance, external object), classifies
 * each event and reports those in async context as findings. */
#ifndef DJASYNC_ENGINE_H
#define DJASYNC_ENGINE_H

#include "facts.h"
#include "findings.h"
#include "index.h"

struct engine_opts {
	int django_version;         /* major*100+minor: picks the suggestion */
	enum confidence min_confidence;
	int max_depth; /* longest helper chain reported (hops); chains through helpers: DJA501 */
	int no_follow; /* do not follow calls into sync helpers */
};

/* Adds the findings of summaries `sums` to `r` (unsorted). */
void engine_run(djindex *ix, struct summary *const *sums, size_t n, const struct engine_opts *o,
		struct report *r);

#endif
