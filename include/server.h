/* server: `djasync server`, a language server over stdio for editors. */
#ifndef DJASYNC_SERVER_H
#define DJASYNC_SERVER_H

#include <stdio.h>

#include "scan.h"

/* Serves LSP messages from `in` to `out` until `exit` or end of input; diagnostics about the
 * server itself go to `log`. `keep` (may be NULL) filters findings before they are published
 * (the configuration's select / ignore / per-file-ignores). Returns the process exit status
 * (0 after shutdown + exit). */
int server_run(FILE *in, FILE *out, FILE *log, const struct scan_opts *o,
	       int (*keep)(const struct finding *, void *), void *keep_arg);
/* The project a file belongs to: the nearest folder above it with manage.py,
 * pyproject.toml, setup.py, setup.cfg or .git (climbing lexically); its own folder when there
 * is none. Caller frees. */
char *server_project_root(const char *file);

#endif
