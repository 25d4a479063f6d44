/* test_facts: phase 1 on small in-memory sources (source_from_text): the imports, scopes,
 * events and simplified expressions a summary holds, their spans, syntax errors, and inputs
 * nested deep enough to break recursive code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "fixture.h"
#include "source.h"
#include "util.h"

static facts_ctx *ctx;

static int setup(void **state)
{
	(void)state;
	ctx = new_facts_ctx();
	return ctx ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	facts_ctx_free(ctx);
	return 0;
}

static struct summary *extract(const char *text)
{
	struct source src;
	source_from_text(&src, text, strlen(text));
	struct summary *s = facts_extract(ctx, "mod.py", &src);
	source_free(&src);
	assert_non_null(s);
	return s;
}

/* A compact rendering of an expression: names, attributes, calls, subscripts, awaits. */
static void render(const struct summary *s, int32_t e, struct strbuf *b)
{
	if (e < 0) {
		sb_puts(b, "-");
		return;
	}
	const struct ex *x = &s->ex.items[e];
	switch (x->kind) {
	case EX_NAME:
		sb_puts(b, summary_str(s, x->str));
		break;
	case EX_ATTR:
		render(s, x->a, b);
		sb_printf(b, ".%s", summary_str(s, x->str));
		break;
	case EX_CALL:
		render(s, x->a, b);
		sb_putc(b, '(');
		for (int32_t a = x->args; a >= 0; a = s->ex.items[a].next) {
			render(s, a, b);
			if (s->ex.items[a].next >= 0)
				sb_putc(b, ',');
		}
		sb_putc(b, ')');
		break;
	case EX_SUBSCRIPT:
		render(s, x->a, b);
		sb_puts(b, "[]");
		break;
	case EX_AWAIT:
		sb_puts(b, "await ");
		render(s, x->a, b);
		break;
	case EX_KWARG:
		sb_printf(b, "%s=", summary_str(s, x->str));
		render(s, x->a, b);
		break;
	case EX_TUPLE:
		sb_putc(b, '(');
		for (int32_t a = x->args; a >= 0; a = s->ex.items[a].next) {
			render(s, a, b);
			if (s->ex.items[a].next >= 0)
				sb_putc(b, ',');
		}
		sb_putc(b, ')');
		break;
	case EX_STRING:
		sb_puts(b, "'s'");
		break;
	case EX_NUMBER:
		sb_puts(b, "0");
		break;
	case EX_LIST:
		sb_puts(b, "[]");
		break;
	case EX_LAMBDA:
		sb_puts(b, "lambda");
		break;
	default:
		sb_puts(b, x->flags & EXF_SPLAT ? "*" : "?");
		break;
	}
}

/* The rendering of expression e, in a static buffer (valid until the next call). */
static const char *ex_text(const struct summary *s, int32_t e)
{
	static struct strbuf b;
	b.len = 0;
	if (b.s)
		b.s[0] = 0;
	render(s, e, &b);
	return sb_str(&b);
}

/* Every event of `kind` as "text/flags/scope-qualname;" in order. */
static char *events(const struct summary *s, enum ev_kind kind)
{
	struct strbuf b = {0};
	for (size_t i = 0; i < s->ev.len; i++) {
		const struct event *ev = &s->ev.items[i];
		if (ev->kind != kind)
			continue;
		const char *scope = ev->scope < 0 ? "<module>"
						  : summary_str(s, s->scopes.items[ev->scope].qualname);
		sb_printf(&b, "%s/%d/%s;", ex_text(s, ev->ex), ev->flags, scope);
	}
	return b.s ? b.s : xstrdup("");
}

#define ASSERT_EVENTS(s, kind, want)                 \
	do {                                         \
		char *got_ = events(s, kind);        \
		if (strcmp(got_, want) != 0)         \
			fail_msg("events: got\n  %s\nwant\n  %s", got_, want); \
		free(got_);                          \
	} while (0)

static const struct import *find_import(const struct summary *s, const char *local)
{
	for (size_t i = 0; i < s->imports.len; i++)
		if (strcmp(summary_str(s, s->imports.items[i].local), local) == 0)
			return &s->imports.items[i];
	fail_msg("no import binds %s", local);
	return NULL;
}

static int find_scope(const struct summary *s, const char *qualname)
{
	for (size_t i = 0; i < s->scopes.len; i++)
		if (strcmp(summary_str(s, s->scopes.items[i].qualname), qualname) == 0)
			return (int)i;
	for (size_t i = 0; i < s->scopes.len; i++)
		print_message("  scope: %s\n", summary_str(s, s->scopes.items[i].qualname));
	fail_msg("no scope %s", qualname);
	return -1;
}

static void test_imports(void **state)
{
	(void)state;
	struct summary *s = extract("import a.b.c\n"
				    "import a.b as x\n"
				    "from .models import Book as B\n"
				    "from .. import views\n"
				    "from . import forms\n"
				    "from django.db import models\n"
				    "from .sub import *\n"
				    "import os, sys as system\n"
				    "from pkg.mod import (p,\n"
				    "    q as Q)\n"
				    "def f():\n"
				    "    import json\n");
	static const struct {
		const char *local, *qual;
	} want[] = {
		{"a", "a"},           {"x", "a.b"},         {"B", ".models.Book"},
		{"views", "..views"}, {"forms", ".forms"},  {"models", "django.db.models"},
		{"os", "os"},         {"system", "sys"},    {"p", "pkg.mod.p"},
		{"Q", "pkg.mod.q"},   {"json", "json"},
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		const struct import *im = find_import(s, want[i].local);
		assert_string_equal(summary_str(s, im->qual), want[i].qual);
		assert_int_equal(im->star, 0);
	}
	int stars = 0;
	for (size_t i = 0; i < s->imports.len; i++) {
		const struct import *im = &s->imports.items[i];
		if (!im->star)
			continue;
		stars++;
		assert_string_equal(summary_str(s, im->local), "");
		assert_string_equal(summary_str(s, im->qual), ".sub");
		assert_int_equal(im->scope, -1);
		assert_int_equal(im->sp.line, 7);
	}
	assert_int_equal(stars, 1);
	assert_int_equal(s->imports.len, 12);
	assert_int_equal(find_import(s, "B")->sp.line, 3);
	assert_int_equal(find_import(s, "B")->scope, -1);
	assert_int_equal(find_import(s, "json")->scope, find_scope(s, "f"));
	assert_int_equal(s->syntax_error_line, 0);
	summary_free(s);
}

static void test_scopes(void **state)
{
	(void)state;
	struct summary *s = extract("@dec1\n"
				    "@pkg.dec2(arg)\n"
				    "class C(Base, mixins.M):\n"
				    "    def m(self, x: int, y=2, *args, z: str = '', **kw):\n"
				    "        def inner():\n"
				    "            pass\n"
				    "        return lambda v: v\n"
				    "    @staticmethod\n"
				    "    async def am():\n"
				    "        pass\n"
				    "\n"
				    "def f():\n"
				    "    def g():\n"
				    "        class L:\n"
				    "            pass\n"
				    "\n"
				    "async def top():\n"
				    "    pass\n");
	assert_int_equal(s->scopes.len, 9);
	int c = find_scope(s, "C"), m = find_scope(s, "C.m"), inner = find_scope(s, "C.m.<locals>.inner");
	int lam = find_scope(s, "C.m.<locals>.<lambda>"), am = find_scope(s, "C.am");
	int f = find_scope(s, "f"), g = find_scope(s, "f.<locals>.g"), l = find_scope(s, "f.<locals>.g.<locals>.L");
	int top = find_scope(s, "top");
	const struct scope *sc = s->scopes.items;
	assert_int_equal(sc[c].kind, SC_CLASS);
	assert_int_equal(sc[m].kind, SC_FUNCTION);
	assert_int_equal(sc[inner].kind, SC_FUNCTION);
	assert_int_equal(sc[lam].kind, SC_LAMBDA);
	assert_int_equal(sc[am].kind, SC_ASYNC_FUNCTION);
	assert_int_equal(sc[f].kind, SC_FUNCTION);
	assert_int_equal(sc[l].kind, SC_CLASS);
	assert_int_equal(sc[top].kind, SC_ASYNC_FUNCTION);
	/* parents */
	assert_int_equal(sc[c].parent, -1);
	assert_int_equal(sc[m].parent, c);
	assert_int_equal(sc[inner].parent, m);
	assert_int_equal(sc[lam].parent, m);
	assert_int_equal(sc[am].parent, c);
	assert_int_equal(sc[g].parent, f);
	assert_int_equal(sc[l].parent, g);
	assert_int_equal(sc[top].parent, -1);
	/* names and name spans */
	assert_string_equal(summary_str(s, sc[m].name), "m");
	assert_int_equal(sc[m].sp.line, 4);
	assert_int_equal(sc[m].sp.col, 9);
	assert_int_equal(sc[c].sp.line, 3);
	assert_int_equal(sc[c].sp.col, 7);
	/* decorators land on the definition they decorate, in order */
	assert_string_equal(ex_text(s, sc[c].decorators), "dec1");
	assert_string_equal(ex_text(s, s->ex.items[sc[c].decorators].next), "pkg.dec2(arg)");
	assert_int_equal(s->ex.items[s->ex.items[sc[c].decorators].next].next, -1);
	assert_int_equal(sc[m].decorators, -1);
	assert_string_equal(ex_text(s, sc[am].decorators), "staticmethod");
	assert_int_equal(s->ex.items[sc[am].decorators].next, -1);
	assert_int_equal(sc[f].decorators, -1);
	assert_int_equal(sc[top].decorators, -1);
	/* bases */
	assert_string_equal(ex_text(s, sc[c].bases), "Base");
	assert_string_equal(ex_text(s, s->ex.items[sc[c].bases].next), "mixins.M");
	assert_int_equal(sc[l].bases, -1);
	/* parameters: names with annotations, splats left out */
	struct strbuf b = {0};
	for (int32_t p = sc[m].params; p >= 0; p = s->ex.items[p].next) {
		sb_printf(&b, "%s", summary_str(s, s->ex.items[p].str));
		if (s->ex.items[p].a >= 0)
			sb_printf(&b, ":%s", ex_text(s, s->ex.items[p].a));
		sb_putc(&b, ' ');
	}
	assert_string_equal(sb_str(&b), "self x:int y z:str ");
	sb_free(&b);
	summary_free(s);
}

static void test_event_scopes_close(void **state)
{
	(void)state;
	struct summary *s = extract("a0()\n"
				    "async def outer():\n"
				    "    def inner():\n"
				    "        a()\n"
				    "    b()\n"
				    "    k = lambda: c()\n"
				    "    d()\n"
				    "e()\n");
	ASSERT_EVENTS(s, EV_CALL,
		      "a0()/0/<module>;a()/0/outer.<locals>.inner;b()/0/outer;"
		      "c()/0/outer.<locals>.<lambda>;d()/0/outer;e()/0/<module>;");
	summary_free(s);
}

static void test_calls_awaited(void **state)
{
	(void)state;
	struct summary *s = extract("async def h(obj):\n"
				    "    await f()\n"
				    "    g()\n"
				    "    x = await obj.m(1, k=v)\n"
				    "    await w(inner())\n"
				    "    return await (p())\n");
	char *got = events(s, EV_CALL);
	/* (p()) is parenthesised: whether it counts as awaited is not asserted */
	const char *want_prefix = "f()/1/h;g()/0/h;obj.m(0,k=v)/1/h;w(inner())/1/h;inner()/0/h;p()/";
	if (strncmp(got, want_prefix, strlen(want_prefix)) != 0)
		fail_msg("got %s", got);
	free(got);
	ASSERT_EVENTS(s, EV_ASSIGN, "await obj.m(0,k=v)/0/h;");
	int n_ret = 0;
	for (size_t i = 0; i < s->ev.len; i++)
		if (s->ev.items[i].kind == EV_ASSIGN) {
			assert_string_equal(ex_text(s, s->ev.items[i].target), "x");
		} else if (s->ev.items[i].kind == EV_RETURN) {
			n_ret++;
			assert_int_equal(s->ex.items[s->ev.items[i].ex].kind, EX_AWAIT);
		}
	assert_int_equal(n_ret, 1);
	summary_free(s);
}

static void test_for_events(void **state)
{
	(void)state;
	struct summary *s = extract("async def h(xs):\n"
				    "    async for a in aiter():\n"
				    "        pass\n"
				    "    for b, c in xs:\n"
				    "        pass\n"
				    "    ys = [d for d in ys2]\n"
				    "    zs = [e async for e in agen()]\n"
				    "    async with lock() as l, other():\n"
				    "        pass\n");
	ASSERT_EVENTS(s, EV_FOR, "aiter()/2/h;xs/0/h;ys2/4/h;agen()/6/h;");
	const char *targets[] = {"a", "(b,c)", "d", "e"};
	int k = 0;
	for (size_t i = 0; i < s->ev.len; i++)
		if (s->ev.items[i].kind == EV_FOR)
			assert_string_equal(ex_text(s, s->ev.items[i].target), targets[k++]);
	ASSERT_EVENTS(s, EV_WITH, "lock()/2/h;other()/2/h;");
	summary_free(s);
}

static void test_subscript_flags(void **state)
{
	(void)state;
	struct summary *s = extract("a[1]\nb[1:2]\nc[::2]\nd[1:2:]\ne[:]\nf[i:j:k]\n");
	int want[] = {0, EXF_SLICE, EXF_SLICE | EXF_STEP, EXF_SLICE, EXF_SLICE, EXF_SLICE | EXF_STEP};
	const char *names[] = {"a[]", "b[]", "c[]", "d[]", "e[]", "f[]"};
	int k = 0;
	for (size_t i = 0; i < s->ev.len; i++) {
		const struct event *ev = &s->ev.items[i];
		if (ev->kind != EV_SUBSCRIPT)
			continue;
		assert_true(k < 6);
		assert_string_equal(ex_text(s, ev->ex), names[k]);
		assert_int_equal(s->ex.items[ev->ex].kind, EX_SUBSCRIPT);
		if (s->ex.items[ev->ex].flags != want[k])
			fail_msg("%s: flags %d, want %d", names[k], s->ex.items[ev->ex].flags, want[k]);
		assert_int_equal(ev->sp.line, k + 1);
		k++;
	}
	assert_int_equal(k, 6);
	summary_free(s);
}

static void test_in_and_truth(void **state)
{
	(void)state;
	struct summary *s = extract("if x in y:\n"
				    "    pass\n"
				    "elif c4:\n"
				    "    pass\n"
				    "while c2:\n"
				    "    pass\n"
				    "r = not c3\n"
				    "t = c5 and c6\n"
				    "u = a not in z\n"
				    "v = a < b\n");
	ASSERT_EVENTS(s, EV_IN, "y/0/<module>;z/0/<module>;");
	ASSERT_EVENTS(s, EV_TRUTH, "?/0/<module>;c4/0/<module>;c2/0/<module>;c3/0/<module>;c5/0/<module>;");
	/* the first truth test is the comparison `x in y` itself */
	for (size_t i = 0; i < s->ev.len; i++)
		if (s->ev.items[i].kind == EV_TRUTH) {
			assert_int_equal(s->ev.items[i].sp.line, 1);
			assert_int_equal(s->ev.items[i].sp.col, 4);
			assert_int_equal(s->ev.items[i].sp.end_col, 10);
			break;
		}
	summary_free(s);
}

static void test_spans_code_points(void **state)
{
	(void)state;
	/* "é" is 2 bytes, "😀" 4: columns count code points */
	struct summary *s = extract("x = 1\n"
				    "y = \"\xC3\xA9\"; g(a)\n"
				    "z = '\xF0\x9F\x98\x80\xF0\x9F\x98\x80'; h.k()\n");
	int seen = 0;
	for (size_t i = 0; i < s->ev.len; i++) {
		const struct event *ev = &s->ev.items[i];
		if (ev->kind != EV_CALL)
			continue;
		if (strcmp(ex_text(s, ev->ex), "g(a)") == 0) {
			assert_int_equal(ev->sp.line, 2);
			assert_int_equal(ev->sp.col, 10);
			assert_int_equal(ev->sp.end_line, 2);
			assert_int_equal(ev->sp.end_col, 14);
			seen++;
		} else if (strcmp(ex_text(s, ev->ex), "h.k()") == 0) {
			assert_int_equal(ev->sp.line, 3);
			assert_int_equal(ev->sp.col, 11);
			assert_int_equal(ev->sp.end_col, 16);
			seen++;
		}
	}
	assert_int_equal(seen, 2);
	summary_free(s);
}

static void test_span_multiline_and_bom(void **state)
{
	(void)state;
	/* a BOM does not shift columns of the first line */
	struct summary *s = extract("\xEF\xBB\xBFg(1,\n  2)\n");
	assert_int_equal(s->ev.len, 1);
	assert_int_equal(s->ev.items[0].kind, EV_CALL);
	struct span sp = s->ev.items[0].sp;
	assert_int_equal(sp.line, 1);
	assert_int_equal(sp.col, 1);
	assert_int_equal(sp.end_line, 2);
	assert_int_equal(sp.end_col, 5);
	summary_free(s);
}

static void test_syntax_error_missing_token(void **state)
{
	(void)state;
	struct summary *s = extract("def f(:\n    pass\n\nh()\n");
	assert_int_equal(s->syntax_error_line, 1);
	assert_true(s->syntax_error_col >= 1 && s->syntax_error_col <= 8);
	ASSERT_EVENTS(s, EV_CALL, "h()/0/<module>;");
	summary_free(s);
}

/* An ERROR node in the tree: its symbol (ts_builtin_sym_error, 65535) is outside the grammar's
 * symbol table that facts_extract() dispatches on; this once read past that table and crashed. */
static void test_syntax_error_then_events(void **state)
{
	(void)state;
	struct summary *s = extract("a()\n"
				    "x = = 1\n"
				    "async def f():\n"
				    "    await g()\n");
	assert_int_equal(s->syntax_error_line, 2);
	assert_true(s->syntax_error_col >= 1 && s->syntax_error_col <= 7);
	ASSERT_EVENTS(s, EV_CALL, "a()/0/<module>;g()/1/f;");
	summary_free(s);
}

static void test_invalid_utf8_line(void **state)
{
	(void)state;
	struct summary *s = extract("a = 1\nb = 2\nc = '\xC3('\nd()\n");
	assert_int_equal(s->invalid_utf8_line, 3);
	summary_free(s);
	s = extract("ok = '\xC3\xA9'\n");
	assert_int_equal(s->invalid_utf8_line, 0);
	summary_free(s);
}

static void test_path_and_empty(void **state)
{
	(void)state;
	struct source src;
	source_from_text(&src, "", 0);
	struct summary *s = facts_extract(ctx, "pkg/empty.py", &src);
	source_free(&src);
	assert_string_equal(s->path, "pkg/empty.py");
	assert_int_equal(s->ev.len, 0);
	assert_int_equal(s->scopes.len, 0);
	assert_int_equal(s->imports.len, 0);
	assert_int_equal(s->syntax_error_line, 0);
	assert_string_equal(summary_str(s, 0), "");
	summary_free(s);
	summary_free(NULL);
}

/* pre, n copies of a, then x, then n copies of b. */
static char *nest(const char *pre, const char *a, const char *x, const char *b, int n)
{
	struct strbuf buf = {0};
	sb_puts(&buf, pre);
	for (int i = 0; i < n; i++)
		sb_puts(&buf, a);
	sb_puts(&buf, x);
	for (int i = 0; i < n; i++)
		sb_puts(&buf, b);
	sb_putc(&buf, '\n');
	return buf.s;
}

static void test_deep_nested_calls(void **state)
{
	(void)state;
	char *text = nest("", "f(", "x", ")", 10000);
	struct summary *s = extract(text);
	free(text);
	size_t calls = 0;
	for (size_t i = 0; i < s->ev.len; i++)
		calls += s->ev.items[i].kind == EV_CALL;
	assert_int_equal(calls, 10000); /* every call is a site, however deep */
	assert_int_equal(s->ev.items[0].kind, EV_CALL);
	assert_int_equal(s->ev.items[0].sp.col, 1);
	summary_free(s);
}

static void test_deep_nested_parens(void **state)
{
	(void)state;
	char *text = nest("", "(", "x", ")", 10000);
	struct summary *s = extract(text);
	free(text);
	assert_int_equal(s->syntax_error_line, 0);
	assert_int_equal(s->ev.len, 0); /* a bare name: no site */
	summary_free(s);
	text = nest("y = ", "[", "1", "]", 10000);
	s = extract(text);
	free(text);
	ASSERT_EVENTS(s, EV_ASSIGN, "[]/0/<module>;");
	summary_free(s);
	text = nest("z = ", "not ", "w", "", 10000);
	s = extract(text);
	free(text);
	size_t truth = 0;
	for (size_t i = 0; i < s->ev.len; i++)
		truth += s->ev.items[i].kind == EV_TRUTH;
	assert_int_equal(truth, 10000);
	assert_int_equal(s->syntax_error_line, 0);
	summary_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_imports),
		cmocka_unit_test(test_scopes),
		cmocka_unit_test(test_event_scopes_close),
		cmocka_unit_test(test_calls_awaited),
		cmocka_unit_test(test_for_events),
		cmocka_unit_test(test_subscript_flags),
		cmocka_unit_test(test_in_and_truth),
		cmocka_unit_test(test_spans_code_points),
		cmocka_unit_test(test_span_multiline_and_bom),
		cmocka_unit_test(test_syntax_error_missing_token),
		cmocka_unit_test(test_syntax_error_then_events),
		cmocka_unit_test(test_invalid_utf8_line),
		cmocka_unit_test(test_path_and_empty),
		cmocka_unit_test(test_deep_nested_calls),
		cmocka_unit_test(test_deep_nested_parens),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
