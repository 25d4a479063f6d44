/* skeleton: a copy of a Python file whose function bodies are blanked out, so that the shallow
 * summary of a file without `async` (which never looks inside function bodies) costs a parse
 * of its classes, signatures and module code only. A small lexer finds the bodies; parsing and
 * deciding what a summary holds are parse.c's and facts.c's jobs. */
#ifndef DJASYNC_SKELETON_H
#define DJASYNC_SKELETON_H

#include <stddef.h>

/* Writes into *buf (grown as needed, *cap bytes; caller frees, and may reuse it across files)
 * a copy of `text`, NUL-terminated, in which the body of every function is replaced by `0` and
 * spaces, line breaks kept, so every byte outside the bodies keeps its offset, line and column.
 * Bodies of methods of classes whose header names a QuerySet or a Manager are kept (a shallow
 * summary reads their returns). Returns 1, or 0 when the text has nothing to blank or a layout
 * this lexer does not follow (lone CR, form feed, unbalanced brackets, unterminated strings,
 * nesting deeper than it tracks): the caller parses the text as it is. */
int skeleton_of(const char *text, size_t len, char **buf, size_t *cap);

#endif
