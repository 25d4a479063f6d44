#!/bin/sh
# Golden CLI tests: each tests/cli/<case>/ holds `args` (one argument per line), `stdout`
# (expected output), `exit` (expected status) and optionally `stderr`. Run from the repo root:
#   sh tests/cli/run.sh build/djasync
# UPDATE=1 rewrites the expectations from the current output (review the diff!).
set -u
unset VIRTUAL_ENV # goldens do not depend on the shell's environment
bin=${1:-build/djasync}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in tests/cli/*/; do
	case=$(basename "$dir")
	[ -f "$dir/args" ] || continue
	# one argument per line, so paths with spaces survive
	set --
	while IFS= read -r a || [ -n "$a" ]; do set -- "$@" "$a"; done < "$dir/args"
	NO_COLOR=1 "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	ok=1
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$tmp/out" "$dir/stdout"; echo "$rc" >"$dir/exit"
		[ -f "$dir/stderr" ] && cp "$tmp/err" "$dir/stderr"
	fi
	if ! cmp -s "$tmp/out" "$dir/stdout"; then
		echo "FAIL $case: stdout differs:"; diff -u "$dir/stdout" "$tmp/out" | head -40; ok=0
	fi
	if [ "$rc" != "$(cat "$dir/exit")" ]; then
		echo "FAIL $case: exit $rc, expected $(cat "$dir/exit")"; ok=0
	fi
	if [ -f "$dir/stderr" ] && ! cmp -s "$tmp/err" "$dir/stderr"; then
		echo "FAIL $case: stderr differs:"; diff -u "$dir/stderr" "$tmp/err" | head -20; ok=0
	fi
	if [ $ok = 1 ]; then pass=$((pass + 1)); echo "ok   $case"; else fail=$((fail + 1)); fi
done
echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
