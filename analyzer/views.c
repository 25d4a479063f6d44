/* views: the project's views, from its URLconfs (path, re_path, url, include followed across
 * files, View.as_view(), DRF routers' register, django-ninja api.urls), and view-like functions
 * and classes no URLconf reaches. */
#include "engine.h"
#include "types.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- views ----------------------------------------------------------------------------------- */

static const char *const url_functions[] = {
	"django.urls.path", "django.urls.re_path", "django.conf.urls.url", "django.urls.conf.path",
	"django.urls.conf.re_path", NULL,
};

/* One URLconf entry: a view, or an include of another module, under a pattern. */
struct url_entry {
	int sum;         /* the urls module it is written in */
	char *pattern;
	int kind;        /* 0 view function, 1 class view, 2 include, 3 ninja api, 4 DRF router */
	int tsum, tscope, tcls;
	int target_mod;  /* include: the module included */
	char *router;    /* DRF: the router variable's name */
};

static const char *ex_string(const struct ctx *c, int32_t e)
{
	return e >= 0 && X(c, e)->kind == EX_STRING ? S(c, X(c, e)->str) : NULL;
}

static void add_view(struct view_list *out, const char *pattern, enum view_kind kind, int sum, int scope,
		     int cls, int routed)
{
	for (size_t i = 0; i < out->len; i++)
		if (out->items[i].sum == sum && out->items[i].scope == scope && out->items[i].kind == kind &&
		    strcmp(out->items[i].pattern, pattern) == 0)
			return;
	if (out->len == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 16;
		out->items = xrealloc(out->items, out->cap * sizeof *out->items);
	}
	out->items[out->len++] = (struct view){xstrdup(pattern), kind, sum, scope, cls, routed};
}

static const struct engine_opts views_opts = {.django_version = 502, .max_depth = 1};

/* A class a URLconf could route: a subclass of Django's View (generic views included), DRF's
 * APIView (generics, viewsets) or adrf's. Mixins alone are not views. */
static int is_view_class(djindex *ix, int cls)
{
	static const char *const prefixes[] = {"django.views.", "django.contrib.auth.views.", "rest_framework.views.",
					       "rest_framework.generics.", "rest_framework.viewsets.", "adrf.", NULL};
	const char *bases[16];
	size_t nb = index_external_bases(ix, cls, bases, 16);
	for (size_t b = 0; b < nb; b++)
		for (size_t p = 0; prefixes[p]; p++)
			if (str_has_prefix(bases[b], prefixes[p]) && !strstr(bases[b], "Mixin"))
				return 1;
	return 0;
}

/* A base other views are made from, not one a URLconf routes: named so (Base..., Abstract...,
 * ...Mixin), or a base of another project class. */
static int is_base_view(djindex *ix, int cls, const uint8_t *is_base)
{
	const struct class_info *ci = index_class(ix, cls);
	const char *name = summary_str(index_summary(ix, ci->sum), index_summary(ix, ci->sum)->scopes.items[ci->scope].name);
	return is_base[cls] || str_has_prefix(name, "Base") || str_has_prefix(name, "Abstract") ||
	       str_has_suffix(name, "Mixin") || str_has_prefix(name, "_");
}

/* A module Python can import by its name: a cookiecutter template's
 * `{{ cookiecutter.project_slug }}/views.py` is not one, so it holds no view. */
static int importable(djindex *ix, int sum)
{
	for (const char *p = index_import_name(ix, sum); *p; p++)
		if (!(*p == '.' || *p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80))
			return 0;
	return 1;
}

/* Module-level view classes of the project's modules that no URLconf reaches (routed 0). */
static void unrouted_classes(djindex *ix, struct summary *const *sums, size_t n, struct view_list *out)
{
	size_t n_classes = index_class_count(ix);
	if (!n_classes)
		return;
	/* which project classes other project classes derive from (any base, not only the first) */
	uint8_t *is_base = xcalloc(n_classes, 1);
	for (size_t c = 0; c < n_classes; c++) {
		int bases[16];
		size_t nb = index_project_bases(ix, (int)c, bases, 16);
		for (size_t b = 0; b < nb; b++)
			is_base[bases[b]] = 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!importable(ix, (int)i))
			continue;
		for (size_t k = 0; k < sums[i]->scopes.len; k++) {
			const struct scope *sc = &sums[i]->scopes.items[k];
			if (sc->kind != SC_CLASS || sc->parent != -1 || sc->bases < 0)
				continue;
			int cls = index_class_of_scope(ix, (int)i, (int)k);
			if (cls < 0 || is_base_view(ix, cls, is_base) || !is_view_class(ix, cls))
				continue;
			int routed = 0;
			for (size_t v = 0; v < out->len && !routed; v++)
				routed = out->items[v].kind == VIEW_CLASS && out->items[v].cls == cls;
			if (!routed)
				add_view(out, "", VIEW_CLASS, (int)i, (int)k, cls, 0);
		}
	}
	free(is_base);
}

/* The entries of one urls module: module-level path()/re_path()/url() calls. */
struct url_entries {
	struct url_entry *items;
	size_t len, cap;
};

static void url_entries(struct ctx *c, struct url_entries *out)
{
	for (size_t k = 0; k < c->s->ev.len; k++) {
		const struct event *ev = &c->s->ev.items[k];
		if (ev->scope != -1 || ev->kind != EV_CALL)
			continue;
		struct type fn = ty_eval(c, -1, X(c, ev->ex)->a, 0);
		if (fn.kind != T_EXTERNAL || str_in(fn.qual, url_functions) < 0)
			continue;
		const char *pat = ex_string(c, ty_nth_arg(c, ev->ex, 0));
		int32_t target = ty_nth_arg(c, ev->ex, 1);
		if (!pat || target < 0)
			continue;
		struct url_entry u = {.sum = c->sum, .pattern = xstrdup(pat), .kind = -1, .tsum = -1, .tscope = -1,
				      .tcls = -1, .target_mod = -1};
		/* csrf_exempt(GraphQLView.as_view(...)), login_required(views.profile): the wrapped view */
		for (int unwrap = 0; unwrap < 4; unwrap++) {
			const struct ex *w = X(c, target);
			if (w->kind != EX_CALL || X(c, w->a)->kind == EX_ATTR)
				break;
			struct type wf = ty_eval(c, -1, w->a, 0);
			if (wf.kind == T_EXTERNAL && (strcmp(wf.qual, "django.urls.include") == 0 ||
						      strcmp(wf.qual, "django.conf.urls.include") == 0))
				break;
			int32_t inner = ty_nth_arg(c, target, 0);
			if (inner < 0)
				break;
			target = inner;
		}
		const struct ex *tx = X(c, target);
		if (tx->kind == EX_CALL) {
			const struct ex *f = X(c, tx->a);
			struct type ft = ty_eval(c, -1, tx->a, 0);
			if (f->kind == EX_ATTR && strcmp(S(c, f->str), "as_view") == 0) {
				struct type cls = ty_eval(c, -1, f->a, 0);
				if ((cls.kind == T_CLASS || cls.kind == T_MODEL_CLASS) && cls.cls >= 0) {
					u.kind = 1;
					u.tcls = cls.cls;
				}
			} else if (ft.kind == T_EXTERNAL && (strcmp(ft.qual, "django.urls.include") == 0 ||
							     strcmp(ft.qual, "django.conf.urls.include") == 0)) {
				int32_t a = ty_nth_arg(c, target, 0);
				const char *mod = ex_string(c, a);
				struct sym y = mod ? index_resolve_qual(c->ix, mod) : (struct sym){.kind = SYM_NONE};
				if (!mod && a >= 0) {
					struct type t = ty_eval(c, -1, a, 0);
					if (t.kind == T_MODULE)
						y = (struct sym){.kind = SYM_MODULE, .sum = t.sum};
				}
				if (!mod && a >= 0 && y.kind != SYM_MODULE && X(c, a)->kind == EX_NAME) {
					/* include(legacy_urlpatterns), a list imported from another module: that
					 * module's entries (all of them: its lists are not told apart) */
					struct sym v = index_resolve_name(c->ix, c->sum, S(c, X(c, a)->str));
					if (v.kind == SYM_VAR && v.sum >= 0 && v.sum != c->sum)
						y = (struct sym){.kind = SYM_MODULE, .sum = v.sum};
				}
				if (y.kind == SYM_MODULE) {
					u.kind = 2;
					u.target_mod = y.sum;
				}
			}
		} else if (tx->kind == EX_ATTR && strcmp(S(c, tx->str), "urls") == 0) {
			struct type o = ty_eval(c, -1, tx->a, 0);
			if (o.kind == T_EXT_INSTANCE && o.qual && str_has_prefix(o.qual, "ninja."))
				u.kind = 3;
			else if (o.kind == T_EXT_INSTANCE && o.qual && str_has_prefix(o.qual, "rest_framework.routers.") &&
				 X(c, tx->a)->kind == EX_NAME) {
				u.kind = 4;
				u.router = xstrdup(S(c, X(c, tx->a)->str));
			}
		} else {
			struct type t = ty_eval(c, -1, target, 0);
			if (t.kind == T_FUNCTION) {
				u.kind = 0;
				u.tsum = t.sum;
				u.tscope = t.aux;
			}
		}
		if (u.kind < 0) {
			free(u.pattern);
			continue;
		}
		VEC_PUSH(*out, u);
	}
}

/* router.register("books", BookViewSet) calls of module `c` for router `name`. */
static void router_views(struct ctx *c, const char *name, const char *prefix, struct view_list *out)
{
	for (size_t k = 0; k < c->s->ev.len; k++) {
		const struct event *ev = &c->s->ev.items[k];
		if (ev->scope != -1 || ev->kind != EV_CALL)
			continue;
		const struct ex *f = X(c, X(c, ev->ex)->a);
		if (f->kind != EX_ATTR || strcmp(S(c, f->str), "register") != 0 || X(c, f->a)->kind != EX_NAME ||
		    strcmp(S(c, X(c, f->a)->str), name) != 0)
			continue;
		const char *pat = ex_string(c, ty_nth_arg(c, ev->ex, 0));
		struct type cls = ty_eval(c, -1, ty_nth_arg(c, ev->ex, 1), 0);
		if (!pat || cls.kind != T_CLASS || cls.cls < 0)
			continue;
		const struct class_info *ci = index_class(c->ix, cls.cls);
		char *full = xasprintf("%s%s/", prefix, pat);
		add_view(out, full, VIEW_CLASS, ci->sum, ci->scope, cls.cls, 1);
		free(full);
	}
}


/* An included pattern under its prefix, as Django matches it: re_path's anchors inside the
 * joined pattern dropped ("^api/" + "^_health/$" is "^api/_health/$"). Caller frees. */
static char *join_pattern(const char *prefix, const char *pattern)
{
	size_t lp = strlen(prefix);
	int trim_end = lp && prefix[lp - 1] == '$';
	int trim_start = prefix[0] && pattern[0] == '^';
	return xasprintf("%.*s%s", (int)(lp - (size_t)trim_end), prefix, pattern + trim_start);
}

/* Whether function scope `sc` has a decorator `@x.get(...)`, `@x.post`, ...: it may be a
 * django-ninja operation (engine_root_kind decides). */
static int verb_decorated(const struct summary *s, const struct scope *sc)
{
	static const char *const verbs[] = {"get", "post", "put", "patch", "delete", "api_operation", "head", "options", NULL};
	for (int32_t d = sc->decorators; d >= 0; d = s->ex.items[d].next) {
		const struct ex *x = &s->ex.items[d];
		if (x->kind == EX_CALL)
			x = &s->ex.items[x->a];
		if (x->kind == EX_ATTR && str_in(summary_str(s, x->str), verbs) >= 0)
			return 1;
	}
	return 0;
}

/* Whether module `s` can hold URL entries or ROOT_URLCONF, by the names alone: a module-level
 * call of something named path, re_path or url, or an assignment to ROOT_URLCONF. The rest
 * (most modules) need no evaluation context. */
static int may_route(const struct summary *s)
{
	static const char *const names[] = {"path", "re_path", "url", NULL};
	for (size_t k = 0; k < s->ev.len; k++) {
		const struct event *ev = &s->ev.items[k];
		if (ev->scope != -1 || ev->ex < 0)
			continue;
		if (ev->kind == EV_ASSIGN && ev->target >= 0 && s->ex.items[ev->target].kind == EX_NAME &&
		    strcmp(summary_str(s, s->ex.items[ev->target].str), "ROOT_URLCONF") == 0)
			return 1;
		if (ev->kind != EV_CALL)
			continue;
		const struct ex *f = &s->ex.items[s->ex.items[ev->ex].a];
		if ((f->kind == EX_NAME || f->kind == EX_ATTR) && str_in(summary_str(s, f->str), names) >= 0)
			return 1;
	}
	return 0;
}

void engine_views(djindex *ix, struct summary *const *sums, size_t n, struct view_list *out)
{
	struct url_entries entries = {0};
	int root_conf = -1;
	for (size_t i = 0; i < n; i++) {
		if ((sums[i]->shallow && !sums[i]->ev.len) || !may_route(sums[i]))
			continue;
		struct ctx *c = ty_sub_ctx(ix, (int)i, &views_opts, 0, 1);
		url_entries(c, &entries);
		/* ROOT_URLCONF = "project.urls" in a settings module */
		for (size_t k = 0; k < c->s->ev.len; k++) {
			const struct event *ev = &c->s->ev.items[k];
			if (ev->kind == EV_ASSIGN && ev->scope == -1 && ev->target >= 0 && X(c, ev->target)->kind == EX_NAME &&
			    strcmp(S(c, X(c, ev->target)->str), "ROOT_URLCONF") == 0 && ex_string(c, ev->ex)) {
				struct sym y = index_resolve_qual(ix, ex_string(c, ev->ex));
				if (y.kind == SYM_MODULE)
					root_conf = y.sum;
			}
		}
		ty_sub_ctx_free(c);
	}
	/* roots: ROOT_URLCONF, else every module with entries that no include() reaches */
	uint8_t *has = xcalloc(n ? n : 1, 1), *included = xcalloc(n ? n : 1, 1);
	for (size_t k = 0; k < entries.len; k++) {
		has[entries.items[k].sum] = 1;
		if (entries.items[k].kind == 2)
			included[entries.items[k].target_mod] = 1;
	}
	struct todo {
		int sum;
		char *prefix;
	};
	VEC(struct todo) stack = {0};
	for (size_t i = n; i-- > 0;)
		if (has[i] && (root_conf >= 0 ? (int)i == root_conf : !included[i]))
			VEC_PUSH(stack, ((struct todo){(int)i, xstrdup("")}));
	uint8_t *seen = xcalloc(n ? n : 1, 1);
	while (stack.len) {
		struct todo t = stack.items[--stack.len];
		if (seen[t.sum]) {
			free(t.prefix);
			continue;
		}
		seen[t.sum] = 1;
		for (size_t k = 0; k < entries.len; k++) {
			const struct url_entry *u = &entries.items[k];
			if (u->sum != t.sum)
				continue;
			char *pat = join_pattern(t.prefix, u->pattern);
			if (u->kind == 0) {
				add_view(out, pat, VIEW_FUNCTION, u->tsum, u->tscope, -1, 1);
			} else if (u->kind == 1) {
				const struct class_info *ci = index_class(ix, u->tcls);
				add_view(out, pat, VIEW_CLASS, ci->sum, ci->scope, u->tcls, 1);
			} else if (u->kind == 2) {
				VEC_PUSH(stack, ((struct todo){u->target_mod, xstrdup(pat)}));
			} else if (u->kind == 4) {
				struct ctx *c = ty_sub_ctx(ix, u->sum, &views_opts, 0, 1);
				router_views(c, u->router, pat, out);
				ty_sub_ctx_free(c);
			} else if (u->kind == 3) {
				/* django-ninja: every operation of the project under this prefix */
				for (size_t i = 0; i < n; i++) {
					struct ctx *c = NULL;
					for (size_t s2 = 0; s2 < sums[i]->scopes.len; s2++) {
						uint8_t kind = sums[i]->scopes.items[s2].kind;
						if ((kind != SC_FUNCTION && kind != SC_ASYNC_FUNCTION) ||
						    sums[i]->scopes.items[s2].decorators < 0)
							continue;
						if (!c)
							c = ty_sub_ctx(ix, (int)i, &views_opts, 0, 1);
						if (strcmp(engine_root_kind(c, (int)s2), "ninja") == 0)
							add_view(out, pat, VIEW_NINJA, (int)i, (int)s2, -1, 1);
					}
					if (c)
						ty_sub_ctx_free(c);
				}
			}
			free(pat);
		}
		free(t.prefix);
	}
	/* view-like code no URLconf reaches: async roots of view kinds, sync defs taking
	 * `request` in a views module; then view classes (routers filled at run time, plugin
	 * registries: baserow registers most of its DRF views so) */
	for (size_t i = 0; i < n; i++) {
		struct ctx *c = NULL;
		const char *mod = index_module_name(ix, (int)i);
		int views_module = str_has_suffix(mod, "views") || strstr(mod, ".views.") != NULL;
		int can_import = importable(ix, (int)i);
		for (size_t k = 0; k < sums[i]->scopes.len && can_import; k++) {
			const struct scope *sc = &sums[i]->scopes.items[k];
			int routed = 0;
			for (size_t v = 0; v < out->len && !routed; v++)
				routed = out->items[v].sum == (int)i && out->items[v].scope == (int)k;
			if (routed || sc->parent != -1 || (sc->kind != SC_FUNCTION && sc->kind != SC_ASYNC_FUNCTION) ||
			    sc->params < 0)
				continue;
			const struct summary *s = sums[i];
			const char *first = summary_str(s, s->ex.items[sc->params].str);
			int request = strcmp(first, "request") == 0;
			if (!verb_decorated(s, sc) && !(request && (sc->kind == SC_ASYNC_FUNCTION || views_module)))
				continue; /* neither a ninja operation nor view-like: no need to look closer */
			if (!c)
				c = ty_sub_ctx(ix, (int)i, &views_opts, 0, 1);
			const char *kind = engine_root_kind(c, (int)k);
			if (strcmp(kind, "ninja") == 0) {
				add_view(out, "", VIEW_NINJA, (int)i, (int)k, -1, 0);
			} else if (strcmp(kind, "other-framework") == 0 && sc->kind == SC_ASYNC_FUNCTION) {
				if (out->n_others == out->cap_others) {
					out->cap_others = out->cap_others ? out->cap_others * 2 : 4;
					out->others = xrealloc(out->others, out->cap_others * sizeof *out->others);
				}
				out->others[out->n_others++] = (struct view){xstrdup(""), VIEW_FUNCTION, (int)i, (int)k, -1, 0};
			} else if (request && strcmp(kind, "view") == 0 && (sc->kind == SC_ASYNC_FUNCTION || views_module)) {
				add_view(out, "", VIEW_FUNCTION, (int)i, (int)k, -1, 0);
			}
		}
		if (c)
			ty_sub_ctx_free(c);
	}
	unrouted_classes(ix, sums, n, out);
	for (size_t k = 0; k < entries.len; k++) {
		free(entries.items[k].pattern);
		free(entries.items[k].router);
	}
	VEC_FREE(entries);
	VEC_FREE(stack);
	free(has);
	free(included);
	free(seen);
}

void view_list_free(struct view_list *v)
{
	for (size_t i = 0; i < v->len; i++)
		free(v->items[i].pattern);
	free(v->items);
	for (size_t i = 0; i < v->n_others; i++)
		free(v->others[i].pattern);
	free(v->others);
	memset(v, 0, sizeof *v);
}

size_t engine_view_handlers(djindex *ix, int cls, int *sums_out, int *scopes_out, size_t max)
{
	static const char *const handlers[] = {"dispatch", "get", "post", "put", "patch", "delete", "head",
					       "options", "list", "retrieve", "create", "update",
					       "partial_update", "destroy", NULL};
	size_t n = 0;
	for (size_t i = 0; handlers[i] && n < max; i++) {
		int sum = -1;
		int scope = index_method(ix, cls, handlers[i], &sum);
		if (scope >= 0) {
			sums_out[n] = sum;
			scopes_out[n++] = scope;
		}
	}
	return n;
}
