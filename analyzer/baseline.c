/* baseline: reads and writes .djasync-baseline.json with cJSON; matching is by fingerprint
 * (see report_fingerprint), counted, so two identical findings need two entries. */
#include "baseline.h"
#include "output.h"

#include <cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int baseline_write(const char *path, const struct report *r, struct diag *d)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "schema", 1);
	cJSON *tool = cJSON_AddObjectToObject(root, "tool");
	cJSON_AddStringToObject(tool, "name", "djasync");
	cJSON_AddStringToObject(tool, "version", DJASYNC_VERSION);
	cJSON *arr = cJSON_AddArrayToObject(root, "findings");
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "fingerprint", f->fingerprint ? f->fingerprint : "");
		cJSON_AddStringToObject(j, "id", f->id);
		json_add_path(j, "path", f->path);
		cJSON_AddNumberToObject(j, "line", f->line);
		cJSON_AddStringToObject(j, "message", f->message);
		cJSON_AddItemToArray(arr, j);
	}
	char *text = cJSON_Print(root);
	json_fix_utf8(&text);
	cJSON_Delete(root);
	struct strbuf b = {0};
	sb_puts(&b, text);
	sb_putc(&b, '\n');
	int rc = write_file_atomic(path, b.s, b.len);
	if (rc != 0)
		diag_set(d, "%s: cannot write the baseline: %s", path, io_strerror());
	sb_free(&b);
	free(text);
	return rc;
}

struct counts {
	struct strmap map; /* fingerprint -> index into n */
	int *n;
	cJSON *doc;        /* owns the fingerprint strings used as keys */
};

static int in_baseline(const struct finding *f, void *arg)
{
	struct counts *c = arg;
	int64_t i = strmap_get(&c->map, f->fingerprint ? f->fingerprint : "", -1);
	if (i < 0 || c->n[i] == 0)
		return 1;
	c->n[i]--;
	return 0;
}

int baseline_apply(const char *path, struct report *r, struct diag *d)
{
	char *text = read_file(path, NULL);
	if (!text) {
		diag_set(d, "%s: cannot read the baseline: %s", path, io_strerror());
		return -1;
	}
	struct counts c = {0};
	c.doc = cJSON_Parse(text);
	free(text);
	cJSON *arr = c.doc ? cJSON_GetObjectItemCaseSensitive(c.doc, "findings") : NULL;
	cJSON *schema = c.doc ? cJSON_GetObjectItemCaseSensitive(c.doc, "schema") : NULL;
	if (!cJSON_IsArray(arr) || !cJSON_IsNumber(schema) || schema->valueint != 1) {
		diag_set(d, "%s: not a djasync baseline (expected a JSON object with \"schema\": 1 and "
			 "\"findings\"; make one with `djasync baseline`)", path);
		cJSON_Delete(c.doc);
		return -1;
	}
	int n = cJSON_GetArraySize(arr);
	c.n = xcalloc(n ? (size_t)n : 1, sizeof *c.n);
	int next = 0;
	cJSON *it;
	cJSON_ArrayForEach(it, arr)
	{
		cJSON *fp = cJSON_GetObjectItemCaseSensitive(it, "fingerprint");
		if (!cJSON_IsString(fp))
			continue;
		int64_t i = strmap_get(&c.map, fp->valuestring, -1);
		if (i < 0) {
			strmap_put(&c.map, fp->valuestring, next);
			i = next++;
		}
		c.n[i]++;
	}
	report_filter(r, in_baseline, &c, 1);
	strmap_free(&c.map);
	free(c.n);
	cJSON_Delete(c.doc);
	return 0;
}
