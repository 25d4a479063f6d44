/* rules: walks the per-family rule tables (analyzer/rules/ files) as one catalogue. */
#include "rules.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct rule *const families[] = {rules_syntax, rules_orm, rules_django, rules_generic, rules_wrappers,
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
