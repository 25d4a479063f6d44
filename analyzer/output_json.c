/* output_json: the versioned JSON document (schema 1) that editors and other tools read.
 * Field names and order are a contract documented in README.md. */
#include "output.h"

#include <cJSON.h>
#include <stdlib.h>

void json_add_path(cJSON *o, const char *key, const char *path)
{
	cJSON_AddStringToObject(o, key, path); /* printed with U+FFFD for bytes that are not UTF-8 */
	if (!utf8_valid(path)) {
		char *k = xasprintf("%s_bytes", key), *v = percent_encode(path, "/");
		cJSON_AddStringToObject(o, k, v);
		free(k);
		free(v);
	}
}

static cJSON *finding_json(const struct finding *f)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "id", f->id);
	cJSON_AddStringToObject(j, "slug", f->slug);
	cJSON_AddStringToObject(j, "severity", severity_name(f->severity));
	cJSON_AddStringToObject(j, "confidence", confidence_name(f->confidence));
	json_add_path(j, "path", f->path);
	cJSON_AddNumberToObject(j, "line", f->line);
	cJSON_AddNumberToObject(j, "column", f->column);
	cJSON_AddNumberToObject(j, "end_line", f->end_line);
	cJSON_AddNumberToObject(j, "end_column", f->end_column);
	cJSON_AddStringToObject(j, "message", f->message);
	cJSON_AddStringToObject(j, "suggestion", f->suggestion);
	if (f->function)
		cJSON_AddStringToObject(j, "function", f->function);
	else
		cJSON_AddNullToObject(j, "function");
	if (f->root || f->function)
		cJSON_AddStringToObject(j, "root", f->root ? f->root : "function");
	else
		cJSON_AddNullToObject(j, "root"); /* module level: a syntax error (DJA001) */
	cJSON_AddStringToObject(j, "fingerprint", f->fingerprint ? f->fingerprint : "");
	cJSON *chain = cJSON_AddArrayToObject(j, "chain");
	for (size_t k = 0; k < f->chain_len; k++) {
		cJSON *h = cJSON_CreateObject();
		json_add_path(h, "path", f->chain[k].path);
		cJSON_AddNumberToObject(h, "line", f->chain[k].line);
		cJSON_AddNumberToObject(h, "column", f->chain[k].column);
		cJSON_AddStringToObject(h, "function", f->chain[k].function);
		cJSON_AddStringToObject(h, "note", f->chain[k].note ? f->chain[k].note : "");
		cJSON_AddItemToArray(chain, h);
	}
	return j;
}

cJSON *out_json_head(const char *django_version, const char *django_version_from)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "schema", 1);
	cJSON *tool = cJSON_AddObjectToObject(root, "tool");
	cJSON_AddStringToObject(tool, "name", "djasync");
	cJSON_AddStringToObject(tool, "version", DJASYNC_VERSION);
	cJSON_AddStringToObject(root, "django_version", django_version);
	cJSON_AddStringToObject(root, "django_version_source", django_version_from);
	return root;
}

void out_json(struct strbuf *b, const struct report *r, const struct out_opts *o)
{
	cJSON *root = out_json_head(o->django_version, o->django_version_from);
	cJSON_AddNumberToObject(root, "files_scanned", (double)r->files_scanned);
	cJSON *arr = cJSON_AddArrayToObject(root, "findings");
	for (size_t i = 0; i < r->n_findings; i++)
		cJSON_AddItemToArray(arr, finding_json(&r->findings[i]));
	if (o->show_suppressed) {
		cJSON *sup = cJSON_AddArrayToObject(root, "suppressed");
		for (size_t i = 0; i < r->n_suppressed; i++)
			cJSON_AddItemToArray(sup, finding_json(&r->suppressed[i]));
	}
	cJSON *errs = cJSON_AddArrayToObject(root, "errors");
	for (size_t i = 0; i < r->n_errors; i++) {
		cJSON *e = cJSON_CreateObject();
		json_add_path(e, "path", r->errors[i].path);
		cJSON_AddStringToObject(e, "message", r->errors[i].message);
		cJSON_AddItemToArray(errs, e);
	}
	char *text = cJSON_Print(root);
	json_fix_utf8(&text);
	sb_puts(b, text);
	sb_putc(b, '\n');
	free(text);
	cJSON_Delete(root);
}
