/* fixture: set-up pieces the cmocka suites share (static inline: a suite uses what it needs). */
#ifndef DJASYNC_TEST_FIXTURE_H
#define DJASYNC_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "facts.h"
#include "util.h"

/* Removes a scratch folder made by mkdtemp(): 0, or -1 (a failing cmocka teardown). */
static inline int remove_tree(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* A facts context with the embedded queries, or NULL after saying why on stderr. */
static inline facts_ctx *new_facts_ctx(void)
{
	struct diag d = {{0}};
	facts_ctx *c = facts_ctx_new(NULL, &d);
	if (!c)
		fprintf(stderr, "facts_ctx_new: %s\n", d.msg);
	return c;
}

#endif
