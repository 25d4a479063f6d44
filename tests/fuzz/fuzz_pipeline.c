/* fuzz_pipeline: libFuzzer target for the whole per-file pipeline and phase 2 on one file:
 * any bytes -> source -> parse -> facts -> index -> rules. Built by `make fuzz` with clang. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "engine.h"
#include "facts.h"
#include "index.h"
#include "source.h"

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
	source_free(&src);
	djindex *ix = index_build(&s, 1);
	struct engine_opts o = {.django_version = 402, .min_confidence = CONF_LOW, .max_depth = 10};
	struct report r = {0};
	engine_run(ix, &s, 1, &o, NULL, &r);
	report_sort(&r);
	report_free(&r);
	index_free(ix);
	summary_free(s);
	return 0;
}
