/* fuzz_pipeline: libFuzzer target for the whole per-file pipeline and phase 2 on one file:
 * any bytes -> source -> parse -> facts -> index -> rules. Built by `make fuzz` with clang.
 * It also checks that a shallow summary made from the skeleton (skeleton.h) equals the one made
 * from the text as it is, whenever the text parses. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "engine.h"
#include "facts.h"
#include "index.h"
#include "source.h"
#include "../fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static facts_ctx *fc;
	if (!fc) {
		struct diag d;
		fc = facts_ctx_new(NULL, &d);
		if (!fc)
			abort();
	}
	struct source src;
	source_from_text(&src, (const char *)data, size);
	struct summary *s = facts_extract(fc, "fuzz/app/views.py", &src);
	struct summary *as_is = facts_extract_mode(fc, "fuzz/app/views.py", &src, FACTS_SHALLOW_AS_IS);
	if (!as_is->syntax_error_line) {
		struct summary *skel = facts_extract_mode(fc, "fuzz/app/views.py", &src, FACTS_SHALLOW);
		if (summaries_differ(as_is, skel))
			abort(); /* the skeleton changed what a shallow summary holds */
		summary_free(skel);
	}
	summary_free(as_is);
	source_free(&src);
	dirfacts *none = dirfacts_new(); /* the input has no folders on disk */
	djindex *ix = index_build(&s, 1, none);
	struct engine_opts o = {.django_version = 402, .min_confidence = CONF_LOW, .max_depth = 10};
	struct report r = {0};
	engine_run(ix, &s, 1, &o, NULL, &r);
	report_sort(&r);
	report_free(&r);
	index_free(ix);
	dirfacts_free(none);
	summary_free(s);
	return 0;
}
