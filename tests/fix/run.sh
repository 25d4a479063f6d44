#!/bin/sh
# tests/fix/run.sh [BINARY]: `djasync check --fix`, `--unsafe-fixes`, `--diff`, `--add-noqa`.
# Each corpus/fix/NAME.py fixed in a copy must equal NAME.py.fixed byte for byte (line endings included), parse, and change nothing on
# a second --fix; with a target version that lacks the twins nothing is fixed. Then every file
# of corpus/ is fixed in a copy: each must still parse, and a second --fix must find nothing.
# With --unsafe-fixes, NAME.py.unsafe is the golden (the sync_to_async wraps). And: a read-only
# file is refused (exit 2, unchanged), --fix with --stdin-filename is refused,
# the exit status is 0 when every finding was fixed.
. "$(dirname "$0")/../lib.sh"
parses() { python3 -c 'import ast,sys
for f in sys.argv[1:]:
    ast.parse(open(f, "rb").read(), f)' "$@"; }

for want in corpus/fix/*.py.fixed; do
	src=${want%.fixed}
	name=$(basename "$src")
	mkdir -p "$tmp/$name.d" && cp "$src" "$tmp/$name.d/"
	"$bin" check --no-cache --fix "$tmp/$name.d" >"$tmp/out" 2>&1
	if cmp -s "$tmp/$name.d/$name" "$src.fixed"; then ok "$name: fixed as $name.fixed"
	else bad "$name: differs from $name.fixed: $(diff "$src.fixed" "$tmp/$name.d/$name" | head -5)"; fi
	parses "$tmp/$name.d/$name" && ok "$name: the result parses" || bad "$name: the result does not parse"
	cp "$tmp/$name.d/$name" "$tmp/once"
	"$bin" check --no-cache --fix "$tmp/$name.d" >"$tmp/out2" 2>&1
	grep -q '^Fixed 0 findings in 0 files' "$tmp/out2" && cmp -s "$tmp/once" "$tmp/$name.d/$name" &&
		ok "$name: a second --fix changes nothing" || bad "$name: second --fix: $(tail -1 "$tmp/out2")"
done

# --unsafe-fixes: NAME.py.unsafe where there is one (the wraps, the import added or merged)
for want in corpus/fix/*.py.unsafe; do
	name=$(basename "$want" .unsafe)
	mkdir -p "$tmp/$name.u" && cp "corpus/fix/$name" "$tmp/$name.u/"
	"$bin" check --no-cache --fix --unsafe-fixes "$tmp/$name.u" >/dev/null 2>&1
	cmp -s "$tmp/$name.u/$name" "$want" && parses "$tmp/$name.u/$name" &&
		ok "$name: --unsafe-fixes as $name.unsafe, and it parses" || bad "$name --unsafe-fixes: $(diff "$want" "$tmp/$name.u/$name" | head -4)"
	"$bin" check --no-cache --fix --unsafe-fixes "$tmp/$name.u" >"$tmp/out2" 2>&1
	grep -q '^Fixed 0 findings in 0 files' "$tmp/out2" && ok "$name: a second --unsafe-fixes changes nothing" ||
		bad "$name: second --unsafe-fixes: $(tail -1 "$tmp/out2")"
done
# --add-noqa: NAME.py.noqa where there is one; a second run adds nothing; the result checks clean
# but for what a noqa cannot silence there (a line ending inside a string, an unused code)
for want in corpus/fix/*.py.noqa; do
	name=$(basename "$want" .noqa)
	mkdir -p "$tmp/$name.q" && cp "corpus/fix/$name" "$tmp/$name.q/"
	"$bin" check --no-cache --add-noqa "$tmp/$name.q" >"$tmp/out" 2>&1
	cmp -s "$tmp/$name.q/$name" "$want" && parses "$tmp/$name.q/$name" &&
		ok "$name: --add-noqa as $name.noqa" || bad "$name --add-noqa: $(diff "$want" "$tmp/$name.q/$name" | head -4)"
	"$bin" check --no-cache --add-noqa "$tmp/$name.q" >"$tmp/out2" 2>&1
	grep -q '^Added noqa directives to 0 lines in 0 files' "$tmp/out2" && ok "$name: a second --add-noqa adds nothing" ||
		bad "$name: second --add-noqa: $(tail -1 "$tmp/out2")"
done
grep -q 'line end inside a string: no noqa added there' "$tmp/out" && ok "--add-noqa says which lines it left" ||
	bad "--add-noqa: no word on the string line"

"$bin" check --no-cache --unsafe-fixes corpus/fix >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q -- '--unsafe-fixes widens --fix or --diff' "$tmp/err" && ok "--unsafe-fixes alone: refused" ||
	bad "--unsafe-fixes alone: $(cat "$tmp/err")"

mkdir -p "$tmp/old" && cp corpus/fix/twins.py "$tmp/old/"
"$bin" check --no-cache --fix --django-version 4.0 "$tmp/old" >"$tmp/out" 2>&1
cmp -s "$tmp/old/twins.py" corpus/fix/twins.py && grep -q '^Fixed 0 findings' "$tmp/out" &&
	ok "Django 4.0 (no async twins yet): nothing fixed" || bad "Django 4.0: $(tail -1 "$tmp/out")"

cp -r corpus "$tmp/all"
rm -f "$tmp"/all/fix/*.fixed "$tmp"/all/fix/*.unsafe "$tmp"/all/fix/*.noqa
"$bin" check --no-cache --fix "$tmp/all" >"$tmp/out" 2>&1
fixed=$(sed -n 's/^Fixed \([0-9]*\) findings\{0,1\} in \([0-9]*\) files\{0,1\}.*/\1 \2/p' "$tmp/out")
changed=$(diff -rq corpus "$tmp/all" | grep -c '^Files .* differ$')
[ "${fixed% *}" -gt 20 ] && [ "${fixed#* }" = "$changed" ] && ok "corpus: ${fixed% *} fixes in $changed files" ||
	bad "corpus: fixed '$fixed', files changed $changed"
files=$(diff -rq corpus "$tmp/all" | sed -n 's/^Files .* and \(.*\) differ$/\1/p')
# shellcheck disable=SC2086
parses $files && ok "corpus: every fixed file parses" || bad "corpus: a fixed file does not parse"
"$bin" check --no-cache --fix "$tmp/all" >"$tmp/out2" 2>&1
grep -q '^Fixed 0 findings in 0 files' "$tmp/out2" && ok "corpus: a second --fix finds nothing to fix" ||
	bad "corpus: second --fix: $(tail -1 "$tmp/out2")"

# --diff: the fixes as a patch, nothing written, exit 1; the patch applies, and --fix then
# finishes what the one round of --diff left (a fix inside another) into the golden
mkdir -p "$tmp/d" && cp corpus/fix/twins.py corpus/fix/crlf.py "$tmp/d/"
(cd "$tmp/d" && "$bin" check --no-cache --diff . >../fix.diff 2>../diff.err)
st=$?
cmp -s "$tmp/d/twins.py" corpus/fix/twins.py && [ $st = 1 ] && grep -q '^--- a/twins.py$' "$tmp/fix.diff" &&
	grep -q '^+    found = await Book.objects.filter(pk=Book.objects.count()).aexists()' "$tmp/fix.diff" &&
	ok "--diff: a patch on stdout, exit 1, nothing written" || bad "--diff: exit $st, $(head -3 "$tmp/fix.diff")"
(cd "$tmp/d" && patch -s -p1 <../fix.diff) && "$bin" check --no-cache --fix "$tmp/d" >/dev/null 2>&1
cmp -s "$tmp/d/twins.py" corpus/fix/twins.py.fixed && cmp -s "$tmp/d/crlf.py" corpus/fix/crlf.py.fixed &&
	ok "--diff's patch applies (CRLF too); --fix then ends at the goldens" || bad "--diff patch: $(diff corpus/fix/twins.py.fixed "$tmp/d/twins.py" | head -3)"
(cd "$tmp/d" && "$bin" check --no-cache --diff . >../fix2.diff 2>/dev/null)
st=$?
[ $st = 0 ] && [ ! -s "$tmp/fix2.diff" ] && ok "--diff with nothing to fix: empty, exit 0" || bad "--diff clean: exit $st"
"$bin" check --no-cache --diff --fix "$tmp/d" >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q -- '--diff prints the fixes instead' "$tmp/err" && ok "--diff with --fix: refused" || bad "--diff --fix: $(cat "$tmp/err")"

mkdir -p "$tmp/ro" && cp corpus/fix/crlf.py "$tmp/ro/" && chmod 444 "$tmp/ro/crlf.py"
if [ "$(id -u)" = 0 ]; then chattr +i "$tmp/ro/crlf.py" 2>/dev/null || true; fi
"$bin" check --no-cache --fix "$tmp/ro" >"$tmp/out" 2>&1
st=$?
chattr -i "$tmp/ro/crlf.py" 2>/dev/null || true
[ $st = 2 ] && cmp -s "$tmp/ro/crlf.py" corpus/fix/crlf.py && grep -q 'crlf.py: cannot write the fixes' "$tmp/out" &&
	ok "a read-only file: refused (exit 2), unchanged" || bad "read-only: exit $st, $(cat "$tmp/out" | tail -2)"

mkdir -p "$tmp/clean" && cp corpus/fix/crlf.py "$tmp/clean/"
"$bin" check --no-cache --fix "$tmp/clean" >/dev/null 2>&1
[ $? = 0 ] && ok "every finding fixed: exit 0" || bad "every finding fixed: exit $?"
echo x | "$bin" check --fix --stdin-filename a.py 2>"$tmp/err" >/dev/null
[ $? = 2 ] && grep -q -- '--fix/--diff and --stdin-filename' "$tmp/err" && ok "--fix --stdin-filename: refused" ||
	bad "--fix --stdin-filename: $(cat "$tmp/err")"

echo "fix: $pass passed, $fail failed"
[ "$fail" = 0 ]
