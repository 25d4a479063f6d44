#!/bin/sh
# Bad-input suite: inputs too big or too odd to commit are generated here. Each must give a
# clear message naming the file, let the scan go on, and end with the right exit status.
#   sh tests/robust.sh build/djasync
set -u
bin=${1:-build/djasync}
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0
fail=0
check() { # name, expected exit, grep pattern for stderr (or -), command...
	name=$1 want=$2 pat=$3
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL $name: exit $rc, expected $want"; sed 's/^/    /' "$tmp/err" | head -5; fail=$((fail + 1)); return
	fi
	if [ "$pat" != - ] && ! grep -q -- "$pat" "$tmp/err" "$tmp/out"; then
		echo "FAIL $name: no '$pat' in the output"; sed 's/^/    /' "$tmp/err" | head -5; fail=$((fail + 1)); return
	fi
	if grep -q -E "AddressSanitizer|runtime error|LeakSanitizer" "$tmp/err"; then
		echo "FAIL $name: sanitizer report"; head -20 "$tmp/err"; fail=$((fail + 1)); return
	fi
	echo "ok   $name"; pass=$((pass + 1))
}
blocking='import time

async def f():
    time.sleep(1)
'
# 50 MB file: skipped with a note by default, analyzed with --max-file-size 0
mkdir -p "$tmp/big"
{ printf '%s' "$blocking"; i=0; while [ $i -lt 400 ]; do printf 'x%d = 1\n' $i; i=$((i + 1)); done; } >"$tmp/big/seed.py"
awk 'BEGIN { line = "padding_variable_name_for_a_large_file = \"" sprintf("%80s", "") "\""; for (i = 0; i < 400000; i++) print line }' >"$tmp/big/huge.py"
cat "$tmp/big/seed.py" >>"$tmp/big/huge.py"
check big-file-skipped 1 "huge.py: file is .* bytes, over --max-file-size" "$bin" check --no-color "$tmp/big"
check big-file-analyzed 1 "huge.py:" "$bin" check --no-color --max-file-size 0 "$tmp/big/huge.py"
# nesting 10,000 deep: calls, lists, parentheses
mkdir -p "$tmp/deep"
awk 'BEGIN { s = ""; for (i = 0; i < 10000; i++) s = s "f("; s = s "1"; for (i = 0; i < 10000; i++) s = s ")"; print "x = " s }' >"$tmp/deep/calls.py"
awk 'BEGIN { s = ""; for (i = 0; i < 10000; i++) s = s "["; for (i = 0; i < 10000; i++) s = s "]"; print "x = " s }' >"$tmp/deep/lists.py"
awk 'BEGIN { s = ""; for (i = 0; i < 10000; i++) s = s "("; s = s "time.sleep(1)"; for (i = 0; i < 10000; i++) s = s ")"; print "import time\n\nasync def f():\n    " s }' >"$tmp/deep/parens.py"
awk 'BEGIN { print "async def f():"; ind = "    "; for (i = 0; i < 300; i++) { print ind "if x:"; ind = ind "    " } print ind "pass" }' >"$tmp/deep/blocks.py"
check deep-nesting 1 "parens.py:4:" "$bin" check --no-color "$tmp/deep"
# line endings and white space
mkdir -p "$tmp/eol"
printf 'import time\r\rasync def f():\r    time.sleep(1)\r' >"$tmp/eol/cr.py"
printf 'import time\n\nasync def f():\n\tif True:\n\t\ttime.sleep(1)\n' >"$tmp/eol/tabs.py"
printf 'import time\r\n\r\nasync def f():\r\n    time.sleep(1)\r\n' >"$tmp/eol/crlf.py"
check crlf-and-tabs 1 "tabs.py:5:3: DJA301" "$bin" check --no-color "$tmp/eol"
check cr-only 1 "cr.py:4:5: DJA301" "$bin" check --no-color "$tmp/eol/cr.py"
# unreadable file (needs a non-root user: root reads everything)
mkdir -p "$tmp/perm"
printf '%s' "$blocking" >"$tmp/perm/locked.py"
printf '%s' "$blocking" >"$tmp/perm/open.py"
chmod 000 "$tmp/perm/locked.py"
chmod 755 "$tmp" "$tmp/perm"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	check unreadable-file 1 "locked.py: cannot read file: Permission denied" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" check --no-color "$tmp/perm"
elif [ "$(id -u)" != 0 ]; then
	check unreadable-file 1 "locked.py: cannot read file: Permission denied" "$bin" check --no-color "$tmp/perm"
else
	echo "skip unreadable-file: needs setpriv to drop root"
fi
# missing path among good ones: the scan goes on, status 2
check missing-path-goes-on 2 "nope.py: No such file" "$bin" check --no-color "$tmp/nope.py" "$tmp/eol/tabs.py"
# output is byte-identical for every thread count, and with a cold, warm or damaged cache
same() { # name, reference file, command...
	name=$1 ref=$2
	shift 2
	"$@" >"$tmp/same.out" 2>/dev/null
	if cmp -s "$ref" "$tmp/same.out"; then
		echo "ok   $name"; pass=$((pass + 1))
	else
		echo "FAIL $name: output differs from the reference"; diff "$ref" "$tmp/same.out" | head -10; fail=$((fail + 1))
	fi
}
"$bin" check --format json --no-cache -j1 corpus >"$tmp/ref.json" 2>/dev/null
same jobs-2 "$tmp/ref.json" "$bin" check --format json --no-cache -j2 corpus
same jobs-7 "$tmp/ref.json" "$bin" check --format json --no-cache -j7 corpus
same cache-cold "$tmp/ref.json" "$bin" check --format json --cache-dir "$tmp/cache" -j3 corpus
same cache-warm "$tmp/ref.json" "$bin" check --format json --cache-dir "$tmp/cache" -j3 corpus
n=0
for f in $(find "$tmp/cache" -type f -name '*[0-9a-f]' | sort); do
	n=$((n + 1))
	case $((n % 3)) in
	0) printf 'garbage' >"$f" ;;
	1) head -c 100 "$f" >"$f.cut" && mv "$f.cut" "$f" ;;
	2) printf '\377\377\377\377' | dd of="$f" bs=1 seek=200 conv=notrunc 2>/dev/null ;;
	esac
done
same cache-damaged "$tmp/ref.json" "$bin" check --format json --cache-dir "$tmp/cache" -j3 corpus
same cache-rebuilt "$tmp/ref.json" "$bin" check --format json --cache-dir "$tmp/cache" -j3 corpus
# concurrent runs on one cache never corrupt it
rm -rf "$tmp/cache2"
for k in 1 2 3 4; do "$bin" check --format json --cache-dir "$tmp/cache2" corpus >"$tmp/conc$k.json" 2>/dev/null & done
wait
for k in 1 2 3 4; do same "concurrent-$k" "$tmp/ref.json" cat "$tmp/conc$k.json"; done
same concurrent-after "$tmp/ref.json" "$bin" check --format json --cache-dir "$tmp/cache2" corpus
if find "$tmp/cache2" -name '*.tmp.*' | grep -q .; then
	echo "FAIL cache temp files left behind"; fail=$((fail + 1))
fi
# 4 processes over 2 trees sharing one cache, 20 rounds, a file of one tree edited each round (so
# packs are rewritten and loose entries removed while the others read): every output is the
# uncached one
mkdir -p "$tmp/ct" && cp -r corpus/projects/bookshop "$tmp/ct/t1" && cp -r corpus/projects/newsroom "$tmp/ct/t2"
rm -rf "$tmp/cache3"
conc_bad=0
for r in $(seq 1 20); do
	t=$((r % 2 + 1))
	f=$(find "$tmp/ct/t$t" -name '*.py' | sort | head -n $((r % 5 + 1)) | tail -n 1)
	printf '\n# round %d\n' "$r" >>"$f"
	for k in 1 2; do "$bin" check --format json --no-cache "$tmp/ct/t$k" >"$tmp/cref$k.json" 2>/dev/null; done
	for k in 1 2 3 4; do
		"$bin" check --format json --cache-dir "$tmp/cache3" "$tmp/ct/t$(( (k - 1) % 2 + 1 ))" >"$tmp/cout$k.json" 2>"$tmp/cerr$k" &
	done
	wait
	for k in 1 2 3 4; do
		cmp -s "$tmp/cout$k.json" "$tmp/cref$(( (k - 1) % 2 + 1 )).json" || { conc_bad=$((conc_bad + 1)); echo "FAIL concurrent round $r process $k"; }
	done
done
[ "$conc_bad" = 0 ] && pass=$((pass + 1)) || fail=$((fail + 1))
[ "$conc_bad" = 0 ] && echo "ok   concurrent: 4 processes x 2 trees x 20 rounds with edits, every output as uncached"

# an unchanged re-scan replays phase 2's result from the cache; whatever that result depends on
# (a file's content, the files there are, the options) runs phase 2 again
rp="$tmp/replay"
mkdir -p "$rp"
cp -R corpus "$rp/c"
fresh() { "$bin" check --format json --no-cache "$@" "$rp/c" 2>/dev/null; }
cached() { "$bin" check --format json --cache-dir "$tmp/rcache" "$@" "$rp/c" 2>/dev/null; }
cached >/dev/null
"$bin" check --format json --stats --cache-dir "$tmp/rcache" "$rp/c" >"$tmp/r1.json" 2>"$tmp/r1.err"
if grep -q "replayed from the cache" "$tmp/r1.err"; then
	echo "ok   replay-used"; pass=$((pass + 1))
else
	echo "FAIL replay-used: phase 2 ran again on an unchanged tree"; fail=$((fail + 1))
fi
fresh >"$tmp/rref.json"
same replay-unchanged "$tmp/rref.json" cat "$tmp/r1.json"
for opt in "--django-version 4.2" "--min-confidence high" "--max-depth 1" "--no-follow"; do
	# shellcheck disable=SC2086 # the option and its value are two words
	fresh $opt >"$tmp/rref.json"
	if cmp -s "$tmp/rref.json" "$tmp/r1.json"; then
		echo "FAIL replay option $opt: the option changes nothing here, the check proves nothing"; fail=$((fail + 1))
	fi
	# shellcheck disable=SC2086
	same "replay-option $opt" "$tmp/rref.json" cached $opt
done
printf '\n\nasync def added_view(request):\n    import time\n    time.sleep(1)\n' >>"$rp/c/projects/bookshop/catalog/views.py"
fresh >"$tmp/rref.json"
grep -q added_view "$tmp/rref.json" || { echo "FAIL replay: the edit made no finding"; fail=$((fail + 1)); }
same replay-file-edited "$tmp/rref.json" cached
cp "$rp/c/projects/bookshop/catalog/views.py" "$rp/c/projects/bookshop/catalog/views_copy.py"
fresh >"$tmp/rref.json"
same replay-file-added "$tmp/rref.json" cached
mv "$rp/c/projects/bookshop/catalog/views_copy.py" "$rp/c/projects/bookshop/catalog/views_moved.py"
fresh >"$tmp/rref.json"
same replay-file-renamed "$tmp/rref.json" cached
rm "$rp/c/projects/bookshop/catalog/views_moved.py"
fresh >"$tmp/rref.json"
same replay-file-removed "$tmp/rref.json" cached
for f in "$tmp"/rcache/v*/replay-*; do printf 'garbage' >"$f"; done
same replay-damaged "$tmp/rref.json" cached
# the environment's files come from the cache's record while its distributions are as they were
ep="$tmp/envp"
cp -r corpus/projects/env_follow "$ep"
efresh() { "$bin" check --format json --no-cache "$ep" 2>/dev/null; }
ecached() { "$bin" check --format json --cache-dir "$tmp/ecache" "$ep" 2>/dev/null; }
efresh >"$tmp/eref.json"
same env-cold "$tmp/eref.json" ecached
same env-warm "$tmp/eref.json" ecached
lib="$ep/venv/lib/python3.11/site-packages"
sed -i 's/^        return conn.recv(65536)$/        return b""/; s/^        conn.sendall(raw)$/        pass/; s/^        conn = self._connect()$/        conn = None/' "$lib/fakesdk/transport.py"
efresh >"$tmp/eref2.json"
cmp -s "$tmp/eref.json" "$tmp/eref2.json" && { echo "FAIL env: the library edit changed nothing"; fail=$((fail + 1)); }
same env-same-version-kept "$tmp/eref.json" ecached # trusted by version, as documented
mv "$lib/fakesdk-1.2.dist-info" "$lib/fakesdk-1.3.dist-info"
same env-new-version "$tmp/eref2.json" ecached
printf 'import socket\n\ndef fetch_json(url):\n    return socket.create_connection((url, 80))\n' >"$lib/fakesdk/__init__.py"
printf 'from fakesdk import fetch_json\n\nasync def v(request):\n    return fetch_json("x")\n' >"$ep/shop/more.py"
efresh >"$tmp/eref3.json"
same env-import-added "$tmp/eref3.json" ecached
# every fuzz crash input stays fixed
for f in tests/fuzz/regressions/*; do
	[ -f "$f" ] || continue
	"$bin" check --no-color "$f" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ "$rc" -gt 1 ] || grep -q -E "AddressSanitizer|runtime error" "$tmp/err"; then
		echo "FAIL fuzz regression $f: exit $rc"; fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "robust: $pass passed, $fail failed"
[ "$fail" = 0 ]
