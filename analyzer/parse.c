/* parse: binds the tree-sitter-python grammar (built from the pinned npm sources). */
#include "parse.h"

const TSLanguage *tree_sitter_python(void);

const TSLanguage *parse_language(void)
{
	return tree_sitter_python();
}

TSParser *parse_parser_new(void)
{
	TSParser *p = ts_parser_new();
	ts_parser_set_language(p, tree_sitter_python());
	return p;
}
