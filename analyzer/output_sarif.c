/* output_sarif: SARIF 2.1.0 for code-scanning services: the rules with their documentation,
 * one result per finding with its location, the helper chain as a codeFlow and the baseline
 * fingerprint as a partialFingerprint. */
#include "output.h"
#include "rules.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *level_of(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

struct rules_ctx {
	cJSON *arr;
	int n;
};

static void add_rule(const struct rule *r, void *arg)
{
	struct rules_ctx *rc = arg;
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "id", r->id);
	cJSON_AddStringToObject(j, "name", r->slug);
	cJSON *sd = cJSON_AddObjectToObject(j, "shortDescription");
	cJSON_AddStringToObject(sd, "text", r->summary);
	cJSON *fd = cJSON_AddObjectToObject(j, "fullDescription");
	cJSON_AddStringToObject(fd, "text", r->doc);
	cJSON *help = cJSON_AddObjectToObject(j, "help");
	cJSON_AddStringToObject(help, "text", r->doc);
	cJSON_AddStringToObject(help, "markdown", r->doc);
	cJSON *cfg = cJSON_AddObjectToObject(j, "defaultConfiguration");
	cJSON_AddStringToObject(cfg, "level", level_of(r->severity));
	cJSON_AddItemToArray(rc->arr, j);
	rc->n++;
}

static cJSON *location(const char *path, int line, int col, int end_line, int end_col, const char *msg)
{
	cJSON *loc = cJSON_CreateObject();
	cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
	cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
	char *uri = percent_encode(path, "/"); /* a URI reference: every other byte is %XX */
	if (path[0] == '/') { /* outside the project root (an installed library): a file URI */
		char *abs = xasprintf("file://%s", uri);
		cJSON_AddStringToObject(art, "uri", abs);
		free(abs);
	} else {
		cJSON_AddStringToObject(art, "uri", uri); /* relative to the project root */
		cJSON_AddStringToObject(art, "uriBaseId", "%SRCROOT%");
	}
	free(uri);
	cJSON *reg = cJSON_AddObjectToObject(phys, "region");
	cJSON_AddNumberToObject(reg, "startLine", line);
	cJSON_AddNumberToObject(reg, "startColumn", col);
	if (end_line > 0) {
		cJSON_AddNumberToObject(reg, "endLine", end_line);
		cJSON_AddNumberToObject(reg, "endColumn", end_col);
	}
	if (msg) {
		cJSON *m = cJSON_AddObjectToObject(loc, "message");
		cJSON_AddStringToObject(m, "text", msg);
	}
	return loc;
}

struct id_list {
	const char *ids[128];
	int n;
};

static void collect_id(const struct rule *r, void *arg)
{
	struct id_list *l = arg;
	if (l->n < 128)
		l->ids[l->n++] = r->id;
}

void out_sarif(struct strbuf *b, const struct report *r, const struct out_opts *o)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	cJSON_AddStringToObject(root, "version", "2.1.0");
	cJSON *runs = cJSON_AddArrayToObject(root, "runs");
	cJSON *run = cJSON_CreateObject();
	cJSON_AddItemToArray(runs, run);
	cJSON *tool = cJSON_AddObjectToObject(run, "tool");
	cJSON *driver = cJSON_AddObjectToObject(tool, "driver");
	cJSON_AddStringToObject(driver, "name", "djasync");
	cJSON_AddStringToObject(driver, "version", DJASYNC_VERSION);
	cJSON_AddStringToObject(driver, "semanticVersion", DJASYNC_VERSION);
	struct rules_ctx rc = {cJSON_AddArrayToObject(driver, "rules"), 0};
	rules_each(add_rule, &rc);
	struct id_list ids = {{0}, 0};
	rules_each(collect_id, &ids);
	cJSON *props = cJSON_AddObjectToObject(run, "properties");
	cJSON_AddStringToObject(props, "djangoVersion", o->django_version);
	cJSON_AddStringToObject(props, "djangoVersionSource", o->django_version_from);
	cJSON *results = cJSON_AddArrayToObject(run, "results");
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		cJSON *res = cJSON_CreateObject();
		cJSON_AddStringToObject(res, "ruleId", f->id);
		for (int k = 0; k < ids.n; k++)
			if (strcmp(ids.ids[k], f->id) == 0)
				cJSON_AddNumberToObject(res, "ruleIndex", k);
		cJSON_AddStringToObject(res, "level", level_of(f->severity));
		cJSON *msg = cJSON_AddObjectToObject(res, "message");
		char *text = xasprintf("%s. Fix: %s", f->message, f->suggestion);
		cJSON_AddStringToObject(msg, "text", text);
		free(text);
		cJSON *locs = cJSON_AddArrayToObject(res, "locations");
		cJSON_AddItemToArray(locs, location(f->path, f->line, f->column, f->end_line, f->end_column, NULL));
		if (f->fingerprint) {
			cJSON *fp = cJSON_AddObjectToObject(res, "partialFingerprints");
			cJSON_AddStringToObject(fp, "djasyncFingerprint/v1", f->fingerprint);
		}
		if (f->chain_len) {
			cJSON *flows = cJSON_AddArrayToObject(res, "codeFlows");
			cJSON *flow = cJSON_CreateObject();
			cJSON_AddItemToArray(flows, flow);
			cJSON *threads = cJSON_AddArrayToObject(flow, "threadFlows");
			cJSON *thread = cJSON_CreateObject();
			cJSON_AddItemToArray(threads, thread);
			cJSON *tlocs = cJSON_AddArrayToObject(thread, "locations");
			cJSON *first = cJSON_CreateObject();
			cJSON_AddItemToObject(first, "location",
					      location(f->path, f->line, f->column, 0, 0, "the call in async code"));
			cJSON_AddItemToArray(tlocs, first);
			for (size_t k = 0; k < f->chain_len; k++) {
				const struct chain_hop *h = &f->chain[k];
				char *m = xasprintf("in `%s`: %s", h->function, h->note ? h->note : "");
				cJSON *tl = cJSON_CreateObject();
				cJSON_AddItemToObject(tl, "location", location(h->path, h->line, h->column, 0, 0, m));
				cJSON_AddItemToArray(tlocs, tl);
				free(m);
			}
		}
		cJSON *rp = cJSON_AddObjectToObject(res, "properties");
		cJSON_AddStringToObject(rp, "confidence", confidence_name(f->confidence));
		if (f->function)
			cJSON_AddStringToObject(rp, "function", f->function);
		cJSON_AddItemToArray(results, res);
	}
	char *out = cJSON_Print(root);
	json_fix_utf8(&out);
	sb_puts(b, out);
	sb_putc(b, '\n');
	free(out);
	cJSON_Delete(root);
}
