/* parse: the tree-sitter Python language and a parser configured for it. */
#ifndef DJASYNC_PARSE_H
#define DJASYNC_PARSE_H

#include <tree_sitter/api.h>

const TSLanguage *parse_language(void);
/* A new parser for Python; free with ts_parser_delete(). */
TSParser *parse_parser_new(void);

#endif
