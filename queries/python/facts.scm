; Facts of one Python module: the sites phase 1 turns into a module summary.
; One capture per pattern names the site; analyzer/facts.c converts the captured node.
; Captures arrive in document order, so scopes (@class, @function, @lambda) open before
; the sites they contain.

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
(assignment
  left: (_)
  right: (_)) @assign
(for_statement) @for
(for_in_clause) @for
(with_statement) @with
(return_statement) @return

; --- implicit evaluation: truth tests, membership, subscripts ---
(if_statement
  condition: (_) @truth)
(elif_clause
  condition: (_) @truth)
(while_statement
  condition: (_) @truth)
(not_operator
  argument: (_) @truth)
(boolean_operator
  left: (_) @truth)
(comparison_operator
  operators: ["in" "not in"]) @in
(subscript) @subscript
