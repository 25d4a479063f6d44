; Facts of one Python module: the sites phase 1 turns into a module summary.
; One node, one capture per pattern: analyzer/facts.c reads the fields it needs, which keeps
; this pass cheap (single-node patterns add the least to the tree walk). Matches arrive in
; document order, so scopes (@class, @function, @lambda) open before the sites they contain.

; --- imports ---
(import_statement) @import
(import_from_statement) @import

; --- scopes ---
(decorated_definition) @decorated
(class_definition) @class
(function_definition) @function
(lambda) @lambda

; --- calls and what binds names ---
(await) @await
(call) @call
(assignment) @assign
(named_expression) @assign
(for_statement) @for
(for_in_clause) @for
(with_statement) @with
(return_statement) @return

; --- implicit evaluation: truth tests, membership, subscripts ---
(if_statement) @truth
(elif_clause) @truth
(while_statement) @truth
(not_operator) @truth
(boolean_operator) @truth
(comparison_operator) @in
(subscript) @subscript
(attribute) @attr

; --- handlers that run only outside an event loop (except RuntimeError after get_running_loop) ---
(except_clause) @except

; --- suppression comments: # noqa, # djasync: ignore[...], # djasync: skip-file ---
(comment) @comment
