/* test_effort: the cost model's configuration names (each sets its own field, unknown names
 * are refused) and the defaults the README documents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "effort.h"

static void test_model_keys(void **state)
{
	(void)state;
	struct effort_model m;
	effort_model_default(&m);
	/* the defaults the README's table shows */
	assert_true(m.convert_view == 10 && m.per_app == 30 && m.per_middleware == 30 && m.library_port == 120);
	assert_true(m.per_event[EC_MECHANICAL] == 5 && m.per_event[EC_WRAP] == 15 && m.per_event[EC_RELATION] == 10 &&
		    m.per_event[EC_FRAMEWORK] == 120 && m.per_event[EC_LIBRARY] == 10);
	assert_true(m.low == 0.7 && m.high == 1.6);
	/* each name sets its field and no other */
	static const struct {
		const char *name;
		size_t offset;
	} keys[] = {
		{"convert-view", offsetof(struct effort_model, convert_view)},
		{"mechanical", offsetof(struct effort_model, per_event) + EC_MECHANICAL * sizeof(double)},
		{"wrap", offsetof(struct effort_model, per_event) + EC_WRAP * sizeof(double)},
		{"relation", offsetof(struct effort_model, per_event) + EC_RELATION * sizeof(double)},
		{"framework", offsetof(struct effort_model, per_event) + EC_FRAMEWORK * sizeof(double)},
		{"library", offsetof(struct effort_model, per_event) + EC_LIBRARY * sizeof(double)},
		{"library-port", offsetof(struct effort_model, library_port)},
		{"per-app", offsetof(struct effort_model, per_app)},
		{"per-middleware", offsetof(struct effort_model, per_middleware)},
		{"low", offsetof(struct effort_model, low)},
		{"high", offsetof(struct effort_model, high)},
	};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		struct effort_model before, after;
		effort_model_default(&before);
		after = before;
		assert_int_equal(effort_model_set(&after, keys[i].name, 999), 0);
		for (size_t off = 0; off < sizeof(struct effort_model); off += sizeof(double)) {
			double b, a;
			memcpy(&b, (const char *)&before + off, sizeof b);
			memcpy(&a, (const char *)&after + off, sizeof a);
			if (off == keys[i].offset && a != 999)
				fail_msg("%s did not set its field", keys[i].name);
			if (off != keys[i].offset && a != b)
				fail_msg("%s changed another field (offset %zu)", keys[i].name, off);
		}
	}
	assert_int_equal(effort_model_set(&m, "per-ap", 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
