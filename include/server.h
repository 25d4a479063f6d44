/* server: `djasync server`, a language server over stdio for editors. */
#ifndef DJASYNC_SERVER_H
#define DJASYNC_SERVER_H

#include <stdio.h>

#include "config.h"
#include "scan.h"

/* Serves LSP messages from `in` to `out` until `exit` or end of input; diagnostics about the
 * server itself go to `log`. Each document's findings are filtered by the configuration
 * nearest its file (select / ignore / per-file-ignores, the command line's selectors of
 * `base` last), as the command line does; `base` (may be NULL) applies to files with none. A
 * configuration that does not load becomes a diagnostic on its file, and its documents are
 * served with `base`. Returns the process exit status (0 after shutdown + exit). */
int server_run(FILE *in, FILE *out, FILE *log, const struct scan_opts *o, const struct config *base);
/* The project a file belongs to: the nearest folder above it with manage.py,
 * pyproject.toml, setup.py, setup.cfg or .git (climbing lexically); its own folder when there
 * is none. Caller frees. */
char *server_project_root(const char *file);

#endif
