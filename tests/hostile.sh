#!/bin/sh
# Hostile-input suite: what a stranger's repository or pull request can put in front of
# djasync in a CI gate or an editor. Nothing in it may run a command, hang, write through a
# link, or produce output a reader cannot parse.   sh tests/hostile.sh build/djasync
. "$(dirname "$0")/lib.sh"
git_() { git -c user.email=t@t -c user.name=t -c init.defaultBranch=main "$@"; }
sane() { # name: no sanitizer report in $tmp/err
	if grep -q -E "AddressSanitizer|runtime error|LeakSanitizer" "$tmp/err"; then bad "$1: sanitizer report"; head -20 "$tmp/err"; return 1; fi
	return 0
}
blocking='import time


async def f():
    time.sleep(1)
'

# --- --diff runs no shell and nothing the repository configures -----------------------------
repo="$tmp/a'\$(touch PWNED-quote)'b \"\`touch PWNED-tick\`\""
mkdir -p "$repo" && cd "$repo" || exit 1
git_ init -q .
printf 'import time\n' >app.py
git_ add app.py && git_ commit -qm base
printf '%s' "$blocking" >>app.py
"$bin" check --no-cache --diff HEAD . >"$tmp/out" 2>"$tmp/err"
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
"$bin" check --no-cache --diff HEAD . >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] && grep -q "app.py:6:5: DJA301" "$tmp/out" && ok "diff ignores the repository's diff settings" ||
	{ bad "diff under a hostile .git/config: exit $rc"; cat "$tmp/out" "$tmp/err" | head; }
ran=$(ls "$tmp" | grep '^RAN-' | tr '\n' ' ')
[ -z "$ran" ] && ok "the repository's config runs nothing" || bad "the repository's config ran: $ran"
sane "hostile git config"
cd "$tmp" || exit 1

# --- --diff keeps findings in files whose names git quotes -----------------------------------
mkdir names && cd names || exit 1
git_ init -q .
for f in 'with space.py' 'naïve.py' 'back\slash.py' 'quo"te.py' 'tab	name.py'; do printf 'import time\n' >"$f"; done
git_ add . && git_ commit -qm base
for f in 'with space.py' 'naïve.py' 'back\slash.py' 'quo"te.py' 'tab	name.py'; do printf '%s' "$blocking" >>"$f"; done
printf '%s' "$blocking" >'new ünïcode.py'
"$bin" check --no-cache --format json --diff HEAD . >"$tmp/out" 2>"$tmp/err"
rc=$?
n=$(grep -c '"id":."DJA301"' "$tmp/out")
[ "$rc" = 1 ] && [ "$n" = 6 ] && ok "diff: names with spaces, tabs, quotes, backslashes, non-ASCII (6 findings)" ||
	{ bad "diff with unusual names: exit $rc, $n findings of 6"; cat "$tmp/err" | head; }
sane "unusual names"
cd "$tmp" || exit 1

echo "hostile: $pass passed, $fail failed"
[ "$fail" = 0 ]
