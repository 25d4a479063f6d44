/* server: a Language Server Protocol endpoint over stdio (JSON-RPC 2.0 with Content-Length
 * framing, cJSON). Keeps the project's summaries in a workspace, re-summarizes a document on
 * didOpen/didChange/didSave and publishes its findings as diagnostics. Malformed input gets a
 * JSON-RPC error, never a crash. Reads and writes only the streams it is given. */
#include "server.h"
#include "cache.h"
#include "fix.h"
#include "rules.h"
#include "output.h"
#include "scan.h"
#include "source.h"
#include "version.h"

#include <cJSON.h>
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_BODY (64u << 20)

enum { PARSE_ERROR = -32700, INVALID_REQUEST = -32600, METHOD_NOT_FOUND = -32601,
       INVALID_PARAMS = -32602, SERVER_NOT_INITIALIZED = -32002, REQUEST_CANCELLED = -32800 };

/* A finding of the last diagnostics that has a fix: what fix_source needs to make it again
 * when a code action asks (the text it applies to is the document's). */
struct fixable {
	int line, column, end_line, end_column, twin;
	int unsafe; /* a sync_to_async wrap, an auser(): offered, not preferred, not in fix-all */
	const char *tmpl; /* static */
	const char *id;   /* static: the rule */
	char *suggestion;
	char *title;      /* "Fix DJA101: use `await Item.objects.aget(...)`" */
};

/* A diagnostic of the last analysis, for hover: where it is (LSP lines, UTF-16 columns) and
 * what to show (Markdown: the rule's documentation, the chain). */
struct hoverable {
	int line, col, end_line, end_col;
	char *markdown;  /* the finding's part; the rule's documentation is added when asked */
	const char *doc; /* static */
};

struct doc {
	char *uri, *path, *text;
	size_t len;
	VEC(struct fixable) fixes;
	VEC(struct hoverable) hovers;
	cJSON *diagnostics; /* the last ones published, for pull requests (textDocument/diagnostic) */
};

static void doc_fixes_clear(struct doc *d)
{
	for (size_t i = 0; i < d->fixes.len; i++) {
		free(d->fixes.items[i].title);
		free(d->fixes.items[i].suggestion);
	}
	d->fixes.len = 0;
	for (size_t i = 0; i < d->hovers.len; i++)
		free(d->hovers.items[i].markdown);
	d->hovers.len = 0;
}

static void doc_free(struct doc *d)
{
	doc_fixes_clear(d);
	VEC_FREE(d->fixes);
	VEC_FREE(d->hovers);
	cJSON_Delete(d->diagnostics);
	free(d->uri);
	free(d->path);
	free(d->text);
}

/* The hover text of finding f: its rule, message and fix and, for a chain, every hop (the
 * rule's documentation follows when a hover asks: on_hover). */
static char *hover_markdown(const struct finding *f)
{
	struct strbuf b = {0};
	sb_printf(&b, "**%s** `%s` (%s, %s confidence)\n\n%s\n\n", f->id, f->slug, severity_name(f->severity),
		  confidence_name(f->confidence), f->message);
	if (f->suggestion)
		sb_printf(&b, "Fix: %s\n\n", f->suggestion);
	if (f->chain_len) {
		sb_puts(&b, "Chain:\n");
		for (size_t k = 0; k < f->chain_len; k++)
			sb_printf(&b, "%zu. `%s:%d` in `%s`: %s\n", k + 1, f->chain[k].path, f->chain[k].line, f->chain[k].function,
				  f->chain[k].note ? f->chain[k].note : "");
		sb_puts(&b, "\n");
	}
	char *out = xstrdup(sb_str(&b));
	sb_free(&b);
	return out;
}

/* A configuration file the documents use: loaded (ok) or not (its error published on it). */
struct file_config {
	char *path, *dir, *uri;
	struct config c;
	int ok;
	struct stat st; /* as loaded: a change of size or time reloads it */
};

struct server {
	FILE *in, *out, *log;
	struct scan_opts o;
	char *root;
	char *cache_dir; /* the default cache folder, made at the project root */
	workspace *ws;
	VEC(struct doc) docs;
	int initialized, shutdown;
	int superseded; /* the message being handled edits a document a later queued one edits again */
	struct detected_version dv;
	const struct config *base; /* the command line's selectors; files with no configuration */
	VEC(struct file_config) configs; /* loaded configurations, by file, reloaded when they change */
};

/* --- framing ------------------------------------------------------------------------------ */

static void send_json(struct server *s, cJSON *msg)
{
	char *text = cJSON_PrintUnformatted(msg);
	json_fix_utf8(&text);
	fprintf(s->out, "Content-Length: %zu\r\n\r\n%s", strlen(text), text);
	fflush(s->out);
	free(text);
}

static void send_error(struct server *s, const cJSON *id, int code, const char *message)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "jsonrpc", "2.0");
	if (id)
		cJSON_AddItemToObject(m, "id", cJSON_Duplicate(id, 1));
	else
		cJSON_AddNullToObject(m, "id");
	cJSON *e = cJSON_AddObjectToObject(m, "error");
	cJSON_AddNumberToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", message);
	send_json(s, m);
	cJSON_Delete(m);
}

static void send_result(struct server *s, const cJSON *id, cJSON *result)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "jsonrpc", "2.0");
	cJSON_AddItemToObject(m, "id", cJSON_Duplicate(id, 1));
	cJSON_AddItemToObject(m, "result", result ? result : cJSON_CreateNull());
	send_json(s, m);
	cJSON_Delete(m);
}

/* One message body; 1 on success, 0 at end of input, -1 for a bad header (reported). */
static int read_message(struct server *s, char **body, size_t *len)
{
	char line[1024];
	long long length = -1;
	int any = 0;
	for (;;) {
		if (!fgets(line, sizeof line, s->in))
			return any ? -1 : 0;
		any = 1;
		size_t n = strlen(line);
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = 0;
		if (n == 0)
			break;
		if (strncasecmp(line, "Content-Length:", 15) == 0) {
			char *end;
			length = strtoll(line + 15, &end, 10);
			while (*end == ' ')
				end++;
			if (*end || length < 0)
				length = -2;
		}
	}
	if (length < 0 || (unsigned long long)length > MAX_BODY) {
		send_error(s, NULL, PARSE_ERROR,
			   length == -1 ? "missing Content-Length header"
			   : length == -2 ? "malformed Content-Length header" : "message too large");
		return -1;
	}
	*body = xmalloc((size_t)length + 1);
	*len = fread(*body, 1, (size_t)length, s->in);
	(*body)[*len] = 0;
	if (*len < (size_t)length) {
		free(*body);
		return 0; /* the stream ended inside a message */
	}
	return 1;
}

/* --- URIs ------------------------------------------------------------------------------------ */

static char *uri_to_path(const char *uri)
{
	if (strncmp(uri, "file://", 7) != 0)
		return NULL;
	struct strbuf b = {0};
	for (const char *p = uri + 7; *p; p++) {
		if (*p == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
			char hex[3] = {p[1], p[2], 0};
			sb_putc(&b, (char)strtol(hex, NULL, 16));
			p += 2;
		} else {
			sb_putc(&b, *p);
		}
	}
	return b.s ? b.s : xstrdup("");
}

static char *path_to_uri(const char *path)
{
	char abs[PATH_MAX];
	if (path[0] != '/' && realpath(path, abs))
		path = abs;
	struct strbuf b = {0};
	sb_puts(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (isalnum(*p) || strchr("/-._~", *p))
			sb_putc(&b, (char)*p);
		else
			sb_printf(&b, "%%%02X", *p);
	}
	return b.s;
}

/* LSP positions count UTF-16 code units; djasync columns count code points. */
static int utf16_col(const char *line, int col)
{
	int units = 0, cp = 1;
	for (const unsigned char *p = (const unsigned char *)(line ? line : ""); *p && cp < col; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		units += *p >= 0xF0 ? 2 : 1;
		cp++;
	}
	return units + (col - cp > 0 ? col - cp : 0);
}

static cJSON *range_json(int line, int col, int end_line, int end_col, const char *text, const char *end_text)
{
	cJSON *r = cJSON_CreateObject();
	cJSON *a = cJSON_AddObjectToObject(r, "start");
	cJSON_AddNumberToObject(a, "line", line - 1);
	cJSON_AddNumberToObject(a, "character", utf16_col(text, col));
	cJSON *b = cJSON_AddObjectToObject(r, "end");
	cJSON_AddNumberToObject(b, "line", end_line - 1);
	cJSON_AddNumberToObject(b, "character", utf16_col(end_text, end_col));
	return r;
}

/* --- documents and diagnostics ------------------------------------------------------------ */

static struct doc *find_doc(struct server *s, const char *uri)
{
	for (size_t i = 0; i < s->docs.len; i++)
		if (strcmp(s->docs.items[i].uri, uri) == 0)
			return &s->docs.items[i];
	return NULL;
}

static void open_workspace(struct server *s, const char *path)
{
	if (s->ws)
		return;
	if (!s->root)
		s->root = server_project_root(path);
	if (s->o.cache_at_root && !s->o.cache_dir) /* the project's cache, wherever the editor runs */
		s->o.cache_dir = s->cache_dir = cache_default_dir(s->root);
	const char *paths[1] = {s->root};
	s->dv = version_detect(paths, 1);
	if (s->dv.version >= 0)
		s->o.engine.django_version = s->dv.version;
	struct report errs = {0};
	struct diag d = {{0}};
	s->ws = ws_open(paths, 1, &s->o, &errs, &d);
	if (!s->ws)
		fprintf(s->log, "djasync server: %s\n", d.msg);
	else
		fprintf(s->log, "djasync server: project %s, %zu files, Django %s\n", s->root,
			ws_stats(s->ws)->files, s->dv.version >= 0 ? s->dv.text : "default");
	report_free(&errs);
}

/* A publishDiagnostics notification for `doc`, its (empty) diagnostics array in *diags. */
static cJSON *diagnostics_message(const struct doc *doc, cJSON **diags)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "jsonrpc", "2.0");
	cJSON_AddStringToObject(m, "method", "textDocument/publishDiagnostics");
	cJSON *params = cJSON_AddObjectToObject(m, "params");
	cJSON_AddStringToObject(params, "uri", doc->uri);
	*diags = cJSON_AddArrayToObject(params, "diagnostics");
	return m;
}

/* --- configuration, per file ------------------------------------------------------------- */

struct doc_filter {
	const struct config *c;
	char *rel; /* the document's path below the configuration's folder */
};

static int doc_keeps(const struct finding *f, void *arg)
{
	const struct doc_filter *flt = arg;
	return config_rule_enabled(flt->c, f->id) && !config_ignored_in(flt->c, flt->rel ? flt->rel : f->path, f->id);
}

/* One diagnostic on a configuration file that does not load ("file:line:col: message"), or
 * none (the file is fine again). */
static void publish_config_error(struct server *s, const struct file_config *fc, const char *msg)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "jsonrpc", "2.0");
	cJSON_AddStringToObject(m, "method", "textDocument/publishDiagnostics");
	cJSON *params = cJSON_AddObjectToObject(m, "params");
	cJSON_AddStringToObject(params, "uri", fc->uri);
	cJSON *diags = cJSON_AddArrayToObject(params, "diagnostics");
	if (msg) {
		int line = 1, col = 1;
		size_t lp = strlen(fc->path);
		if (strncmp(msg, fc->path, lp) == 0 && msg[lp] == ':' && sscanf(msg + lp, ":%d:%d", &line, &col) != 2)
			line = col = 1;
		cJSON *dj = cJSON_CreateObject();
		cJSON_AddItemToObject(dj, "range", range_json(line, col, line, col + 1, NULL, NULL));
		cJSON_AddNumberToObject(dj, "severity", 1);
		cJSON_AddStringToObject(dj, "source", "djasync");
		char *full = xasprintf("%s (djasync goes on with the command line's settings)", msg);
		cJSON_AddStringToObject(dj, "message", full);
		free(full);
		cJSON_AddItemToArray(diags, dj);
	}
	send_json(s, m);
	cJSON_Delete(m);
}

/* The configuration nearest `path` (the command line's discovery), loaded once and again when
 * its file changes; NULL when there is none. */
static const struct file_config *config_for(struct server *s, const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = 0; /* the folder ("/" kept): an unsaved buffer's file need not exist */
	char *found = config_find(slash ? dir : ".");
	free(dir);
	if (!found)
		return NULL;
	struct stat st;
	int have = stat(found, &st) == 0;
	struct file_config *fc = NULL;
	for (size_t i = 0; i < s->configs.len && !fc; i++)
		if (strcmp(s->configs.items[i].path, found) == 0)
			fc = &s->configs.items[i];
	if (fc && have && fc->st.st_size == st.st_size && fc->st.st_mtim.tv_sec == st.st_mtim.tv_sec &&
	    fc->st.st_mtim.tv_nsec == st.st_mtim.tv_nsec) {
		free(found);
		return fc;
	}
	if (!fc) {
		struct file_config nf = {found, xstrdup(found), path_to_uri(found), {0}, 0, {0}};
		*strrchr(nf.dir, '/') = 0;
		VEC_PUSH(s->configs, nf);
		fc = &s->configs.items[s->configs.len - 1];
	} else {
		free(found);
		config_free(&fc->c);
	}
	int had_error = fc->st.st_mtim.tv_sec != 0 && !fc->ok;
	fc->st = st;
	memset(&fc->c, 0, sizeof fc->c);
	fc->c.min_confidence = fc->c.fail_on = fc->c.respect_gitignore = -1;
	struct diag d = {{0}};
	fc->ok = config_load(fc->path, &fc->c, &d) == 0;
	if (fc->ok) {
		if (s->base)
			selection_copy(&fc->c.sel[1], &s->base->sel[1]); /* the command line's, last */
		if (had_error)
			publish_config_error(s, fc, NULL);
	} else {
		fprintf(s->log, "djasync server: %s\n", d.msg);
		publish_config_error(s, fc, d.msg);
	}
	return fc;
}

static void publish(struct server *s, struct doc *doc, int clear)
{
	cJSON *diags;
	cJSON *m = diagnostics_message(doc, &diags);
	if (!clear && s->ws && doc->path) {
		struct report r = {0};
		ws_check_text(s->ws, doc->path, doc->text, doc->len, &r);
		struct doc_filter flt = {s->base, NULL};
		const struct file_config *fc = config_for(s, doc->path);
		if (fc && fc->ok) {
			flt.c = &fc->c;
			flt.rel = path_below(doc->path, fc->dir, "/"); /* per-file patterns: relative to their file */
		}
		if (flt.c)
			report_filter(&r, doc_keeps, &flt, 0);
		free(flt.rel);
		doc_fixes_clear(doc);
		for (size_t i = 0; i < r.n_findings; i++) {
			const struct finding *f = &r.findings[i];
			const char *hover_line = f->source_line;
			struct hoverable hv = {f->line - 1, utf16_col(hover_line, f->column), f->end_line - 1,
					       utf16_col(f->end_line == f->line ? hover_line : NULL, f->end_column), hover_markdown(f),
					       f->rule ? f->rule->doc : NULL};
			VEC_PUSH(doc->hovers, hv);
			int unsafe = !fix_available(f) && fix_wrap_available(f);
			if (fix_available(f) || unsafe) {
				struct fixable fx = {f->line, f->column, f->end_line, f->end_column, f->twin, unsafe, f->fix_tmpl,
						     f->id, xstrdup(f->suggestion ? f->suggestion : ""),
						     xasprintf("Fix %s: %s%s", f->id, f->suggestion, unsafe ? " (unsafe: review it)" : "")};
				VEC_PUSH(doc->fixes, fx);
			}
			const char *line = f->source_line;
			cJSON *dj = cJSON_CreateObject();
			cJSON_AddItemToObject(dj, "range", range_json(f->line, f->column, f->end_line, f->end_column, line,
								     f->end_line == f->line ? line : NULL));
			cJSON_AddNumberToObject(dj, "severity", f->severity == SEV_ERROR ? 1 : f->severity == SEV_WARNING ? 2 : 3);
			cJSON_AddStringToObject(dj, "code", f->id);
			cJSON_AddStringToObject(dj, "source", "djasync");
			cJSON_AddStringToObject(dj, "message", f->message);
			cJSON *rel = cJSON_AddArrayToObject(dj, "relatedInformation");
			cJSON *fix = cJSON_CreateObject();
			cJSON *loc = cJSON_AddObjectToObject(fix, "location");
			cJSON_AddStringToObject(loc, "uri", doc->uri);
			cJSON_AddItemToObject(loc, "range", range_json(f->line, f->column, f->end_line, f->end_column, line,
								      f->end_line == f->line ? line : NULL));
			char *fm = xasprintf("fix: %s", f->suggestion);
			cJSON_AddStringToObject(fix, "message", fm);
			free(fm);
			cJSON_AddItemToArray(rel, fix);
			for (size_t k = 0; k < f->chain_len; k++) {
				const struct chain_hop *h = &f->chain[k];
				cJSON *hop = cJSON_CreateObject();
				cJSON *hl = cJSON_AddObjectToObject(hop, "location");
				char *u = path_to_uri(h->path);
				cJSON_AddStringToObject(hl, "uri", u);
				free(u);
				cJSON_AddItemToObject(hl, "range", range_json(h->line, h->column, h->line, h->column, NULL, NULL));
				char *hm = xasprintf("in `%s`: %s", h->function, h->note ? h->note : "");
				cJSON_AddStringToObject(hop, "message", hm);
				free(hm);
				cJSON_AddItemToArray(rel, hop);
			}
			cJSON *data = cJSON_AddObjectToObject(dj, "data");
			cJSON_AddStringToObject(data, "confidence", confidence_name(f->confidence));
			cJSON_AddStringToObject(data, "suggestion", f->suggestion);
			cJSON_AddItemToArray(diags, dj);
		}
		report_free(&r);
	}
	cJSON_Delete(doc->diagnostics);
	doc->diagnostics = cJSON_Duplicate(diags, 1);
	send_json(s, m);
	cJSON_Delete(m);
}

/* One diagnostic on the first line: the document is over the size limit, not analyzed. */
static void publish_oversized(struct server *s, struct doc *doc)
{
	cJSON *diags;
	cJSON *m = diagnostics_message(doc, &diags);
	cJSON *dj = cJSON_CreateObject();
	cJSON_AddItemToObject(dj, "range", range_json(1, 1, 1, 1, NULL, NULL));
	cJSON_AddNumberToObject(dj, "severity", 3);
	cJSON_AddStringToObject(dj, "source", "djasync");
	char *msg = xasprintf("not analyzed: the document is %.1f MB, over the %.1f MB limit (--max-file-size)",
			      (double)doc->len / (1024.0 * 1024.0), (double)s->o.max_file_size / (1024.0 * 1024.0));
	cJSON_AddStringToObject(dj, "message", msg);
	free(msg);
	cJSON_AddItemToArray(diags, dj);
	send_json(s, m);
	cJSON_Delete(m);
}

static const char *get_string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Whether open document `other` imports the module of file `path` (by its last dotted name:
 * `from . import services`, `from .services import x`, `import shop.services`): its chains may
 * go through it. */
static int imports_module_of(struct server *s, const struct doc *other, const char *path)
{
	const struct summary *sum = s->ws ? ws_summary(s->ws, other->path) : NULL;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base) > 3 ? strlen(base) - 3 : 0; /* without ".py" */
	if (str_has_suffix(base, "__init__.py")) /* a package: its folder's name */
		return 1;
	for (size_t i = 0; sum && i < sum->imports.len; i++) {
		const char *q = summary_str(sum, sum->imports.items[i].qual);
		const char *l = sum->imports.items[i].local ? summary_str(sum, sum->imports.items[i].local) : "";
		for (const char *p = q; p; p = strchr(p, '.') ? strchr(p, '.') + 1 : NULL)
			if (strncmp(p, base, n) == 0 && (p[n] == 0 || p[n] == '.'))
				return 1;
		if (strncmp(l, base, n) == 0 && l[n] == 0)
			return 1;
	}
	return 0;
}

/* Cross-file freshness: after `path` changed, the open documents that import it are analyzed
 * again (a helper made blocking, or fixed, changes their DJA501 findings). */
static void republish_importers(struct server *s, const char *path)
{
	for (size_t i = 0; i < s->docs.len; i++) {
		struct doc *o = &s->docs.items[i];
		if (o->path && o->text && strcmp(o->path, path) != 0 && imports_module_of(s, o, path))
			publish(s, o, 0);
	}
}

/* workspace/didChangeWatchedFiles: a Python file changed on disk (git pull, another editor)
 * is summarized again unless it is open (the buffer wins); then the open documents are
 * analyzed again (a configuration file is re-read by config_for when they are). */
static void on_watched(struct server *s, const cJSON *params)
{
	const cJSON *changes = cJSON_GetObjectItemCaseSensitive(params, "changes");
	const cJSON *ch;
	cJSON_ArrayForEach(ch, changes)
	{
		const char *uri = get_string(ch, "uri");
		char *path = uri ? uri_to_path(uri) : NULL;
		if (path && s->ws && str_has_suffix(path, ".py") && !find_doc(s, uri)) {
			size_t len;
			char *text = read_file(path, &len);
			struct diag d = {{0}};
			if (text && ws_set_text(s->ws, path, text, len, &d) != 0)
				fprintf(s->log, "djasync server: %s\n", d.msg);
			free(text);
		}
		free(path);
	}
	for (size_t i = 0; i < s->docs.len; i++)
		if (s->docs.items[i].path && s->docs.items[i].text)
			publish(s, &s->docs.items[i], 0);
}

static void set_text(struct server *s, const char *uri, const char *text, size_t len)
{
	int analyze = !s->superseded; /* a newer version of it is already queued: only keep the text */
	struct doc *doc = find_doc(s, uri);
	if (!doc) {
		struct doc nd = {xstrdup(uri), uri_to_path(uri), NULL, 0, {0}, {0}, NULL};
		VEC_PUSH(s->docs, nd);
		doc = &s->docs.items[s->docs.len - 1];
	}
	free(doc->text);
	doc->text = xstrndup(text, len);
	doc->len = len;
	if (!doc->path || !analyze)
		return; /* not a file: nothing to analyze; or a version already stale */
	if (s->o.max_file_size && len > s->o.max_file_size) {
		publish_oversized(s, doc);
		return; /* as the command line does with --max-file-size: skipped, and said so */
	}
	open_workspace(s, doc->path);
	struct diag d = {{0}};
	if (s->ws && ws_set_text(s->ws, doc->path, doc->text, doc->len, &d) != 0)
		fprintf(s->log, "djasync server: %s\n", d.msg);
	publish(s, doc, 0);
	republish_importers(s, doc->path);
}

/* --- methods ------------------------------------------------------------------------------- */

static void on_initialize(struct server *s, const cJSON *id, const cJSON *params)
{
	const char *root_uri = get_string(params, "rootUri");
	const char *root_path = get_string(params, "rootPath");
	free(s->root);
	s->root = root_uri ? uri_to_path(root_uri) : root_path ? xstrdup(root_path) : NULL;
	s->initialized = 1;
	cJSON *res = cJSON_CreateObject();
	cJSON *caps = cJSON_AddObjectToObject(res, "capabilities");
	cJSON *sync = cJSON_AddObjectToObject(caps, "textDocumentSync");
	cJSON_AddBoolToObject(sync, "openClose", 1);
	cJSON_AddNumberToObject(sync, "change", 1); /* full text */
	cJSON *save = cJSON_AddObjectToObject(sync, "save");
	cJSON_AddBoolToObject(save, "includeText", 1);
	cJSON_AddBoolToObject(caps, "hoverProvider", 1);
	cJSON *dp = cJSON_AddObjectToObject(caps, "diagnosticProvider");
	cJSON_AddBoolToObject(dp, "interFileDependencies", 1);
	cJSON_AddBoolToObject(dp, "workspaceDiagnostics", 0);
	cJSON *ca = cJSON_AddObjectToObject(caps, "codeActionProvider");
	cJSON *kinds = cJSON_AddArrayToObject(ca, "codeActionKinds");
	cJSON_AddItemToArray(kinds, cJSON_CreateString("quickfix"));
	cJSON_AddItemToArray(kinds, cJSON_CreateString("source.fixAll.djasync"));
	cJSON *info = cJSON_AddObjectToObject(res, "serverInfo");
	cJSON_AddStringToObject(info, "name", "djasync");
	cJSON_AddStringToObject(info, "version", DJASYNC_VERSION);
	send_result(s, id, res);
}

static void on_document(struct server *s, const char *method, const cJSON *params)
{
	const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
	const char *uri = get_string(td, "uri");
	if (!uri)
		return;
	if (strcmp(method, "textDocument/didOpen") == 0) {
		const char *text = get_string(td, "text");
		if (text)
			set_text(s, uri, text, strlen(text));
	} else if (strcmp(method, "textDocument/didChange") == 0) {
		const cJSON *changes = cJSON_GetObjectItemCaseSensitive(params, "contentChanges");
		const cJSON *last = cJSON_IsArray(changes) ? cJSON_GetArrayItem(changes, cJSON_GetArraySize(changes) - 1) : NULL;
		const char *text = last ? get_string(last, "text") : NULL;
		if (text)
			set_text(s, uri, text, strlen(text));
	} else if (strcmp(method, "textDocument/didSave") == 0) {
		const char *text = get_string(params, "text");
		struct doc *doc = find_doc(s, uri);
		if (text)
			set_text(s, uri, text, strlen(text));
		else if (doc)
			publish(s, doc, 0);
	} else if (strcmp(method, "textDocument/didClose") == 0) {
		struct doc *doc = find_doc(s, uri);
		if (doc) {
			publish(s, doc, 1);
			doc_free(doc);
			*doc = s->docs.items[--s->docs.len];
		}
	}
}

/* --- code actions -------------------------------------------------------------------------- */

/* The LSP position (line, UTF-16 column) of byte `off` of `text`. */
static cJSON *position_json(const char *text, size_t off)
{
	int line = 0;
	size_t start = 0;
	for (size_t i = 0; i < off; i++)
		if (text[i] == '\n') {
			line++;
			start = i + 1;
		}
	int units = 0;
	for (size_t i = start; i < off; i++) {
		unsigned char c = (unsigned char)text[i];
		if ((c & 0xC0) != 0x80)
			units += c >= 0xF0 ? 2 : 1;
	}
	cJSON *p = cJSON_CreateObject();
	cJSON_AddNumberToObject(p, "line", line);
	cJSON_AddNumberToObject(p, "character", units);
	return p;
}

/* A WorkspaceEdit turning doc's text into `to`: one TextEdit over the bytes that differ. */
static cJSON *edit_json(const struct doc *doc, const char *to, size_t to_len)
{
	size_t pre = 0, suf = 0;
	while (pre < doc->len && pre < to_len && doc->text[pre] == to[pre])
		pre++;
	while (suf < doc->len - pre && suf < to_len - pre && doc->text[doc->len - 1 - suf] == to[to_len - 1 - suf])
		suf++;
	while (pre > 0 && ((unsigned char)doc->text[pre] & 0xC0) == 0x80) /* whole code points */
		pre--;
	while (suf > 0 && ((unsigned char)doc->text[doc->len - suf] & 0xC0) == 0x80)
		suf--;
	cJSON *we = cJSON_CreateObject();
	cJSON *changes = cJSON_AddObjectToObject(we, "changes");
	cJSON *edits = cJSON_AddArrayToObject(changes, doc->uri);
	cJSON *te = cJSON_CreateObject();
	cJSON *range = cJSON_AddObjectToObject(te, "range");
	cJSON_AddItemToObject(range, "start", position_json(doc->text, pre));
	cJSON_AddItemToObject(range, "end", position_json(doc->text, doc->len - suf));
	char *nt = xstrndup(to + pre, to_len - pre - suf);
	cJSON_AddStringToObject(te, "newText", nt);
	free(nt);
	cJSON_AddItemToArray(edits, te);
	return we;
}

/* The document's text with fixes fx[0..n) applied into *out (the unsafe ones only when
 * `unsafe`); how many applied. */
static size_t apply_fixables(const struct doc *doc, const struct fixable *fx, size_t n, int unsafe, struct strbuf *out)
{
	struct finding *fs = xcalloc(n ? n : 1, sizeof *fs);
	const struct finding **ptrs = xcalloc(n ? n : 1, sizeof *ptrs);
	for (size_t i = 0; i < n; i++) {
		fs[i] = (struct finding){.line = fx[i].line, .column = fx[i].column, .end_line = fx[i].end_line,
					 .end_column = fx[i].end_column, .twin = fx[i].twin, .fix_tmpl = fx[i].tmpl,
					 .id = fx[i].id, .suggestion = fx[i].suggestion};
		ptrs[i] = &fs[i];
	}
	size_t k = fix_source(doc->text, doc->len, ptrs, n, unsafe, out);
	free(ptrs);
	free(fs);
	return k;
}

static int wants_kind(const cJSON *only, const char *kind)
{
	if (!cJSON_IsArray(only))
		return 1;
	const cJSON *k;
	cJSON_ArrayForEach(k, only)
	{
		if (cJSON_IsString(k) && strncmp(kind, k->valuestring, strlen(k->valuestring)) == 0)
			return 1;
	}
	return 0;
}

/* textDocument/codeAction: a quick fix (preferred: they are safe) for each fixable finding on
 * the lines asked about, and "fix all" for the document. */
static void on_code_action(struct server *s, const cJSON *id, const cJSON *params)
{
	const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
	const cJSON *range = cJSON_GetObjectItemCaseSensitive(params, "range");
	const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(params, "context");
	const cJSON *only = ctx ? cJSON_GetObjectItemCaseSensitive(ctx, "only") : NULL;
	const cJSON *a = range ? cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(range, "start"), "line") : NULL;
	const cJSON *b = range ? cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(range, "end"), "line") : NULL;
	const char *uri = get_string(td, "uri");
	if (!uri || !cJSON_IsNumber(a) || !cJSON_IsNumber(b)) {
		send_error(s, id, INVALID_PARAMS, "codeAction needs textDocument.uri and a range");
		return;
	}
	struct doc *doc = find_doc(s, uri);
	cJSON *actions = cJSON_CreateArray();
	for (size_t i = 0; doc && i < doc->fixes.len && wants_kind(only, "quickfix"); i++) {
		const struct fixable *fx = &doc->fixes.items[i];
		if (fx->line - 1 > b->valueint || fx->end_line - 1 < a->valueint)
			continue;
		struct strbuf out = {0};
		if (apply_fixables(doc, fx, 1, fx->unsafe, &out)) {
			cJSON *act = cJSON_CreateObject();
			cJSON_AddStringToObject(act, "title", fx->title);
			cJSON_AddStringToObject(act, "kind", "quickfix");
			cJSON_AddBoolToObject(act, "isPreferred", !fx->unsafe);
			cJSON_AddItemToObject(act, "edit", edit_json(doc, sb_str(&out), out.len));
			cJSON_AddItemToArray(actions, act);
		}
		sb_free(&out);
	}
	if (doc && doc->fixes.len && wants_kind(only, "source.fixAll.djasync")) {
		struct strbuf out = {0};
		size_t k = apply_fixables(doc, doc->fixes.items, doc->fixes.len, 0, &out); /* the safe ones */
		if (k) {
			cJSON *act = cJSON_CreateObject();
			char *title = xasprintf("Fix all safe djasync findings in the file (%zu)", k);
			cJSON_AddStringToObject(act, "title", title);
			free(title);
			cJSON_AddStringToObject(act, "kind", "source.fixAll.djasync");
			cJSON_AddItemToObject(act, "edit", edit_json(doc, sb_str(&out), out.len));
			cJSON_AddItemToArray(actions, act);
		}
		sb_free(&out);
	}
	send_result(s, id, actions);
}

/* textDocument/hover: the documentation of the diagnostic under the cursor (and its chain). */
static void on_hover(struct server *s, const cJSON *id, const cJSON *params)
{
	const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
	const cJSON *pos = cJSON_GetObjectItemCaseSensitive(params, "position");
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(pos, "line"), *c = cJSON_GetObjectItemCaseSensitive(pos, "character");
	const char *uri = get_string(td, "uri");
	if (!uri || !cJSON_IsNumber(l) || !cJSON_IsNumber(c)) {
		send_error(s, id, INVALID_PARAMS, "hover needs textDocument.uri and a position");
		return;
	}
	struct doc *doc = find_doc(s, uri);
	const struct hoverable *hit = NULL;
	for (size_t i = 0; doc && i < doc->hovers.len && !hit; i++) {
		const struct hoverable *h = &doc->hovers.items[i];
		int after_start = l->valueint > h->line || (l->valueint == h->line && c->valueint >= h->col);
		int before_end = l->valueint < h->end_line || (l->valueint == h->end_line && c->valueint <= h->end_col);
		if (after_start && before_end)
			hit = h;
	}
	if (!hit) {
		send_result(s, id, NULL);
		return;
	}
	cJSON *res = cJSON_CreateObject();
	cJSON *contents = cJSON_AddObjectToObject(res, "contents");
	cJSON_AddStringToObject(contents, "kind", "markdown");
	char *value = hit->doc ? xasprintf("%s---\n\n%s", hit->markdown, hit->doc) : xstrdup(hit->markdown);
	cJSON_AddStringToObject(contents, "value", value);
	free(value);
	send_result(s, id, res);
}

/* textDocument/diagnostic (pull): the diagnostics of the last analysis of the document. */
static void on_pull_diagnostics(struct server *s, const cJSON *id, const cJSON *params)
{
	const char *uri = get_string(cJSON_GetObjectItemCaseSensitive(params, "textDocument"), "uri");
	if (!uri) {
		send_error(s, id, INVALID_PARAMS, "diagnostic needs textDocument.uri");
		return;
	}
	struct doc *doc = find_doc(s, uri);
	cJSON *res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "kind", "full");
	cJSON_AddItemToObject(res, "items", doc && doc->diagnostics ? cJSON_Duplicate(doc->diagnostics, 1) : cJSON_CreateArray());
	send_result(s, id, res);
}

/* Returns -1 to go on, or the exit status. */
static int dispatch(struct server *s, const char *body, size_t len)
{
	cJSON *msg = cJSON_ParseWithLength(body, len);
	if (!msg) {
		send_error(s, NULL, PARSE_ERROR, "invalid JSON");
		return -1;
	}
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(msg, "id");
	const char *method = get_string(msg, "method");
	const cJSON *params = cJSON_GetObjectItemCaseSensitive(msg, "params");
	int rc = -1;
	if (!cJSON_IsObject(msg) || !method) {
		if (!(cJSON_IsObject(msg) && (cJSON_GetObjectItemCaseSensitive(msg, "result") ||
					       cJSON_GetObjectItemCaseSensitive(msg, "error"))))
			send_error(s, id, INVALID_REQUEST, "not a JSON-RPC request");
	} else if (strcmp(method, "initialize") == 0) {
		on_initialize(s, id, params);
	} else if (strcmp(method, "exit") == 0) {
		rc = s->shutdown ? 0 : 1;
	} else if (!s->initialized) {
		if (id)
			send_error(s, id, SERVER_NOT_INITIALIZED, "initialize first");
	} else if (strcmp(method, "shutdown") == 0) {
		s->shutdown = 1;
		send_result(s, id, NULL);
	} else if (strncmp(method, "textDocument/did", 16) == 0) {
		if (!cJSON_IsObject(params)) {
			if (id)
				send_error(s, id, INVALID_PARAMS, "params must be an object");
		} else {
			on_document(s, method, params);
		}
	} else if ((strcmp(method, "textDocument/hover") == 0 || strcmp(method, "textDocument/diagnostic") == 0) && id) {
		if (!cJSON_IsObject(params))
			send_error(s, id, INVALID_PARAMS, "params must be an object");
		else if (method[13] == 'h')
			on_hover(s, id, params);
		else
			on_pull_diagnostics(s, id, params);
	} else if (strcmp(method, "workspace/didChangeWatchedFiles") == 0) {
		if (cJSON_IsObject(params))
			on_watched(s, params);
	} else if (strcmp(method, "textDocument/codeAction") == 0 && id) {
		if (cJSON_IsObject(params))
			on_code_action(s, id, params);
		else
			send_error(s, id, INVALID_PARAMS, "params must be an object");
	} else if (id && !cJSON_IsNull(id)) {
		send_error(s, id, METHOD_NOT_FOUND, "method not found");
	} /* unknown notifications ($/cancelRequest, initialized, ...) are ignored */
	cJSON_Delete(msg);
	return rc;
}

/* A message read and not handled yet, with what coalescing needs to know of it. */
struct queued {
	char *body;
	size_t len;
	char *method, *uri; /* NULL when absent */
	int request;        /* has an id: answered with the documents' current state */
	char *id;           /* a request's id, or a $/cancelRequest's target, as JSON text */
};

static void peek(struct queued *m)
{
	cJSON *j = cJSON_ParseWithLength(m->body, m->len);
	const cJSON *id = j ? cJSON_GetObjectItemCaseSensitive(j, "id") : NULL;
	const char *method = j ? get_string(j, "method") : NULL;
	const cJSON *params = j ? cJSON_GetObjectItemCaseSensitive(j, "params") : NULL;
	const char *uri = get_string(cJSON_GetObjectItemCaseSensitive(params, "textDocument"), "uri");
	m->method = method ? xstrdup(method) : NULL;
	m->uri = uri ? xstrdup(uri) : NULL;
	m->request = id && !cJSON_IsNull(id);
	const cJSON *target = method && strcmp(method, "$/cancelRequest") == 0
				      ? cJSON_GetObjectItemCaseSensitive(params, "id") : m->request ? id : NULL;
	m->id = target && (cJSON_IsNumber(target) || cJSON_IsString(target)) ? cJSON_PrintUnformatted(target) : NULL;
	cJSON_Delete(j);
}

static int is_edit(const struct queued *m)
{
	return m->method && m->uri && !m->request &&
	       (strcmp(m->method, "textDocument/didOpen") == 0 || strcmp(m->method, "textDocument/didChange") == 0 ||
		strcmp(m->method, "textDocument/didSave") == 0);
}

/* Whether q[i] edits a document that a later message of the batch edits or closes before any
 * request: its analysis would be stale at once. */
static int edited_again(const struct queued *q, size_t n, size_t i)
{
	if (!is_edit(&q[i]))
		return 0;
	for (size_t j = i + 1; j < n; j++) {
		if (q[j].request || !q[j].method)
			return 0;
		if (q[j].uri && strcmp(q[j].uri, q[i].uri) == 0 &&
		    (strcmp(q[j].method, "textDocument/didChange") == 0 || strcmp(q[j].method, "textDocument/didClose") == 0))
			return 1;
	}
	return 0;
}

/* Whether request q[i] is cancelled by a `$/cancelRequest` later in the batch: it is answered
 * RequestCancelled (-32800) and not worked on. */
static int cancelled(const struct queued *q, size_t n, size_t i)
{
	if (!q[i].request || !q[i].id)
		return 0;
	for (size_t j = i + 1; j < n; j++)
		if (q[j].method && strcmp(q[j].method, "$/cancelRequest") == 0 && q[j].id && strcmp(q[j].id, q[i].id) == 0)
			return 1;
	return 0;
}

/* Whether more input is already there (unbuffered: the kernel's). */
static int input_pending(FILE *in)
{
	struct pollfd p = {.fd = fileno(in), .events = POLLIN};
	return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP));
}

int server_run(FILE *in, FILE *out, FILE *log, const struct scan_opts *o, const struct config *base)
{
	struct server s = {.in = in, .out = out, .log = log, .o = *o, .dv = {.version = -1}, .base = base};
	s.o.progress = NULL;
	setvbuf(in, NULL, _IONBF, 0); /* what is pending is what the kernel holds: poll() tells */
	int rc = -1, eof = 0;
	VEC(struct queued) q = {0};
	while (rc < 0 && !eof) {
		/* one message (waiting for it), then every one already sent: a burst of edits is
		 * analyzed once, at its last version (Neovim sends a didChange per keystroke) */
		do {
			struct queued m = {0};
			int got = read_message(&s, &m.body, &m.len);
			if (got == 0)
				eof = 1; /* end of input without exit: status 1, as the protocol says */
			else if (got > 0) {
				peek(&m);
				VEC_PUSH(q, m);
			}
		} while (!eof && q.len < 256 && input_pending(in));
		for (size_t i = 0; i < q.len; i++) {
			s.superseded = rc < 0 && edited_again(q.items, q.len, i);
			int r = -1;
			if (rc < 0 && s.initialized && cancelled(q.items, q.len, i)) {
				cJSON *id = cJSON_Parse(q.items[i].id);
				send_error(&s, id, REQUEST_CANCELLED, "cancelled ($/cancelRequest)");
				cJSON_Delete(id);
			} else if (rc < 0) {
				r = dispatch(&s, q.items[i].body, q.items[i].len);
			}
			if (r >= 0)
				rc = r;
			free(q.items[i].body);
			free(q.items[i].method);
			free(q.items[i].uri);
			free(q.items[i].id);
		}
		q.len = 0;
	}
	VEC_FREE(q);
	if (rc < 0)
		rc = 1;
	for (size_t i = 0; i < s.docs.len; i++) {
		doc_free(&s.docs.items[i]);
	}
	VEC_FREE(s.docs);
	for (size_t i = 0; i < s.configs.len; i++) {
		struct file_config *fc = &s.configs.items[i];
		config_free(&fc->c);
		free(fc->path);
		free(fc->dir);
		free(fc->uri);
	}
	VEC_FREE(s.configs);
	ws_close(s.ws);
	free(s.root);
	free(s.cache_dir);
	version_free(&s.dv);
	return rc;
}

char *server_project_root(const char *file)
{
	static const char *const markers[] = {"manage.py", "pyproject.toml", "setup.py", "setup.cfg", ".git", NULL};
	char *own = strrchr(file, '/') ? xstrndup(file, (size_t)(strrchr(file, '/') - file)) : xstrdup(".");
	if (!own[0]) {
		free(own);
		own = xstrdup("/");
	}
	char *probe = xstrdup(own);
	for (int level = 0; level < 16; level++) {
		for (size_t i = 0; markers[i]; i++) {
			char *m = xasprintf("%s/%s", probe, markers[i]);
			int yes = access(m, F_OK) == 0;
			free(m);
			if (yes) {
				free(own);
				return probe;
			}
		}
		char real[PATH_MAX];
		if (!realpath(probe, real) || strcmp(real, "/") == 0)
			break;
		char *up;
		const char *slash = strrchr(probe, '/');
		if (strcmp(probe, ".") == 0)
			up = xstrdup("..");
		else if (str_has_suffix(probe, ".."))
			up = xasprintf("%s/..", probe);
		else if (slash == probe)
			up = xstrdup("/");
		else if (slash)
			up = xstrndup(probe, (size_t)(slash - probe));
		else
			up = xstrdup(".");
		free(probe);
		probe = up;
	}
	free(probe);
	return own;
}
