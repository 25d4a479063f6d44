/* config: walks the TOML syntax tree of tree-sitter-toml (no hand-written TOML parser) for the
 * [tool.djasync] table and turns its keys into struct config, checking each key and type. */
#include "config.h"
#include "findings.h"
#include "rules.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <tree_sitter/api.h>
#include <unistd.h>

const TSLanguage *tree_sitter_toml(void);

struct loader {
	const char *path;
	const char *text;
	struct config *c;
	struct diag *d;
};

static void vec_add(struct str_vec *v, char *s)
{
	VEC_PUSH(*v, s);
}

static void vec_free(struct str_vec *v)
{
	for (size_t i = 0; i < v->len; i++)
		free(v->items[i]);
	VEC_FREE(*v);
}

static int node_is(TSNode n, const char *type)
{
	return strcmp(ts_node_type(n), type) == 0;
}

static int fail_at(struct loader *l, TSNode n, const char *fmt, const char *arg)
{
	TSPoint p = ts_node_start_point(n);
	char msg[300];
	snprintf(msg, sizeof msg, fmt, arg);
	diag_set(l->d, "%s:%u:%u: %s", l->path, p.row + 1, p.column + 1, msg);
	return -1;
}

/* A TOML string's value: quotes removed, the common escapes decoded. */
static char *string_value(struct loader *l, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	const char *s = l->text + a, *e = l->text + b;
	int literal = *s == '\'';
	size_t q = (e - s >= 6 && (strncmp(s, "\"\"\"", 3) == 0 || strncmp(s, "'''", 3) == 0)) ? 3 : 1;
	s += q;
	e -= q;
	struct strbuf out = {0};
	for (; s < e; s++) {
		if (!literal && *s == '\\' && s + 1 < e) {
			s++;
			switch (*s) {
			case 'n': sb_putc(&out, '\n'); break;
			case 't': sb_putc(&out, '\t'); break;
			case 'r': sb_putc(&out, '\r'); break;
			default: sb_putc(&out, *s); break;
			}
		} else {
			sb_putc(&out, *s);
		}
	}
	return out.s ? out.s : xstrdup("");
}

/* A key (bare, quoted or dotted) as text: "tool.djasync". */
static char *key_text(struct loader *l, TSNode k)
{
	if (node_is(k, "quoted_key") || node_is(k, "string"))
		return string_value(l, k);
	if (node_is(k, "dotted_key")) {
		struct strbuf b = {0};
		for (uint32_t i = 0; i < ts_node_named_child_count(k); i++) {
			char *part = key_text(l, ts_node_named_child(k, i));
			if (b.len)
				sb_putc(&b, '.');
			sb_puts(&b, part);
			free(part);
		}
		return b.s ? b.s : xstrdup("");
	}
	uint32_t a = ts_node_start_byte(k), b = ts_node_end_byte(k);
	return xstrndup(l->text + a, b - a);
}

static int string_list(struct loader *l, TSNode v, const char *key, struct str_vec *out)
{
	if (!node_is(v, "array"))
		return fail_at(l, v, "'%s' must be an array of strings", key);
	for (uint32_t i = 0; i < ts_node_named_child_count(v); i++) {
		TSNode e = ts_node_named_child(v, i);
		if (node_is(e, "comment"))
			continue;
		if (!node_is(e, "string"))
			return fail_at(l, e, "'%s' must be an array of strings", key);
		vec_add(out, string_value(l, e));
	}
	return 0;
}

/* A list of rule selectors: each must select a rule ("ALL", a code or a code's prefix). */
static int selector_list(struct loader *l, TSNode v, const char *key, struct str_vec *out)
{
	size_t from = out->len;
	if (string_list(l, v, key, out) != 0)
		return -1;
	for (uint32_t i = 0, k = (uint32_t)from; i < ts_node_named_child_count(v); i++) {
		TSNode e = ts_node_named_child(v, i);
		if (node_is(e, "comment"))
			continue;
		const char *sel = out->items[k++];
		if (!rule_selector_valid(sel)) {
			char msg[200];
			snprintf(msg, sizeof msg, "unknown rule code '%%s' in '%s' (did you mean '%s'?)", key,
				 rule_closest(sel));
			return fail_at(l, e, msg, sel);
		}
	}
	return 0;
}

static int string_value_of(struct loader *l, TSNode v, const char *key, char **out)
{
	if (!node_is(v, "string"))
		return fail_at(l, v, "'%s' must be a string", key);
	free(*out);
	*out = string_value(l, v);
	return 0;
}

static int set_key(struct loader *l, const char *key, TSNode k, TSNode v);

/* The pairs of a table (inline, [tool.djasync] or a sub-table), each handed to `each`. */
static int table_pairs(struct loader *l, TSNode t, const char *key,
		       int (*each)(struct loader *, const char *, TSNode, TSNode))
{
	for (uint32_t i = 0; i < ts_node_named_child_count(t); i++) {
		TSNode p = ts_node_named_child(t, i);
		if (!node_is(p, "pair"))
			continue;
		TSNode k = ts_node_named_child(p, 0), v = ts_node_named_child(p, 1);
		char *name = key_text(l, k);
		int rc = each(l, name, k, v);
		free(name);
		if (rc)
			return rc;
	}
	(void)key;
	return 0;
}

static int per_file_entry(struct loader *l, const char *glob, TSNode k, TSNode v)
{
	(void)k;
	struct per_file_ignore e = {xstrdup(glob), {0}};
	if (selector_list(l, v, "per-file-ignores", &e.codes) != 0) {
		free(e.glob);
		vec_free(&e.codes);
		return -1;
	}
	l->c->per_file = xrealloc(l->c->per_file, (l->c->n_per_file + 1) * sizeof *l->c->per_file);
	l->c->per_file[l->c->n_per_file++] = e;
	return 0;
}

static int blocking_entry(struct loader *l, const char *name, TSNode k, TSNode v)
{
	(void)k;
	char *sugg = NULL;
	if (string_value_of(l, v, "blocking-calls", &sugg) != 0)
		return -1;
	l->c->blocking = xrealloc(l->c->blocking, (l->c->n_blocking + 1) * sizeof *l->c->blocking);
	l->c->blocking[l->c->n_blocking++] = (struct extra_call){xstrdup(name), sugg};
	return 0;
}

static int effort_entry(struct loader *l, const char *name, TSNode k, TSNode v)
{
	(void)k;
	if (!node_is(v, "integer") && !node_is(v, "float"))
		return fail_at(l, v, "'%s' must be a number (minutes, or a range factor)", name);
	static const char *const names[] = {"convert-view", "mechanical", "wrap", "relation", "framework",
					    "library", "library-port", "per-app", "per-middleware", "low", "high", NULL};
	if (str_in(name, names) < 0)
		return fail_at(l, k, "unknown key '%s' in [tool.djasync.effort] (known: convert-view, mechanical, "
				     "wrap, relation, framework, library, library-port, per-app, per-middleware, low, high)",
			       name);
	uint32_t a = ts_node_start_byte(v), b = ts_node_end_byte(v);
	char *t = xstrndup(l->text + a, b - a);
	double val = strtod(t, NULL);
	free(t);
	struct config *c = l->c;
	c->effort_keys = xrealloc(c->effort_keys, (c->n_effort + 1) * sizeof *c->effort_keys);
	c->effort_values = xrealloc(c->effort_values, (c->n_effort + 1) * sizeof *c->effort_values);
	c->effort_keys[c->n_effort] = xstrdup(name);
	c->effort_values[c->n_effort++] = val;
	return 0;
}

static const char *const known_keys =
	"select, extend-select, ignore, extend-ignore, exclude, per-file-ignores, django-version, min-confidence, fail-on, "
	"async-roots, blocking-calls, safe-calls, python-env, respect-gitignore";

static int set_key(struct loader *l, const char *key, TSNode k, TSNode v)
{
	struct config *c = l->c;
	struct selection *sel = &c->sel[0];
	if (strcmp(key, "select") == 0) {
		sel->has_select = 1;
		return selector_list(l, v, key, &sel->select);
	}
	if (strcmp(key, "extend-select") == 0)
		return selector_list(l, v, key, &sel->extend_select);
	if (strcmp(key, "ignore") == 0)
		return selector_list(l, v, key, &sel->ignore);
	if (strcmp(key, "extend-ignore") == 0)
		return selector_list(l, v, key, &sel->extend_ignore);
	if (strcmp(key, "exclude") == 0)
		return string_list(l, v, key, &c->exclude);
	if (strcmp(key, "async-roots") == 0)
		return string_list(l, v, key, &c->async_roots);
	if (strcmp(key, "safe-calls") == 0)
		return string_list(l, v, key, &c->safe_calls);
	if (strcmp(key, "django-version") == 0) {
		if (string_value_of(l, v, key, &c->django_version) != 0)
			return -1;
		int ok = 1;
		for (const char *p = c->django_version; *p; p++)
			ok &= (*p >= '0' && *p <= '9') || *p == '.';
		return ok && c->django_version[0] ? 0 : fail_at(l, v, "'%s' must look like \"4.2\"", key);
	}
	if (strcmp(key, "min-confidence") == 0 || strcmp(key, "fail-on") == 0) {
		char *s = NULL;
		if (string_value_of(l, v, key, &s) != 0)
			return -1;
		int val = key[0] == 'm' ? confidence_parse(s)
			  : strcmp(s, "info") == 0 ? SEV_INFO : strcmp(s, "warning") == 0 ? SEV_WARNING
			  : strcmp(s, "error") == 0 ? SEV_ERROR : -1;
		free(s);
		if (val < 0)
			return fail_at(l, v, key[0] == 'm' ? "'%s' must be \"low\", \"medium\" or \"high\""
							   : "'%s' must be \"info\", \"warning\" or \"error\"", key);
		if (key[0] == 'm')
			c->min_confidence = val;
		else
			c->fail_on = val;
		return 0;
	}
	if (strcmp(key, "python-env") == 0)
		return string_value_of(l, v, key, &c->python_env);
	if (strcmp(key, "respect-gitignore") == 0) {
		if (!node_is(v, "boolean"))
			return fail_at(l, v, "'%s' must be true or false", key);
		c->respect_gitignore = l->text[ts_node_start_byte(v)] == 't';
		return 0;
	}
	if (strcmp(key, "per-file-ignores") == 0 || strcmp(key, "blocking-calls") == 0) {
		if (!node_is(v, "inline_table"))
			return fail_at(l, v, "'%s' must be a table", key);
		return table_pairs(l, v, key, key[0] == 'p' ? per_file_entry : blocking_entry);
	}
	char msg[400];
	snprintf(msg, sizeof msg, "unknown key '%%s' in [tool.djasync] (known keys: %s)", known_keys);
	return fail_at(l, k, msg, key);
}

/* The settings of [tool.djasync] (prefix NULL) or of one of its sub-tables. */
static int apply_table(struct loader *l, TSNode t, const char *prefix)
{
	int (*each)(struct loader *, const char *, TSNode, TSNode) =
		!prefix					    ? set_key
		: strcmp(prefix, "per-file-ignores") == 0 ? per_file_entry
		: strcmp(prefix, "effort") == 0		    ? effort_entry
							    : blocking_entry;
	return table_pairs(l, t, prefix, each);
}

/* The first syntax error's position. */
static TSNode first_error(TSNode n)
{
	for (;;) {
		if (ts_node_is_error(n) || ts_node_is_missing(n))
			return n;
		int found = 0;
		for (uint32_t i = 0; i < ts_node_child_count(n) && !found; i++) {
			TSNode ch = ts_node_child(n, i);
			if (ts_node_has_error(ch) || ts_node_is_missing(ch)) {
				n = ch;
				found = 1;
			}
		}
		if (!found)
			return n;
	}
}

int config_load(const char *path, struct config *c, struct diag *d)
{
	memset(c, 0, sizeof *c);
	c->min_confidence = c->fail_on = c->respect_gitignore = -1;
	char *text = read_file(path, NULL);
	if (!text) {
		diag_set(d, "%s: cannot read the configuration: %s", path, io_strerror());
		return -1;
	}
	c->path = xstrdup(path);
	TSParser *p = ts_parser_new();
	ts_parser_set_language(p, tree_sitter_toml());
	TSTree *tree = ts_parser_parse_string(p, NULL, text, (uint32_t)strlen(text));
	TSNode root = ts_tree_root_node(tree);
	struct loader l = {path, text, c, d};
	int rc = 0, found = 0;
	if (ts_node_has_error(root)) {
		rc = fail_at(&l, first_error(root), "%s", "invalid TOML");
		goto out;
	}
	for (uint32_t i = 0; i < ts_node_named_child_count(root) && rc == 0; i++) {
		TSNode t = ts_node_named_child(root, i);
		if (!node_is(t, "table"))
			continue;
		char *name = key_text(&l, ts_node_named_child(t, 0));
		if (strcmp(name, "tool.djasync") == 0) {
			found = 1;
			rc = apply_table(&l, t, NULL);
		} else if (strcmp(name, "tool.djasync.per-file-ignores") == 0 ||
			   strcmp(name, "tool.djasync.blocking-calls") == 0 || strcmp(name, "tool.djasync.effort") == 0) {
			found = 1;
			rc = apply_table(&l, t, name + 13);
		} else if (str_has_prefix(name, "tool.djasync.")) {
			rc = fail_at(&l, t, "unknown table [%s]", name);
		}
		free(name);
	}
	if (!found && rc == 0 && !str_has_suffix(path, "pyproject.toml")) {
		rc = apply_table(&l, root, NULL); /* a djasync.toml: the settings at the top level */
		for (uint32_t i = 0; i < ts_node_named_child_count(root) && rc == 0; i++) {
			TSNode t = ts_node_named_child(root, i); /* and its sub-tables: [effort] */
			if (!node_is(t, "table"))
				continue;
			char *name = key_text(&l, ts_node_named_child(t, 0));
			if (strcmp(name, "per-file-ignores") == 0 || strcmp(name, "blocking-calls") == 0 ||
			    strcmp(name, "effort") == 0)
				rc = apply_table(&l, t, name);
			else
				rc = fail_at(&l, t, "unknown table [%s]", name);
			free(name);
		}
	}
out:
	ts_tree_delete(tree);
	ts_parser_delete(p);
	free(text);
	if (rc)
		config_free(c);
	return rc;
}

char *config_find(const char *start)
{
	char real[PATH_MAX];
	if (!realpath(start, real))
		return NULL;
	struct stat st;
	if (stat(real, &st) == 0 && !S_ISDIR(st.st_mode)) {
		char *slash = strrchr(real, '/');
		if (slash && slash != real)
			*slash = 0;
	}
	char *dir = xstrdup(real);
	for (;;) {
		static const char *const own[] = {".djasync.toml", "djasync.toml"}; /* as Ruff's order */
		for (int k = 0; k < 2; k++) {
			char *f = xasprintf("%s/%s", dir, own[k]);
			if (stat(f, &st) == 0 && S_ISREG(st.st_mode)) {
				free(dir);
				return f;
			}
			free(f);
		}
		char *py = xasprintf("%s/pyproject.toml", dir);
		char *text = read_file(py, NULL);
		if (!text)
			warn_not_read(py);
		int has = text && strstr(text, "[tool.djasync");
		free(text);
		if (has) {
			free(dir);
			return py;
		}
		free(py);
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			break;
		*slash = 0;
	}
	free(dir);
	return NULL;
}

char *config_project_root(const struct config *c, const char *start)
{
	const char *slash = c && c->path ? strrchr(c->path, '/') : NULL;
	if (slash)
		return slash == c->path ? xstrdup("/") : xstrndup(c->path, (size_t)(slash - c->path));
	if (c && c->path)
		return xstrdup(".");
	char real[PATH_MAX];
	struct stat st;
	if (realpath(start, real) && stat(real, &st) == 0) {
		if (!S_ISDIR(st.st_mode) && strrchr(real, '/') && strrchr(real, '/') != real)
			*strrchr(real, '/') = 0;
		for (;;) {
			char *git = xasprintf("%s/.git", real);
			int yes = lstat(git, &st) == 0;
			free(git);
			if (yes)
				return xstrdup(real);
			char *up = strrchr(real, '/');
			if (!up || up == real)
				break;
			*up = 0;
		}
	}
	return xstrdup(".");
}

void config_free(struct config *c)
{
	free(c->path);
	selection_free(&c->sel[0]);
	selection_free(&c->sel[1]);
	vec_free(&c->exclude);
	vec_free(&c->async_roots);
	vec_free(&c->safe_calls);
	for (size_t i = 0; i < c->n_per_file; i++) {
		free(c->per_file[i].glob);
		vec_free(&c->per_file[i].codes);
	}
	free(c->per_file);
	for (size_t i = 0; i < c->n_blocking; i++) {
		free(c->blocking[i].name);
		free(c->blocking[i].suggestion);
	}
	free(c->blocking);
	free(c->django_version);
	free(c->python_env);
	for (size_t i = 0; i < c->n_effort; i++)
		free(c->effort_keys[i]);
	free(c->effort_keys);
	free(c->effort_values);
	memset(c, 0, sizeof *c);
	c->min_confidence = c->fail_on = c->respect_gitignore = -1;
}

/* The length of the most specific selector of `v` that selects `id` (ALL: 0); -1: none. */
static int specificity(const struct str_vec *v, const char *id)
{
	int best = -1;
	for (size_t i = 0; i < v->len; i++) {
		const char *s = v->items[i];
		int n = strcasecmp(s, "ALL") == 0 ? 0 : strncasecmp(id, s, strlen(s)) == 0 ? (int)strlen(s) : -1;
		if (n > best)
			best = n;
	}
	return best;
}

int config_rule_enabled(const struct config *c, const char *id)
{
	int on = 1; /* every rule, unless a layer says otherwise */
	for (int k = 0; k < 2; k++) {
		const struct selection *s = &c->sel[k];
		int in = specificity(&s->select, id), ext = specificity(&s->extend_select, id);
		int out = specificity(&s->ignore, id), ext_out = specificity(&s->extend_ignore, id);
		if (ext > in)
			in = ext;
		if (ext_out > out)
			out = ext_out;
		if (in < 0 && out < 0)
			on = s->has_select ? 0 : on;
		else
			on = in > out;
	}
	return on;
}

int selection_add(struct str_vec *v, const char *list, const char *what, struct diag *d)
{
	const char *p = list;
	for (;;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && (*p == ' ' || *p == '\t'))
			p++, n--;
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n) {
			char *sel = xstrndup(p, n);
			if (!rule_selector_valid(sel)) {
				diag_set(d, "%s: unknown rule code '%s' (did you mean '%s'?)", what, sel, rule_closest(sel));
				free(sel);
				return -1;
			}
			VEC_PUSH(*v, sel);
		}
		if (!e)
			return 0;
		p = e + 1;
	}
}

void selection_copy(struct selection *to, const struct selection *from)
{
	const struct str_vec *fv[4] = {&from->select, &from->extend_select, &from->ignore, &from->extend_ignore};
	struct str_vec *tv[4] = {&to->select, &to->extend_select, &to->ignore, &to->extend_ignore};
	for (int v = 0; v < 4; v++)
		for (size_t k = 0; k < fv[v]->len; k++)
			vec_add(tv[v], xstrdup(fv[v]->items[k]));
	to->has_select = from->has_select;
}

void selection_free(struct selection *s)
{
	vec_free(&s->select);
	vec_free(&s->extend_select);
	vec_free(&s->ignore);
	vec_free(&s->extend_ignore);
	s->has_select = 0;
}

int config_ignored_in(const struct config *c, const char *path, const char *id)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (size_t i = 0; i < c->n_per_file; i++)
		if ((fnmatch(c->per_file[i].glob, path, 0) == 0 || fnmatch(c->per_file[i].glob, base, 0) == 0) &&
		    specificity(&c->per_file[i].codes, id) >= 0)
			return 1;
	return 0;
}
