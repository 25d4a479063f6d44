#!/bin/sh
# Hostile-input suite: what a stranger's repository or pull request can put in front of
# djasync in a CI gate or an editor. Nothing in it may run a command, hang, write through a
# link, or produce output a reader cannot parse.   sh tests/hostile.sh build/djasync
. "$(dirname "$0")/lib.sh"
faults=${2:-}
[ -n "$faults" ] && faults=$(cd "$(dirname "$faults")" && pwd)/$(basename "$faults")
git_() { git -c user.email=t@t -c user.name=t -c init.defaultBranch=main "$@"; }
sane() { # name: no sanitizer report in $tmp/err
	if grep -q -E "AddressSanitizer|runtime error|LeakSanitizer" "$tmp/err"; then bad "$1: sanitizer report"; head -20 "$tmp/err"; return 1; fi
	return 0
}
blocking='import time


async def f():
    time.sleep(1)
'

# --- --since runs no shell and nothing the repository configures -----------------------------
repo="$tmp/a'\$(touch PWNED-quote)'b \"\`touch PWNED-tick\`\""
mkdir -p "$repo" && cd "$repo" || exit 1
git_ init -q .
printf 'import time\n' >app.py
git_ add app.py && git_ commit -qm base
printf '%s' "$blocking" >>app.py
"$bin" check --no-cache --since HEAD . >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] && grep -q "app.py:6:5: DJA301" "$tmp/out" && ok "diff in a folder named with quotes and \$()" ||
	{ bad "diff in a folder named with quotes: exit $rc"; cat "$tmp/out" "$tmp/err" | head; }
ls "$tmp" "$repo" | grep -q "^PWNED" && bad "a folder name ran a command" || ok "a folder name runs no command"
# the repository's own config: fsmonitor, an external diff, a textconv filter, a pager, no prefixes
mkdir "$tmp/cfg" && cd "$tmp/cfg" || exit 1
git_ init -q .
printf 'import time\n' >app.py
git_ add app.py && git_ commit -qm base
printf '%s' "$blocking" >>app.py
hook="$tmp/hook.sh"
printf '#!/bin/sh\ntouch "%s/RAN-$1"\n' "$tmp" >"$hook" && chmod +x "$hook"
git config core.fsmonitor "$hook fsmonitor"
git config diff.external "$hook external"
git config diff.evil.textconv "$hook textconv"
git config core.pager "$hook pager"
git config diff.noprefix true
git config diff.mnemonicPrefix true
git config color.diff always
printf '*.py diff=evil\n' >.gitattributes
"$bin" check --no-cache --since HEAD . >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] && grep -q "app.py:6:5: DJA301" "$tmp/out" && ok "diff ignores the repository's diff settings" ||
	{ bad "diff under a hostile .git/config: exit $rc"; cat "$tmp/out" "$tmp/err" | head; }
ran=$(ls "$tmp" | grep '^RAN-' | tr '\n' ' ')
[ -z "$ran" ] && ok "the repository's config runs nothing" || bad "the repository's config ran: $ran"
sane "hostile git config"
cd "$tmp" || exit 1

# --- --since keeps findings in files whose names git quotes -----------------------------------
mkdir names && cd names || exit 1
git_ init -q .
for f in 'with space.py' 'naïve.py' 'back\slash.py' 'quo"te.py' 'tab	name.py'; do printf 'import time\n' >"$f"; done
git_ add . && git_ commit -qm base
for f in 'with space.py' 'naïve.py' 'back\slash.py' 'quo"te.py' 'tab	name.py'; do printf '%s' "$blocking" >>"$f"; done
printf '%s' "$blocking" >'new ünïcode.py'
"$bin" check --no-cache --format json --since HEAD . >"$tmp/out" 2>"$tmp/err"
rc=$?
n=$(grep -c '"id":."DJA301"' "$tmp/out")
[ "$rc" = 1 ] && [ "$n" = 6 ] && ok "diff: names with spaces, tabs, quotes, backslashes, non-ASCII (6 findings)" ||
	{ bad "diff with unusual names: exit $rc, $n findings of 6"; cat "$tmp/err" | head; }
sane "unusual names"
cd "$tmp" || exit 1

# --- never block on a file that is not regular ------------------------------------------------
mkdir -p "$tmp/nb/proj" && cd "$tmp/nb" || exit 1
printf '%s' "$blocking" >proj/a.py
mkfifo pipe.py cfg.toml base.json proj/requirements.txt proj/setup.cfg proj/uv.lock
ln -s /dev/zero proj/pyproject.toml
ln -s /dev/zero proj/Pipfile
nb() { # name, expected status, message pattern, args...
	name=$1 want=$2 pat=$3
	shift 3
	timeout 20 "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 124 ]; then bad "$name: hung (killed after 20 s)"; return; fi
	[ "$rc" = "$want" ] && { [ -z "$pat" ] || grep -q -- "$pat" "$tmp/err"; } && sane "$name" && ok "$name" ||
		{ bad "$name: exit $rc, expected $want with '$pat'"; head -5 "$tmp/err"; }
}
nb "a FIFO named on the command line" 2 "pipe.py: cannot read file: not a regular file" check --no-cache pipe.py
nb "a FIFO among good files: the scan goes on, status 2" 2 "pipe.py: cannot read file" check --no-cache pipe.py proj
grep -q "a.py:5:5: DJA301" "$tmp/out" && ok "  ... and the good file is reported" || bad "the good file beside a FIFO"
nb "FIFO and /dev/zero dependency and config files in the tree" 1 "requirements.txt: not read: not a regular file" check --no-cache proj
grep -q "pyproject.toml: not read" "$tmp/err" && grep -q "Pipfile: not read" "$tmp/err" && ok "  ... each named" || bad "each refused file named"
nb "--config FIFO" 2 "cfg.toml: cannot read the configuration: not a regular file" check --no-cache --config cfg.toml proj
nb "--baseline FIFO" 2 "base.json: cannot read the baseline: not a regular file" check --no-cache --baseline base.json proj
nb "effort in a tree with FIFOs" 0 "not read" effort --no-cache proj
cd "$tmp" || exit 1
# ignore files and git's own files that are FIFOs or /dev/zero: libgit2 is never handed them
mkdir -p "$tmp/nbg/r/app" && cd "$tmp/nbg/r" || exit 1
git_ init -q . && printf '%s' "$blocking" >app/a.py
mkfifo app/.gitignore
nb "a FIFO .gitignore in a folder" 1 ".gitignore is not a regular file" check --no-cache .
rm app/.gitignore && ln -s /dev/zero app/.ignore
nb "a /dev/zero .ignore in a folder" 1 ".ignore is not a regular file" check --no-cache .
rm app/.ignore && mkfifo ../excludes && git_ config core.excludesFile "$tmp/nbg/excludes"
nb "a FIFO core.excludesFile" 1 "" check --no-cache .
git_ config --unset core.excludesFile && mkfifo .git/info/exclude.fifo && mv .git/info/exclude.fifo .git/info/exclude 2>/dev/null || { mkdir -p .git/info && rm -f .git/info/exclude && mkfifo .git/info/exclude; }
nb "a FIFO .git/info/exclude" 1 "" check --no-cache .
rm -f .git/info/exclude && cp .git/config ../config.bak && rm .git/config && mkfifo .git/config
nb "a FIFO .git/config" 1 "" check --no-cache .
cd "$tmp" || exit 1

# --- writes: a temporary name nobody can plant, no replaced devices, links or read-only files --
mkdir -p "$tmp/w" && cd "$tmp/w" || exit 1
printf '%s' "$blocking" >a.py
printf 'victim\n' >victim
for i in $(seq 1 400); do ln -s victim "out.txt.tmp.$(( $$ + i ))"; done
"$bin" check --no-cache --output-file out.txt a.py >/dev/null 2>"$tmp/err"
[ "$(cat victim)" = victim ] && grep -q DJA301 out.txt && ok "--output-file: planted temporary links are not followed" ||
	bad "--output-file followed a planted link"
[ -z "$(ls -A | grep -v -e '^a.py$' -e '^victim$' -e '^out.txt' )" ] && ok "  ... and no temporary file is left" || { bad "temporary files left"; ls -A; }
printf 'keep\n' >ro.txt && chmod 444 ro.txt
w() { # name, message pattern, output target
	"$bin" check --no-cache --output-file "$3" a.py >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" = 2 ] && grep -q -- "$2" "$tmp/err" && ok "$1" || { bad "$1: exit $rc"; head -3 "$tmp/err"; }
}
w "--output-file read-only: refused (also as root, as cp does)" "read-only" ro.txt
[ "$(cat ro.txt)" = keep ] && [ "$(stat -c %a ro.txt)" = 444 ] && ok "  ... left as it was" || bad "read-only file changed"
ln -s /dev/null devlink
w "--output-file through a link to a device: refused" "not a regular file" devlink
[ -L devlink ] && ok "  ... the link is still a link" || bad "the device link was replaced"
mkfifo fifo.out
w "--output-file FIFO: refused, no hang" "not a regular file" fifo.out
mkdir folder.out
w "--output-file folder: refused" "folder" folder.out
ln -s victim good-link && chmod 640 victim
"$bin" check --no-cache --output-file good-link a.py >/dev/null 2>&1
[ -L good-link ] && grep -q DJA301 victim && [ "$(stat -c %a victim)" = 640 ] && ok "--output-file through a link to a file: written to the target, mode kept" ||
	bad "--output-file through a link to a regular file"
"$bin" check --no-cache --output-file - a.py >"$tmp/out" 2>&1
grep -q DJA301 "$tmp/out" && [ ! -e ./- ] && ok "--output-file - is standard output" || bad "--output-file -"
"$bin" baseline -o ro.txt a.py >"$tmp/out" 2>"$tmp/err"
[ $? = 2 ] && [ "$(cat ro.txt)" = keep ] && ok "baseline -o read-only: refused" || bad "baseline -o read-only"
cd "$tmp" || exit 1

# --- output stays parseable whatever the file names -------------------------------------------
mkdir -p "$tmp/names2" && cd "$tmp/names2" || exit 1
nl='spoof
::error file=evil.py,line=1::spoofed.py'
printf '%s' "$blocking" >"$nl"
printf '%s' "$blocking" >"$(printf 'bad\377\376name.py')"
printf '%s' "$blocking" >"$(printf 'esc\033[31mred.py')"
printf '%s' "$blocking" >'pct%0Aname.py' # GitHub would decode %0A in it
"$bin" check --no-cache --no-color . >"$tmp/out" 2>"$tmp/err"
! grep -q '^::error' "$tmp/out" && ! grep -q "$(printf '\033')" "$tmp/out" && grep -q 'spoof\\n::error' "$tmp/out" &&
	grep -q 'bad\\xFF\\xFEname.py:5:5: DJA301' "$tmp/out" && ok "text: control characters and bytes that are not UTF-8 escaped" ||
	{ bad "text output escaping"; cat "$tmp/out" | head -20; }
"$bin" check --no-cache --format github . >"$tmp/out" 2>"$tmp/err"
[ "$(grep -c '^::' "$tmp/out")" = 4 ] && [ "$(wc -l <"$tmp/out")" = 4 ] && grep -q 'file=pct%250Aname.py,' "$tmp/out" &&
	ok "github: one workflow command per finding, none injected, % escaped" ||
	{ bad "github output escaping"; cat "$tmp/out"; }
parses() { python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$1" 2>/dev/null; }
for fmt in json sarif; do
	"$bin" check --no-cache --format $fmt . >"$tmp/out.$fmt" 2>/dev/null
	parses "$tmp/out.$fmt" && ok "$fmt: valid UTF-8 JSON with such names" || bad "$fmt: not valid JSON"
done
grep -q '"path_bytes":.*"bad%FF%FEname.py"' "$tmp/out.json" && ok "json: path_bytes keeps the real bytes" || bad "json: path_bytes"
grep -q '"uri":.*"bad%FF%FEname.py"' "$tmp/out.sarif" && ok "sarif: the URI is percent-encoded" || bad "sarif: URI"
"$bin" effort --no-cache --format json . >"$tmp/out.ej" 2>/dev/null
parses "$tmp/out.ej" && ok "effort json: valid" || bad "effort json: not valid JSON"
"$bin" baseline --no-cache -o base.json . >/dev/null 2>&1
parses base.json && ok "baseline: valid JSON" || bad "baseline: not valid JSON"
"$bin" check --no-cache --baseline base.json . >"$tmp/out" 2>&1
[ $? = 0 ] && ok "baseline: stable for such names (nothing new)" || { bad "baseline not stable for odd names"; head "$tmp/out"; }
cd "$tmp" || exit 1

# --- a file that changes between phase 1 and its full summary (fault-injection build) --------
if [ -n "$faults" ] && [ -x "$faults" ]; then
	mkdir -p "$tmp/race/app" && cd "$tmp/race" || exit 1
	{
		printf 'import time\n\n'
		for i in $(seq 1 30); do printf 'class C%d:\n    def m(self):\n        return %d\n\n\n' "$i" "$i"; done
		printf 'def helper():\n    def inner():\n        return 1\n    time.sleep(1)\n    return inner()\n'
	} >app/helpers.py
	printf 'from app.helpers import helper\n\n\nasync def view(request):\n    return helper()\n' >app/views.py
	cp app/helpers.py helpers.orig
	"$bin" check --no-cache app >"$tmp/out" 2>"$tmp/err"
	[ $? = 1 ] && grep -q "views.py:5:12: DJA501" "$tmp/out" && ok "race: the chain is found when nothing changes" || bad "race: baseline chain"
	for cmd in "check --no-cache -j1" "check --no-cache -j2" "check -j1" "effort --no-cache"; do
		cp helpers.orig app/helpers.py
		rm -rf .djasync_cache
		DJASYNC_FAULT_REWRITE=app/helpers.py "$faults" $cmd app >"$tmp/out" 2>"$tmp/err"
		rc=$?
		[ "$rc" -le 1 ] && grep -q "helpers.py: changed during the scan" "$tmp/err" && sane "race: $cmd" && ok "race: helpers.py rewritten before its full summary ($cmd): exit $rc, no memory error" ||
			{ bad "race: $cmd: exit $rc"; head -20 "$tmp/err"; }
	done
	# a file with findings rewritten after the rules ran: no source line of the new version
	printf 'import time\n\n\nasync def late(request):\n    time.sleep(1)\n' >app/late.py
	DJASYNC_FAULT_REWRITE_LATE=app/late.py "$faults" check --no-cache app/late.py >"$tmp/out" 2>"$tmp/err"
	[ $? = 1 ] && grep -q "late.py:5:5: DJA301" "$tmp/out" && ! grep -q "x = 1" "$tmp/out" && ! grep -q "time.sleep(1)$" "$tmp/out" &&
		grep -q "late.py: changed during the scan: its findings are shown without source lines" "$tmp/err" &&
		ok "race: a file rewritten before its source lines are read: named, no line of either version shown" ||
		{ bad "race: late rewrite"; cat "$tmp/out" "$tmp/err" | head -20; }
	cd "$tmp" || exit 1
else
	echo "skip race: no fault-injection build given"
fi

# --- a cache that comes with the tree never changes a result ----------------------------------
# An attacker can ship any cache entries they can make: made under their own key (another HOME),
# or one of the victim's own entries (a clean file's) renamed and its key fields rewritten to
# those of a file with a finding. Neither may be accepted.
mkdir -p "$tmp/poison/p" && cd "$tmp/poison" || exit 1
printf '%s' "$blocking" >p/bad.py
printf 'import asyncio


async def g():
    await asyncio.sleep(1)
' >p/good.py
# a one-file scan's pack (header 48 bytes, one entry, a 40-byte index) -> the entry and the
# loose file name it would have (v3/<key_a & ff>/<key_a><key_b>-<salt & ffffffff>)
unpack() {
	pk=$(find "$1" -name 'pack-*' -type f)
	size=$(wc -c <"$pk")
	dd if="$pk" of="$2" bs=1 skip=48 count=$((size - 88)) 2>/dev/null
	set -- $(od -An -t x8 -j 32 -N 16 "$2") $(od -An -t x8 -j 8 -N 8 "$pk")
	printf 'v3/%s/%s%s-%s\n' "$(printf %s "$1" | tail -c 2)" "$1" "$2" "$(printf %s "$3" | tail -c 8)"
}
HOME="$tmp/attacker" XDG_CACHE_HOME= "$bin" check --cache-dir "$tmp/poison/c-att" p >/dev/null 2>&1
HOME="$tmp/victim" XDG_CACHE_HOME= "$bin" check --stats --cache-dir "$tmp/poison/c-att" p >"$tmp/out" 2>"$tmp/err"
[ $? = 1 ] && grep -q "cache hits 0;" "$tmp/err" && ! grep -q replayed "$tmp/err" && grep -q "bad.py:5:5: DJA301" "$tmp/out" &&
	ok "cache: entries and records made under another key are not used" || { bad "cache: another key's entries used"; cat "$tmp/err"; }
HOME="$tmp/victim" XDG_CACHE_HOME= "$bin" check --cache-dir c-good p/good.py >/dev/null 2>&1
HOME="$tmp/victim" XDG_CACHE_HOME= "$bin" check --cache-dir c-bad p/bad.py >/dev/null 2>&1
unpack c-good good.entry >/dev/null
bad_name=$(unpack c-bad bad.entry)
if [ -s good.entry ] && [ -s bad.entry ] && [ -n "$bad_name" ]; then
	cp good.entry forged && dd if=bad.entry of=forged bs=1 skip=32 seek=32 count=24 conv=notrunc 2>/dev/null
	rm -f c-bad/v*/pack-* c-bad/v*/replay-* && mkdir -p "c-bad/$(dirname "$bad_name")" && cp forged "c-bad/$bad_name"
	HOME="$tmp/victim" XDG_CACHE_HOME= "$bin" check --cache-dir c-bad p/bad.py >"$tmp/out" 2>"$tmp/err"
	[ $? = 1 ] && grep -q "bad.py:5:5: DJA301" "$tmp/out" && ok "cache: a clean entry renamed and re-keyed to a file with a finding is refused" ||
		{ bad "cache: a forged entry was accepted"; cat "$tmp/out"; }
	rm -rf c-bad/v*/pack-* c-bad/v*/replay-* && cp bad.entry "c-bad/$bad_name" # the real entry, loose: a hit
	HOME="$tmp/victim" XDG_CACHE_HOME= "$bin" check --stats --cache-dir c-bad p/bad.py >"$tmp/out" 2>"$tmp/err"
	grep -q "cache hits 1;" "$tmp/err" && ok "cache: (the test's entry naming is right: the real entry is a hit)" || { bad "cache: the real entry is not found at $bad_name"; cat "$tmp/err"; }
else
	bad "cache: no entries written"
fi
# a cache folder the repository tracks is never used, even one made under the user's own key
mkdir -p "$tmp/poison/tr" && cd "$tmp/poison/tr" && git_ init -q . && mkdir app && printf '%s' "$blocking" >app/a.py
HOME="$tmp/victim" XDG_CACHE_HOME= "$bin" check . >/dev/null 2>&1
git_ add -f .djasync_cache app && git_ commit -qm "ships a cache"
HOME="$tmp/victim" XDG_CACHE_HOME= "$bin" check --stats . >"$tmp/out" 2>"$tmp/err"
[ $? = 1 ] && grep -q "the cache folder is tracked by git: not used" "$tmp/err" && grep -q "cache hits 0;" "$tmp/err" &&
	ok "cache: a cache folder tracked by git is not used" || { bad "cache: tracked cache used"; cat "$tmp/err"; }
cd "$tmp/poison" || exit 1
HOME="$tmp/victim" XDG_CACHE_HOME= "$bin" check --cache-dir "" p >"$tmp/out" 2>"$tmp/err"
[ $? = 2 ] && grep -q "empty folder name" "$tmp/err" && ok "cache: --cache-dir \"\" is refused" || bad "cache: --cache-dir \"\" accepted"
cd "$tmp" || exit 1

# --- writes are whole: kill -9 during baseline -o, concurrent writers to one --output-file ----------
mkdir -p "$tmp/kw/app" && cd "$tmp/kw" || exit 1
for i in $(seq 1 40); do printf 'import time\n\n\nasync def f%d():\n    time.sleep(%d)\n' "$i" "$i" >"app/m$i.py"; done
"$bin" baseline --no-cache app -o base.json >/dev/null 2>&1
cp base.json old.json
printf '\nasync def extra():\n    time.sleep(99)\n' >>app/m1.py
"$bin" baseline --no-cache app -o new.json >/dev/null 2>&1
torn=0
for k in $(seq 1 50); do
	cp old.json base.json
	"$bin" baseline --no-cache app -o base.json >/dev/null 2>&1 &
	p=$!
	sleep "0.0$((k % 10))"
	kill -9 "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	cmp -s base.json old.json || cmp -s base.json new.json || torn=$((torn + 1))
done
# the bytes are written to an unnamed file (O_TMPFILE) that is named only for the rename: a kill
# can leave a hidden .base.json.tmp.* only between those two calls (on a loaded machine, rarely)
left=$(ls -A | grep -c '^\.base\.json\.tmp\.')
others=$(ls -A | grep -v -e '^app$' -e '^base\.json$' -e '^old\.json$' -e '^new\.json$' -e '^\.base\.json\.tmp\.' | wc -l)
[ "$torn" = 0 ] && [ "$others" = 0 ] &&
	ok "kill -9 during baseline -o, 50 times: the file is always the old or the new one ($left temporary files left)" ||
	bad "baseline -o killed: $torn torn files, $others unexpected files"
# without /proc (a container), the unnamed file cannot be named: the write goes through mkstemp
# (a sanitizer build cannot start without /proc: skipped there)
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 &&
	unshare --mount sh -c 'mount -t tmpfs none /proc && "$0" --version' "$bin" >/dev/null 2>&1; then
	rm -f noproc.json
	unshare --mount sh -c 'mount -t tmpfs none /proc && "$0" baseline --no-cache app -o noproc.json' "$bin" >/dev/null 2>&1
	[ $? = 0 ] && cmp -s noproc.json new.json && [ -z "$(ls -A | grep '^\.noproc')" ] &&
		ok "baseline -o without /proc: written (mkstemp), nothing left behind" || bad "baseline -o without /proc"
	rm -f noproc.json
fi
for k in 1 2 3 4 5 6; do "$bin" check --no-cache --format json --output-file out.json app >/dev/null 2>&1 & done
wait
"$bin" check --no-cache --format json app >ref.json 2>/dev/null
cmp -s out.json ref.json && ok "6 concurrent writers to one --output-file: one whole report" || bad "concurrent --output-file: torn"
cd "$tmp" || exit 1

# --- a 9 MB line (generated data) is skipped with a note, fast and small, in every format -----------
mkdir -p "$tmp/ll" && cd "$tmp/ll" || exit 1
awk 'BEGIN { printf "x = ["; for (i = 0; i < 4500000; i++) printf "1,"; printf "1]\nimport time\n\n\nasync def f():\n    time.sleep(1)\n" }' >big.py
printf '%s' "$blocking" >small.py
timeout 20 "$bin" check --no-cache --format json . >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] && grep -q 'big.py: line 1 is 8.6 MB long (over 1 MB: generated data?): skipped' "$tmp/err" &&
	grep -q '"message":	"line 1 is 8.6 MB long' "$tmp/out" && grep -q '"path":	"small.py"' "$tmp/out" &&
	ok "a 9 MB line: the file is skipped with a note (stderr and JSON errors), the others are scanned" || { bad "long line: exit $rc"; head -3 "$tmp/err"; }
cd "$tmp" || exit 1

echo "hostile: $pass passed, $fail failed"
[ "$fail" = 0 ]
