/* test_corpus: the annotation runner. Each corpus/<family>/ Python file, and each
 * corpus/projects/<name>/ folder as a whole, is scanned with every rule on; the reported
 * (path, line, id) set must equal the `# ruleid:` set exactly. `# todoruleid:` marks a known
 * miss and `# todook:` a known false positive: either one starting to pass fails with
 * "promote it". Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "env.h"
#include "scan.h"
#include "version.h"
#include "util.h"

/* `# ruleid:` is reported at the default confidence (medium or high); `# low:` is reported,
 * at low confidence only (hidden unless --min-confidence low) */
enum ann { A_RULEID, A_OK, A_TODORULEID, A_TODOOK, A_LOW };

struct expect {
	char *path;
	int line;
	char id[16];
	enum ann kind;
	int seen;
};

struct unit {
	char *root; /* a file or a project folder */
	VEC(struct expect) ex;
};

static int is_code_line(const char *l)
{
	while (*l == ' ' || *l == '\t')
		l++;
	return *l && *l != '#' && *l != '\n' && *l != '\r';
}

static void add_ids(struct unit *u, const char *path, int line, enum ann kind, const char *ids)
{
	const char *p = ids;
	while (*p) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		size_t n = 0;
		while (p[n] && p[n] != ',' && p[n] != ' ' && p[n] != '\t' && p[n] != '\n' && p[n] != '\r')
			n++;
		if (n == 0)
			break;
		if (n < 16 && strncmp(p, "DJA", 3) == 0) {
			struct expect e = {.path = xstrdup(path), .line = line, .kind = kind};
			memcpy(e.id, p, n);
			VEC_PUSH(u->ex, e);
		}
		p += n;
		if (strncmp(p, " ", 1) == 0 && strncmp(p + 1, "DJA", 3) != 0 && p[1] != ',')
			break; /* prose after the ids */
	}
}

static void parse_annotations(struct unit *u, const char *path)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	VEC(char *) lines = {0};
	char buf[4096];
	while (fgets(buf, sizeof buf, f))
		VEC_PUSH(lines, xstrdup(buf));
	fclose(f);
	static const char *const names[] = {"ruleid", "ok", "todoruleid", "todook", "low", NULL};
	for (size_t i = 0; i < lines.len; i++) {
		/* the annotation is a comment of its own or follows another (`# noqa: X  # ok: DJA002`) */
		char *hash = strchr(lines.items[i], '#');
		const char *p = NULL;
		int kind = -1;
		for (; hash && kind < 0; hash = kind < 0 ? strchr(hash + 1, '#') : hash) {
			p = hash + 1;
			while (*p == ' ')
				p++;
			for (int k = 0; names[k]; k++) {
				size_t n = strlen(names[k]);
				if (strncmp(p, names[k], n) == 0 && p[n] == ':') {
					kind = k;
					p += n + 1;
					break;
				}
			}
		}
		if (kind < 0)
			continue;
		int own_line = !is_code_line(lines.items[i]) || hash == lines.items[i] ||
			       strspn(lines.items[i], " \t") == (size_t)(hash - lines.items[i]);
		size_t target = i;
		if (own_line) {
			target = i + 1;
			while (target < lines.len && !is_code_line(lines.items[target]))
				target++;
			if (target >= lines.len)
				fail_msg("%s:%zu: annotation covers no code line", path, i + 1);
		}
		add_ids(u, path, (int)target + 1, (enum ann)kind, p);
	}
	for (size_t i = 0; i < lines.len; i++)
		free(lines.items[i]);
	VEC_FREE(lines);
}

static void collect_py(struct unit *u, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		if (str_has_suffix(path, ".py"))
			parse_annotations(u, path);
		return;
	}
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *child = xasprintf("%s/%s", path, e->d_name);
		collect_py(u, child);
		free(child);
	}
	if (d)
		closedir(d);
}

static void run_unit(void **state)
{
	struct unit *u = *state;
	collect_py(u, u->root);
	struct scan_opts o = {.max_file_size = 10u << 20, .jobs = 1};
	o.engine.django_version = 502;
	/* as the CLI does: the project's own Django version (structure_shop pins 4.2) */
	const char *roots[] = {u->root};
	struct detected_version dv = version_detect(roots, 1);
	if (dv.version > 0)
		o.engine.django_version = dv.version;
	version_free(&dv);
	o.engine.min_confidence = CONF_LOW;
	o.engine.max_depth = 10;
	/* as the CLI does: a virtualenv next to the project (env_follow's venv/) is followed */
	char *site = env_discover(u->root);
	o.python_env = site;
	struct report r = {0};
	struct diag d = {{0}};
	const char *paths[] = {u->root};
	assert_int_equal(scan_run(paths, 1, &o, &r, &d), 0);
	int failures = 0;
	if (r.duplicates) { /* report_sort dropped them: the engine judged a site twice */
		print_error("%s: %zu finding(s) made twice for one span and rule\n", u->root, r.duplicates);
		failures++;
	}
	for (size_t i = 0; i < r.n_findings; i++) {
		const struct finding *f = &r.findings[i];
		int matched = 0;
		for (size_t k = 0; k < u->ex.len; k++) {
			struct expect *e = &u->ex.items[k];
			if (e->line == f->line && strcmp(e->id, f->id) == 0 && strcmp(e->path, f->path) == 0) {
				if (e->kind == A_LOW ? f->confidence != CONF_LOW
				    : e->kind == A_RULEID ? f->confidence == CONF_LOW : 0) {
					print_error("%s:%d:%d: %s reported at %s confidence, annotated %s\n", f->path,
						    f->line, f->column, f->id, f->confidence == CONF_LOW ? "low" : "default",
						    e->kind == A_LOW ? "low:" : "ruleid:");
					failures++;
				}
				e->seen = 1;
				if (e->kind == A_RULEID || e->kind == A_TODOOK || e->kind == A_LOW)
					matched = 1;
			}
		}
		if (!matched) {
			int todo = 0;
			for (size_t k = 0; k < u->ex.len; k++) {
				const struct expect *e = &u->ex.items[k];
				todo |= e->kind == A_TODORULEID && e->line == f->line && strcmp(e->id, f->id) == 0 &&
					strcmp(e->path, f->path) == 0;
			}
			print_error("%s:%d:%d: %s %s: %s\n", f->path, f->line, f->column,
				    todo ? "todoruleid now fires, promote it to ruleid:" : "unexpected finding",
				    f->id, f->message);
			failures++;
		}
	}
	for (size_t k = 0; k < u->ex.len; k++) {
		const struct expect *e = &u->ex.items[k];
		if ((e->kind == A_RULEID || e->kind == A_LOW) && !e->seen) {
			print_error("%s:%d: missing finding %s\n", e->path, e->line, e->id);
			failures++;
		} else if (e->kind == A_TODOOK && !e->seen) {
			print_error("%s:%d: todook %s no longer fires, promote it to ok:\n", e->path, e->line, e->id);
			failures++;
		}
	}
	report_free(&r);
	free(site);
	for (size_t k = 0; k < u->ex.len; k++)
		free(u->ex.items[k].path);
	VEC_FREE(u->ex);
	if (failures)
		fail_msg("%d corpus mismatch(es) in %s", failures, u->root);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct strvec {
	char **items;
	size_t len, cap;
};

static void list_dir(const char *dir, int want_dirs, struct strvec *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(p, &st) == 0 && (S_ISDIR(st.st_mode) ? want_dirs : !want_dirs))
			VEC_PUSH(*out, p);
		else
			free(p);
	}
	if (d)
		closedir(d);
	if (out->len)
		qsort(out->items, out->len, sizeof *out->items, cmp_str);
}

int main(void)
{
	unsetenv("VIRTUAL_ENV"); /* the corpus decides its environments, not the caller's shell */
	struct strvec families = {0};
	list_dir("corpus", 1, &families);
	struct strvec roots = {0};
	for (size_t i = 0; i < families.len; i++) {
		struct strvec items = {0};
		int projects = str_has_suffix(families.items[i], "/projects");
		list_dir(families.items[i], projects, &items);
		for (size_t k = 0; k < items.len; k++)
			if (projects || str_has_suffix(items.items[k], ".py"))
				VEC_PUSH(roots, items.items[k]);
			else
				free(items.items[k]);
		VEC_FREE(items);
		free(families.items[i]);
	}
	VEC_FREE(families);
	if (roots.len == 0) {
		fprintf(stderr, "test_corpus: no corpus found (run from the repository root)\n");
		return 1;
	}
	struct CMUnitTest *tests = xcalloc(roots.len, sizeof *tests);
	struct unit *units = xcalloc(roots.len, sizeof *units);
	for (size_t i = 0; i < roots.len; i++) {
		units[i].root = roots.items[i];
		tests[i].name = roots.items[i];
		tests[i].test_func = run_unit;
		tests[i].initial_state = &units[i];
	}
	int rc = _cmocka_run_group_tests("corpus", tests, roots.len, NULL, NULL);
	for (size_t i = 0; i < roots.len; i++)
		free(roots.items[i]);
	VEC_FREE(roots);
	free(tests);
	free(units);
	return rc;
}
