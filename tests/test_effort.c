/* test_effort: the cost model's configuration names (each sets its own field, unknown names
 * are refused) and the defaults the README documents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "effort.h"
#include "rules.h"
#include "util.h"

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

/* A view of app `app` whose events are the findings in function `fn` of `path`. */
static struct effort_view view(const char *name, const char *app, const char *path, const char *fn, int is_async)
{
	struct effort_view v = {.name = xstrdup(name), .path = xstrdup(path), .line = 1, .url = xstrdup("x/"),
				.routed = 1, .is_async = is_async, .app = xstrdup(app), .n_fns = 1};
	v.fn_paths = xcalloc(1, sizeof *v.fn_paths);
	v.fn_names = xcalloc(1, sizeof *v.fn_names);
	v.fn_paths[0] = xstrdup(path);
	v.fn_names[0] = xstrdup(fn);
	return v;
}

static void add(struct report *r, const char *id, const char *cause, const char *path, const char *fn, int twin,
		const char *library)
{
	struct finding f = {.rule = rule_find(id), .cause = rule_find(cause), .id = id, .twin = twin,
			    .library = library, .path = xstrdup(path), .function = xstrdup(fn), .line = 1};
	assert_non_null(f.rule);
	report_add_finding(r, f);
}

/* The cost of known views, by the model's defaults: each event priced by its class, a sync
 * view's conversion, the app's review, a library's port once per project. */
static void test_view_costs(void **state)
{
	(void)state;
	struct effort e = {0};
	effort_model_default(&e.model);
	e.views = xcalloc(4, sizeof *e.views);
	e.views[e.n_views++] = view("shop.views.detail", "shop", "shop/views.py", "detail", 0);
	e.views[e.n_views++] = view("shop.views.feed", "shop", "shop/views.py", "feed", 1);
	e.views[e.n_views++] = view("blog.views.clean", "blog", "blog/views.py", "clean", 1);
	e.views[e.n_views] = view("blog.views.List", "blog", "blog/views.py", "List.get", 0);
	e.views[e.n_views].framework = xstrdup("rest_framework.generics.ListAPIView");
	e.views[e.n_views].framework_name = "DRF";
	e.views[e.n_views].framework_fix = "adrf";
	e.views[e.n_views++].by_class = 1; /* no URLconf reaches it: still counted */
	e.views[e.n_views - 1].routed = 0;
	struct report r = {0};
	add(&r, "DJA101", "DJA101", "shop/views.py", "detail", 1, NULL);     /* mechanical: aget() */
	add(&r, "DJA101", "DJA101", "shop/views.py", "detail", 0, NULL);     /* no twin at the version: wrap */
	add(&r, "DJA105", "DJA105", "shop/views.py", "detail", 0, NULL);     /* relation */
	add(&r, "DJA501", "DJA101", "shop/views.py", "feed", 0, NULL);       /* a chain: wrap its helper */
	add(&r, "DJA501", "DJA105", "shop/views.py", "feed", 0, NULL);       /* ending in a relation */
	add(&r, "DJA302", "DJA302", "shop/views.py", "feed", 0, "requests"); /* library */
	add(&r, "DJA101", "DJA101", "blog/views.py", "other", 1, NULL);      /* no view's */
	effort_compute(&e, &r);
	const struct effort_view *detail = &e.views[0], *feed = &e.views[1], *clean = &e.views[2], *list = &e.views[3];
	assert_int_equal(detail->events[EC_MECHANICAL], 1);
	assert_int_equal(detail->events[EC_WRAP], 1);
	assert_int_equal(detail->events[EC_RELATION], 1);
	assert_true(detail->minutes == 10 + 5 + 15 + 10);
	assert_int_equal(feed->events[EC_WRAP], 1);
	assert_int_equal(feed->events[EC_RELATION], 1);
	assert_int_equal(feed->events[EC_LIBRARY], 1);
	assert_true(feed->minutes == 15 + 10 + 10); /* already async: no conversion */
	assert_int_equal(feed->n_libraries, 1);
	assert_true(clean->minutes == 0 && clean->findings == 0);
	assert_int_equal(list->events[EC_FRAMEWORK], 1);
	assert_true(list->minutes == 10 + 120);
	/* apps: their views plus the review, and readiness */
	assert_int_equal(e.n_apps, 2);
	const struct effort_app *shop = strcmp(e.apps[0].name, "shop") == 0 ? &e.apps[0] : &e.apps[1];
	const struct effort_app *blog = shop == &e.apps[0] ? &e.apps[1] : &e.apps[0];
	assert_true(shop->minutes == 40 + 35 + 30);
	assert_true(blog->minutes == 130 + 30);
	assert_int_equal(shop->async_views, 1);
	assert_int_equal(blog->safe_now, 1); /* clean: async with no findings */
	assert_int_equal(e.safe_now, 1);
	assert_int_equal(e.routed, 3);
	assert_int_equal(e.by_class, 1);
	assert_int_equal(e.counted, 4);
	/* the trail: every priced step with its place and rule, most costly first */
	assert_int_equal(detail->n_trail, 4);
	assert_string_equal(detail->trail[0].rule, "DJA101"); /* the wrap, 15 */
	assert_int_equal(detail->trail[0].cls, EC_WRAP);
	assert_true(detail->trail[0].minutes == 15);
	assert_true(detail->trail[1].minutes == 10 && detail->trail[2].minutes == 10);
	assert_true(detail->trail[3].minutes == 5 && detail->trail[3].cls == EC_MECHANICAL);
	int convert = 0;
	for (size_t k = 0; k < detail->n_trail; k++)
		convert += detail->trail[k].cls == -1 && detail->trail[k].rule == NULL;
	assert_int_equal(convert, 1);
	assert_int_equal(feed->n_trail, 3); /* async: no conversion step */
	assert_int_equal(list->n_trail, 2);
	assert_int_equal(list->trail[0].cls, EC_FRAMEWORK);
	assert_null(list->trail[0].rule);
	/* the shares: framework and library work, and what removes each */
	assert_true(e.framework_minutes == 120);
	assert_int_equal(e.n_frameworks, 1);
	assert_string_equal(e.frameworks[0].name, "DRF");
	assert_int_equal(e.frameworks[0].views, 1);
	assert_true(e.library_minutes == 10 + 120);
	/* the project: apps plus one port of requests */
	assert_int_equal(e.n_libs, 1);
	assert_string_equal(e.libs[0].name, "requests");
	assert_true(e.minutes == 105 + 160 + 120);
	effort_free(&e);
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_keys),
		cmocka_unit_test(test_view_costs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
