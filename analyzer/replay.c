/* replay: a report as bytes and back. Every length is checked before use and the payload
 * carries a checksum, so a damaged file is refused, never half-loaded. Rule ids, slugs and
 * root kinds come back as this build's static strings. */
#include "replay.h"

#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "rules.h"
#include "util.h"

#define REPLAY_MAGIC 0x504a5244u /* "DRJP" */
#define REPLAY_FORMAT 2u
#define NO_STRING 0xffffffffu

struct replay_header {
	uint32_t magic, format;
	uint64_t key_a, key_b;
	uint64_t n_findings, n_suppressed, n_errors, payload_len, checksum;
};

static const char *const root_kinds[] = {
	"view", "view-handler", "middleware", "consumer", "ninja", "adrf", "graphql", "signal-receiver", "other-framework",
	"function", NULL,
};

static void put_u32(struct strbuf *b, uint32_t v)
{
	sb_add(b, (const char *)&v, sizeof v);
}

static void put_str(struct strbuf *b, const char *s)
{
	if (!s) {
		put_u32(b, NO_STRING);
		return;
	}
	uint32_t n = (uint32_t)strlen(s);
	put_u32(b, n);
	sb_add(b, s, n);
}

static void put_finding(struct strbuf *b, const struct finding *f)
{
	put_str(b, f->id);
	put_str(b, f->cause ? f->cause->id : f->id);
	put_str(b, f->library);
	put_u32(b, (uint32_t)f->twin);
	put_str(b, f->fix_tmpl);
	put_str(b, f->root);
	put_str(b, f->path);
	put_str(b, f->message);
	put_str(b, f->suggestion);
	put_str(b, f->function);
	uint32_t nums[7] = {(uint32_t)f->severity, (uint32_t)f->confidence, (uint32_t)f->line, (uint32_t)f->column,
			    (uint32_t)f->end_line, (uint32_t)f->end_column, (uint32_t)f->chain_len};
	sb_add(b, (const char *)nums, sizeof nums);
	for (size_t i = 0; i < f->chain_len; i++) {
		const struct chain_hop *h = &f->chain[i];
		put_str(b, h->path);
		put_str(b, h->function);
		put_str(b, h->note);
		put_u32(b, (uint32_t)h->line);
		put_u32(b, (uint32_t)h->column);
	}
}

void replay_save(const struct report *r, size_t first_error, struct replay_key key, char **out, size_t *len)
{
	struct strbuf b = {0};
	for (size_t i = 0; i < r->n_findings; i++)
		put_finding(&b, &r->findings[i]);
	for (size_t i = 0; i < r->n_suppressed; i++)
		put_finding(&b, &r->suppressed[i]);
	for (size_t i = first_error; i < r->n_errors; i++) {
		put_str(&b, r->errors[i].path);
		put_str(&b, r->errors[i].message);
		put_u32(&b, (uint32_t)r->errors[i].fatal);
	}
	struct replay_header h = {REPLAY_MAGIC, REPLAY_FORMAT, key.a, key.b, r->n_findings, r->n_suppressed,
				  r->n_errors - first_error, b.len, cache_hash_str(b.s ? b.s : "", b.len)};
	*len = sizeof h + b.len;
	*out = xmalloc(*len);
	memcpy(*out, &h, sizeof h);
	if (b.len)
		memcpy(*out + sizeof h, b.s, b.len);
	sb_free(&b);
}

/* --- reading back: every read checks the bytes left ---------------------------------------- */

struct reader {
	const char *p, *end;
	int bad;
};

static uint32_t get_u32(struct reader *rd)
{
	uint32_t v = 0;
	if (rd->end - rd->p < (ptrdiff_t)sizeof v) {
		rd->bad = 1;
		return 0;
	}
	memcpy(&v, rd->p, sizeof v);
	rd->p += sizeof v;
	return v;
}

/* A copy of the next string (NULL for none); `nullable` 0 makes none an error. */
static char *get_str(struct reader *rd, int nullable)
{
	uint32_t n = get_u32(rd);
	if (rd->bad || (n == NO_STRING && !nullable) || (n != NO_STRING && rd->end - rd->p < (ptrdiff_t)n)) {
		rd->bad = 1;
		return NULL;
	}
	if (n == NO_STRING)
		return NULL;
	char *s = xstrndup(rd->p, n);
	rd->p += n;
	if (strlen(s) != n) /* an embedded NUL */
		rd->bad = 1;
	return s;
}

static int get_finding(struct reader *rd, struct finding *f)
{
	memset(f, 0, sizeof *f);
	char *id = get_str(rd, 0), *cause = get_str(rd, 0), *lib = get_str(rd, 1);
	uint32_t twin = get_u32(rd);
	char *tmpl = get_str(rd, 1);
	char *root = get_str(rd, 1);
	const struct rule *rule = id ? rule_find(id) : NULL, *cr = cause ? rule_find(cause) : NULL;
	int k = root ? str_in(root, root_kinds) : -1, l = lib && library_known(lib) ? 0 : -1;
	if (rule && strcmp(rule->id, id) == 0 && cr && strcmp(cr->id, cause) == 0 && twin <= 1 && (!lib || l >= 0)) {
		f->rule = rule;
		f->cause = cr;
		f->library = l >= 0 ? library_known(lib) : NULL;
		f->twin = (int)twin;
		f->id = rule->id;
		f->slug = rule->slug;
	} else {
		rd->bad = 1;
	}
	f->fix_tmpl = tmpl ? djapi_template_known(tmpl) : NULL;
	if (tmpl && !f->fix_tmpl)
		rd->bad = 1;
	free(tmpl);
	free(cause);
	free(lib);
	if (root && k < 0)
		rd->bad = 1;
	f->root = k >= 0 ? root_kinds[k] : NULL;
	free(id);
	free(root);
	f->path = get_str(rd, 0);
	f->message = get_str(rd, 0);
	f->suggestion = get_str(rd, 1);
	f->function = get_str(rd, 1);
	uint32_t nums[7];
	for (int i = 0; i < 7; i++)
		nums[i] = get_u32(rd);
	if (rd->bad || nums[0] > SEV_ERROR || nums[1] > CONF_HIGH || nums[6] > (uint32_t)(rd->end - rd->p)) {
		rd->bad = 1;
		return -1;
	}
	f->severity = (enum severity)nums[0];
	f->confidence = (enum confidence)nums[1];
	f->line = (int)nums[2];
	f->column = (int)nums[3];
	f->end_line = (int)nums[4];
	f->end_column = (int)nums[5];
	f->chain_len = nums[6];
	f->chain = f->chain_len ? xcalloc(f->chain_len, sizeof *f->chain) : NULL;
	for (size_t i = 0; i < f->chain_len && !rd->bad; i++) {
		struct chain_hop *h = &f->chain[i];
		h->path = get_str(rd, 0);
		h->function = get_str(rd, 1);
		h->note = get_str(rd, 1);
		h->line = (int)get_u32(rd);
		h->column = (int)get_u32(rd);
	}
	return rd->bad ? -1 : 0;
}

int replay_load(const char *buf, size_t len, struct replay_key key, struct report *r)
{
	struct replay_header h;
	if (len < sizeof h)
		return -1;
	memcpy(&h, buf, sizeof h);
	if (h.magic != REPLAY_MAGIC || h.format != REPLAY_FORMAT || h.key_a != key.a || h.key_b != key.b ||
	    h.payload_len != len - sizeof h || cache_hash_str(buf + sizeof h, len - sizeof h) != h.checksum ||
	    h.n_findings > len || h.n_suppressed > len || h.n_errors > len)
		return -1;
	struct reader rd = {buf + sizeof h, buf + len, 0};
	struct report got = {0};
	for (uint64_t i = 0; i < h.n_findings + h.n_suppressed && !rd.bad; i++) {
		struct finding f;
		if (get_finding(&rd, &f) != 0) {
			finding_free(&f);
			break;
		}
		report_add_finding(&got, f);
	}
	for (uint64_t i = 0; i < h.n_errors && !rd.bad; i++) {
		char *path = get_str(&rd, 0), *msg = get_str(&rd, 0);
		int fatal = (int)get_u32(&rd);
		if (!rd.bad)
			report_add_error(&got, path, fatal, "%s", msg);
		free(path);
		free(msg);
	}
	if (rd.bad || rd.p != rd.end) {
		report_free(&got);
		return -1;
	}
	/* all good: move everything into r */
	for (size_t i = 0; i < got.n_findings; i++) {
		if (i < h.n_findings)
			report_add_finding(r, got.findings[i]);
		else
			report_add_suppressed(r, got.findings[i]);
	}
	for (size_t i = 0; i < got.n_errors; i++) {
		report_add_error(r, got.errors[i].path, got.errors[i].fatal, "%s", got.errors[i].message);
		free(got.errors[i].path);
		free(got.errors[i].message);
	}
	free(got.findings);
	free(got.errors);
	return 0;
}
