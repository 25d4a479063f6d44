/* rules: walks the per-family rule tables (analyzer/rules/ files) as one catalogue. */
#include "rules.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct rule *const families[] = {rules_source, rules_orm, rules_django, rules_generic, rules_wrappers,
						 rules_chains, NULL};

const char *const client_libraries[] = {"requests", "httpx", "urllib", "redis", "smtplib", NULL};

void rules_each(void (*fn)(const struct rule *, void *), void *arg)
{
	for (size_t f = 0; families[f]; f++)
		for (const struct rule *r = families[f]; r->id; r++)
			fn(r, arg);
}

const struct rule *rule_find(const char *id)
{
	for (size_t f = 0; families[f]; f++)
		for (const struct rule *r = families[f]; r->id; r++)
			if (strcasecmp(r->id, id) == 0 || strcmp(r->slug, id) == 0)
				return r;
	return NULL;
}

/* Edit distance of a and b, case-insensitive (both short: rule codes and slugs). */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return la > lb ? la : lb;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t sub = diag + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
			size_t best = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
			row[j] = sub < best ? sub : best;
			diag = up;
		}
	}
	return row[lb];
}

int rule_selector_valid(const char *sel)
{
	if (strcasecmp(sel, "ALL") == 0)
		return 1;
	size_t n = strlen(sel);
	for (size_t f = 0; n && families[f]; f++)
		for (const struct rule *r = families[f]; r->id; r++)
			if (strncasecmp(r->id, sel, n) == 0)
				return 1;
	return 0;
}

const char *rule_closest(const char *sel)
{
	const struct rule *r = rule_find(sel); /* a slug: its code */
	if (r)
		return r->id;
	static char best[16]; /* a code, or a code's prefix as long as the selector */
	size_t bd = (size_t)-1, n = strlen(sel);
	for (size_t f = 0; families[f]; f++)
		for (r = families[f]; r->id; r++) {
			char prefix[16];
			snprintf(prefix, sizeof prefix, "%.*s", (int)(n < strlen(r->id) ? n : strlen(r->id)), r->id);
			size_t d[3] = {distance(sel, r->id), distance(sel, prefix), distance(sel, r->slug)};
			const char *as[3] = {r->id, prefix, r->id};
			for (int k = 0; k < 3; k++)
				if (d[k] < bd) {
					bd = d[k];
					snprintf(best, sizeof best, "%s", as[k]);
				}
		}
	return best;
}

int django_version_parse(const char *s)
{
	char *end;
	long major = strtol(s, &end, 10);
	if (end == s || major < 1 || major > 99)
		return -1;
	long minor = 0;
	if (*end == '.') {
		const char *m = end + 1;
		minor = strtol(m, &end, 10);
		if (end == m || minor < 0 || minor > 99)
			return -1;
		if (*end == '.') /* a patch level is accepted and ignored */
			strtol(end + 1, &end, 10);
	}
	return *end ? -1 : (int)(major * 100 + minor);
}
