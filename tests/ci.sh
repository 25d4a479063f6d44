#!/bin/sh
# CI gating, end to end on generated projects: suppressions, baseline fingerprints (stable under
# unrelated edits, new when the flagged statement changes), --since against git, output files,
# --fail-on and --exit-zero.   sh tests/ci.sh build/djasync
. "$(dirname "$0")/lib.sh"
expect() { # name, expected status, command...
	name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = "$want" ]; then ok "$name"; else bad "$name: exit $rc, expected $want"; sed 's/^/    /' "$tmp/out" "$tmp/err" | head -8; fi
}
count() { grep -c "$1" "$tmp/out" || true; }
cd "$tmp"
mkdir app
cat >app/views.py <<'PY'
import time

from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=10)


async def first(request):
    return Book.objects.first()


async def nap(request):
    time.sleep(1)


async def helper_user(request):
    return len(Book.objects.all())
PY
# --- suppressions -----------------------------------------------------------------------------
cp app/views.py keep.py
sed -i 's/    time.sleep(1)/    time.sleep(1)  # noqa: DJA301/' app/views.py
expect noqa-code 1 "$bin" check --no-cache app
[ "$(count DJA301)" = 0 ] && ok "noqa: DJA301 silences DJA301" || bad "noqa: DJA301 silences DJA301"
expect show-suppressed 1 "$bin" check --no-cache --show-suppressed app
grep -q "DJA301 \[suppressed\]" "$tmp/out" && ok "--show-suppressed lists it" || bad "--show-suppressed lists it"
sed -i 's/# noqa: DJA301/# noqa/' app/views.py
expect noqa-bare 1 "$bin" check --no-cache app
[ "$(count DJA301)" = 0 ] && ok "a bare # noqa silences every rule on its line" || bad "bare noqa"
sed -i 's/# noqa$/# noqa: DJA101/' app/views.py
expect noqa-other-code 1 "$bin" check --no-cache app
[ "$(count DJA301)" = 1 ] && ok "noqa for another rule keeps DJA301" || bad "noqa for another rule keeps DJA301"
printf '# djasync: skip-file\n' | cat - keep.py >app/views.py
expect skip-file 0 "$bin" check --no-cache app
cp keep.py app/views.py
# --- baseline ---------------------------------------------------------------------------------
expect baseline-write 0 "$bin" baseline --no-cache app -o base.json
grep -q '"fingerprint"' base.json && ok "baseline file has fingerprints" || bad "baseline file has fingerprints"
expect baseline-clean 0 "$bin" check --no-cache --baseline base.json app
# lines inserted above every finding
{ printf '"""Docs."""\n\n# a comment\n'; cat keep.py; } >app/views.py
expect baseline-lines-above 0 "$bin" check --no-cache --baseline base.json app
# another function changed, and the function moved within the file
{ cat keep.py; printf '\n\nasync def other(request):\n    return 1\n'; } | sed 's/return len(Book/return 0 + len(Book/' >app/views.py
expect baseline-one-function-edited 1 "$bin" check --no-cache --baseline base.json app
[ "$(count DJA104)" = 1 ] && [ "$(count DJA101)" = 0 ] && ok "only the edited statement is new" || bad "only the edited statement is new"
awk 'BEGIN{p=1} /^async def first/{p=0; hold=""} { if (!p) hold = hold $0 "\n"; else print } /^    return Book.objects.first\(\)/{p=1} END{printf "%s", "\n\n" hold}' keep.py >app/views.py
expect baseline-function-moved 0 "$bin" check --no-cache --baseline base.json app
sed 's/Book.objects.first()/Book.objects.last()/' keep.py >app/views.py
expect baseline-statement-changed 1 "$bin" check --no-cache --baseline base.json app
[ "$(count DJA101)" = 1 ] && ok "changed statement is reported" || bad "changed statement is reported"
# the same statement twice in the function: one baseline entry covers one of them
sed 's/^    time.sleep(1)$/    time.sleep(1)\n    time.sleep(1)/' keep.py >app/views.py
expect baseline-duplicate 1 "$bin" check --no-cache --baseline base.json app
[ "$(count DJA301)" = 1 ] && ok "a statement repeated: one new finding, one baselined" || bad "a repeated statement is all baselined"
cp keep.py app/views.py
printf 'not json' >broken.json
expect baseline-broken 2 "$bin" check --no-cache --baseline broken.json app
# --- exit policy and output files -----------------------------------------------------------
expect exit-zero 0 "$bin" check --no-cache --exit-zero app
expect fail-on-error 1 "$bin" check --no-cache --fail-on error app
sed -e 's/return Book.objects.first()/return 1/' -e 's/return len(Book.objects.all())/return 2/' keep.py >app/views.py
expect fail-on-error-warnings-only 0 "$bin" check --no-cache --fail-on error app
cp keep.py app/views.py
expect output-file 1 "$bin" check --no-cache --format sarif --output-file report.sarif app
grep -q '"version":	"2.1.0"' report.sarif && [ ! -s "$tmp/out" ] && ok "SARIF written to the file only" || bad "SARIF written to the file only"
expect github-format 1 "$bin" check --no-cache --format github app
grep -q '^::error file=app/views.py,line=11,col=12' "$tmp/out" && ok "github annotation" || bad "github annotation"
# --- --stdin-filename: an unsaved buffer analyzed within its project ---------------------------
mkdir -p proj/shop && : >proj/manage.py && : >proj/shop/__init__.py
printf 'from django.db import models\n\n\nclass Item(models.Model):\n    name = models.CharField(max_length=9)\n' >proj/shop/models.py
printf 'async def v(request):\n    return 1\n' >proj/shop/views.py
printf 'from .models import Item\n\n\nasync def v(request):\n    return Item.objects.get(pk=1)\n' >buffer.py
(cd proj && "$bin" check --no-cache --stdin-filename shop/views.py <../buffer.py >"$tmp/out" 2>&1; echo $? >"$tmp/rc")
[ "$(cat "$tmp/rc")" = 1 ] && grep -q '^shop/views.py:5:12: DJA101 \[high\]' "$tmp/out" && grep -q 'return Item.objects.get' "$tmp/out" \
	&& ok "stdin buffer analyzed as shop/views.py with its project's models" || { bad "stdin buffer"; cat "$tmp/out"; }
"$bin" check --no-cache --stdin-filename proj/shop/new.py <buffer.py >"$tmp/out" 2>&1
grep -q '^proj/shop/new.py:5:12: DJA101' "$tmp/out" && ok "stdin buffer for a file not on disk yet" || bad "stdin buffer for a new file"
# --- configuration: [tool.djasync] ---------------------------------------------------------------
mkdir -p conf/app conf/app/tests
cat >conf/app/views.py <<'PY'
import time
from billing.client import charge
from app.helpers import local_fetch, slow_hook


async def pay(request):
    charge(1)
    time.sleep(1)
    open("x")
    local_fetch()


def on_loop_callback():
    time.sleep(3)
PY
printf 'import time\n\n\ndef local_fetch():\n    time.sleep(5)\n\n\ndef slow_hook():\n    pass\n' >conf/app/helpers.py
: >conf/app/__init__.py
printf 'import time\n\n\nasync def t(request):\n    time.sleep(4)\n' >conf/app/tests/test_x.py
cat >conf/pyproject.toml <<'TOML'
[project]
name = "conf"

[tool.djasync]
ignore = ["DJA303"]
exclude = ["tests"]
django-version = "4.2"
min-confidence = "low"
fail-on = "error"
safe-calls = ["app.helpers.local_fetch"]
async-roots = ["app.views.on_loop_callback"]

[tool.djasync.per-file-ignores]
"legacy/*" = ["DJA3"]

[tool.djasync.blocking-calls]
"billing.client.charge" = "use await billing.client.acharge(...)"
TOML
expect config-found 0 "$bin" check --no-cache conf
grep -q 'DJA390' "$tmp/out" && ! grep -q 'DJA303' "$tmp/out" && ! grep -q 'test_x.py' "$tmp/out" \
	&& ok "blocking-calls, ignore and exclude applied" || { bad "config keys"; cat "$tmp/out"; }
grep -q 'Django 4.2, from .*conf/pyproject.toml' "$tmp/out" && ok "django-version from the configuration" || bad "django-version from config"
! grep -q 'DJA501' "$tmp/out" && ok "safe-calls stops the chain into local_fetch" || bad "safe-calls"
grep -q 'views.py:14:5: DJA301 .*on_loop_callback' "$tmp/out" && ok "async-roots makes a sync def async context" || bad "async-roots"
expect config-fail-on-flag 1 "$bin" check --no-cache --fail-on warning conf
expect config-explicit 1 "$bin" check --no-cache --config conf/pyproject.toml --django-version 5.2 --fail-on info conf/app/views.py
grep -q 'Django 5.2)' "$tmp/out" && ok "flags win over the configuration" || bad "flags over config"
printf '[tool.djasync]\nselekt = ["DJA1"]\n' >bad1.toml
expect config-unknown-key 2 "$bin" check --no-cache --config bad1.toml conf
grep -q "bad1.toml:2:1: unknown key 'selekt'" "$tmp/err" && ok "unknown key: file:line:col" || bad "unknown key message"
printf '[tool.djasync]\nignore = ["DJA303"]\nmin-confidence = 3\n' >bad2.toml
expect config-wrong-type 2 "$bin" check --no-cache --config bad2.toml conf
grep -q "bad2.toml:3:18: 'min-confidence' must be a string" "$tmp/err" && ok "wrong type: file:line:col" || { bad "wrong type message"; cat "$tmp/err"; }
printf '[tool.djasync\n' >bad3.toml
expect config-bad-toml 2 "$bin" check --no-cache --config bad3.toml conf
grep -q "bad3.toml:1:1: invalid TOML" "$tmp/err" && ok "invalid TOML: file:line:col" || bad "invalid TOML message"
# --- syntax errors ----------------------------------------------------------------------------
mkdir syn && printf 'def broken(:\n    pass\n' >syn/bad.py
expect syntax-error-exit 1 "$bin" check --no-cache syn
grep -q 'syn/bad.py:1:12: DJA001 ' "$tmp/out" && ok "a syntax error is a finding at file:line:col" || bad "syntax error finding"
for fmt in json sarif github; do
	expect "syntax-error-$fmt" 1 "$bin" check --no-cache --format $fmt syn
	grep -q 'DJA001' "$tmp/out" && ok "syntax error in --format $fmt" || bad "syntax error in --format $fmt"
done
printf '[tool.djasync]\nignore = ["DJA001"]\n' >syn/djasync.toml
expect syntax-error-ignored 0 "$bin" check --no-cache --config syn/djasync.toml syn
# --- rule selection, strict options ------------------------------------------------------------
expect select-typo 2 "$bin" check --no-cache --select XYZ9 app
grep -q "unknown rule code 'XYZ9' (did you mean" "$tmp/err" && ok "an unknown code is an error naming the closest" || bad "unknown code message"
expect select-prefix 1 "$bin" check --no-cache --select DJA3 app
[ "$(count ': DJA')" = 1 ] && grep -q ': DJA301 ' "$tmp/out" && ok "--select DJA3: DJA301 only" || bad "--select DJA3"
expect select-ignore-all 0 "$bin" check --no-cache --ignore DJA1,DJA3 app
mkdir selp && cp keep.py selp/views.py
printf '[tool.djasync]\nselect = ["DJA1"]\n' >selp/djasync.toml
expect config-discovered 1 "$bin" check --no-cache selp
! grep -q ': DJA301 ' "$tmp/out" && grep -q ': DJA101 ' "$tmp/out" && ok "djasync.toml found next to the files" || bad "djasync.toml discovery"
expect extend-select-flag 1 "$bin" check --no-cache --extend-select DJA301 selp
grep -q ': DJA301 ' "$tmp/out" && grep -q ': DJA101 ' "$tmp/out" && ok "--extend-select adds to the file's select" || bad "--extend-select"
printf '[tool.djasync]\nselect = ["DJA1"]\nextend-ignore = ["DJA1O1"]\n' >selp/djasync.toml
expect config-typo 2 "$bin" check --no-cache selp
grep -q "djasync.toml:3:18: unknown rule code 'DJA1O1' in 'extend-ignore' (did you mean 'DJA101'?)" "$tmp/err" && ok "a typo in the configuration: file:line:col and the closest code" || { bad "config typo message"; cat "$tmp/err"; }
printf '[tool.djasync]\nper-file-ignores = { "*.py" = ["DJAX"] }\n' >selp/djasync.toml
expect per-file-typo 2 "$bin" check --no-cache selp
rm selp/djasync.toml
expect markdown-on-check 2 "$bin" check --no-cache --format markdown app
expect effort-sarif 2 "$bin" effort --no-cache --format sarif app
expect effort-baseline 2 "$bin" effort --no-cache --baseline base.json app
grep -q "does not take this option" "$tmp/err" && ok "an option the command does not take is an error" || bad "option not taken message"
expect statistics 1 "$bin" check --no-cache --statistics app
grep -q -P '^    1\tDJA301\tblocking-sleep-in-async$' "$tmp/out" && ! grep -q 'Found' "$tmp/out" && ok "--statistics: a count per rule" || { bad "--statistics"; cat "$tmp/out"; }
expect quiet 1 "$bin" check --no-cache -q app
grep -q ': DJA301 ' "$tmp/out" && ! grep -q 'Found' "$tmp/out" && ok "--quiet: findings, no summary" || bad "--quiet"
expect show-files 0 "$bin" check --show-files app
[ "$(cat "$tmp/out")" = "app/views.py" ] && ok "--show-files lists the files" || { bad "--show-files"; cat "$tmp/out"; }
expect show-settings 0 "$bin" check --show-settings --ignore DJA301 app
grep -q '"DJA101",' "$tmp/out" && ! grep -q '"DJA301",' "$tmp/out" && grep -q '^django-version = ' "$tmp/out" && ok "--show-settings: the rules in force" || bad "--show-settings"
# --- the cache: at the project root, ignored by git, removed by clean ---------------------------
mkdir -p cr/pkg && (cd cr && git init -q . && cp ../keep.py pkg/views.py)
(cd cr/pkg && "$bin" check . >/dev/null 2>&1)
[ -f cr/.djasync_cache/CACHEDIR.TAG ] && [ ! -e cr/pkg/.djasync_cache ] && ok "cache made at the git root, not where djasync runs" || bad "cache location"
[ -z "$(cd cr && git status --porcelain --untracked-files=all | grep djasync_cache)" ] && ok "the cache is not in git status (.gitignore: *)" || bad "cache in git status"
(cd cr && "$bin" check --stats pkg >/dev/null 2>"$tmp/err"); grep -q "cache hits 1;" "$tmp/err" && ok "a scan from the root uses the same cache" || bad "cache shared across folders"
expect clean 0 sh -c "cd cr/pkg && '$bin' clean"
[ ! -e cr/.djasync_cache ] && grep -q "Removed .*cr/.djasync_cache" "$tmp/out" && ok "djasync clean removes the project's cache" || bad "djasync clean"
mkdir -p notacache && echo keep >notacache/f
expect clean-refuses 2 "$bin" clean --cache-dir notacache
[ -f notacache/f ] && ok "djasync clean leaves a folder that is not a cache alone" || bad "clean removed a non-cache"
# --- the Django version from a dependency file below the repository root -----------------------
mkdir -p vr/src/app vr/deploy/docker/requirements vr/.hidden/requirements && (cd vr && git init -q .)
cp keep.py vr/src/app/views.py
printf 'Django==4.1.7\n' >vr/.hidden/requirements/prod.txt
printf 'requests==2.31\nDjango==4.2.3\n' >vr/deploy/docker/requirements/prod.txt
expect version-below-root 1 "$bin" check --no-cache vr/src
grep -q 'Django 4.2, from vr/deploy/docker/requirements/prod.txt:2' "$tmp/out" && ok "the Django version from a requirements file below the repository root" || { bad "version below root"; tail -1 "$tmp/out"; }
mkdir -p vr/tools/other && printf 'Django==5.1\n' >vr/tools/other/requirements.txt
expect version-below-root-disagree 1 "$bin" check --no-cache vr/src
grep -q 'Django 5.2)' "$tmp/out" && ok "files below the root that disagree: no guess (the default)" || { bad "version disagree"; tail -1 "$tmp/out"; }
# --- paths relative to the project root, however they are typed ---------------------------------
mkdir -p pr/app/legacy pr/lib && (cd pr && git init -q .)
cp keep.py pr/app/views.py && cp keep.py pr/app/legacy/old.py
printf 'import time\n\n\nasync def g():\n    time.sleep(1)\n' >pr/lib/util.py
printf '[tool.djasync]\nexclude = ["app/legacy/*"]\n\n[tool.djasync.per-file-ignores]\n"lib/*.py" = ["DJA301"]\n' >pr/pyproject.toml
(cd pr && "$bin" baseline --no-cache . -o base.json >/dev/null 2>&1)
forms_ok=1
for form in . ./ "$tmp/pr" app/.. ../pr; do
	for at in pr pr/app; do
		[ "$at" = pr/app ] && f=$(printf %s "$form" | sed 's|^\.$|..|; s|^\./$|../|; s|^app/\.\.$|.|; s|^\.\./pr$|../../pr|') || f=$form
		(cd "$at" && "$bin" check --no-cache --format json "$f" >"$tmp/pj.json" 2>/dev/null)
		paths=$(grep -o '"path":	"[^"]*"' "$tmp/pj.json" | sort -u | tr '\n' ' ')
		[ "$paths" = '"path":	"app/views.py" ' ] || { forms_ok=0; echo "    $at: check $f: $paths"; }
		(cd "$at" && "$bin" check --no-cache --baseline "$tmp/pr/base.json" "$f" >/dev/null 2>&1) || { forms_ok=0; echo "    $at: check --baseline $f found new"; }
	done
done
[ "$forms_ok" = 1 ] && ok "paths, baseline, exclude and per-file-ignores relative to the project root for . ./ \$PWD app/.. ../pr, from the root and a subfolder" || bad "paths relative to the project root"
(cd pr/app && "$bin" check --no-cache --format sarif . >"$tmp/out" 2>/dev/null)
grep -q '"uri":	"app/views.py"' "$tmp/out" && grep -q '"uriBaseId":	"%SRCROOT%"' "$tmp/out" && ok "SARIF uri relative to %SRCROOT% from a subfolder" || bad "SARIF uri"
# --- what git ignores is not scanned (libgit2: nested .gitignore, info/exclude; .ignore) --------
mkdir -p gi/app/gen gi/app/sub gi/build && (cd gi && git init -q .)
printf 'build/\n*_generated.py\n/app/gen/\n' >gi/.gitignore
printf 'secret.py\n' >gi/app/sub/.gitignore
printf 'local_*.py\n' >gi/app/.ignore
printf 'excluded_by_info.py\n' >>gi/.git/info/exclude
for f in app/a.py app/x_generated.py app/gen/b.py app/sub/secret.py app/sub/ok.py build/c.py app/local_d.py app/sub/local_e.py app/excluded_by_info.py; do cp keep.py "gi/$f"; done
expect gitignore-files 0 "$bin" check --show-files gi
[ "$(cat "$tmp/out" | tr '\n' ' ')" = "gi/app/a.py gi/app/sub/ok.py " ] && ok "gitignore: nested files, info/exclude and .ignore leave two files" || { bad "gitignore files"; cat "$tmp/out"; }
expect gitignore-from-subfolder 0 "$bin" check --show-files gi/app/sub
[ "$(cat "$tmp/out" | tr '\n' ' ')" = "gi/app/sub/ok.py " ] && ok "gitignore: the rules of the folders above a scanned subfolder apply (.gitignore, .ignore)" || { bad "gitignore from a subfolder"; cat "$tmp/out"; }
expect gitignore-off 0 "$bin" check --show-files --no-respect-gitignore gi
[ "$(wc -l <"$tmp/out")" = 9 ] && ok "--no-respect-gitignore scans them all" || bad "--no-respect-gitignore"
printf '[tool.djasync]\nrespect-gitignore = false\n' >gi/djasync.toml
expect gitignore-config-off 0 "$bin" check --show-files gi
[ "$(wc -l <"$tmp/out")" = 9 ] && ok "respect-gitignore = false in the configuration" || bad "respect-gitignore config"
rm gi/djasync.toml
expect gitignore-named 1 "$bin" check --no-cache gi/build/c.py
grep -q 'build/c.py:' "$tmp/out" && ok "a file named on the command line is scanned even when git ignores it" || bad "named ignored file"
# the same files as git's own answer, on rules with negation, anchoring, ** and classes
mkdir -p gd && (cd gd && git init -q . && cat >.gitignore <<'GI'
*_generated.py
!keep_generated.py
/top_only.py
docs/**/gen_*.py
tmp*/
[Ll]ocal.py
sub/**/deep.py
*.py[co]
GI
for f in a.py top_only.py x/top_only.py x_generated.py keep_generated.py docs/a/b/gen_1.py docs/gen_2.py \
	tmpdir/t.py tmp.py Local.py local.py other/local.py sub/deep.py sub/a/b/deep.py sub/a/ok.py x/y/z_generated.py; do
	mkdir -p "$(dirname "$f")" && : >"$f"
done)
(cd gd && git ls-files --cached --others --exclude-standard -- '*.py' | sort >"$tmp/git.list")
(cd gd && "$bin" check --show-files . | sort >"$tmp/dj.list")
cmp -s "$tmp/git.list" "$tmp/dj.list" && ok "gitignore: the files git itself lists ($(wc -l <"$tmp/git.list") of 16)" || { bad "gitignore differs from git"; diff "$tmp/git.list" "$tmp/dj.list"; }
# --- each file's nearest configuration decides its rules (as Ruff's) -----------------------------
mkdir -p mono/svc_a/legacy mono/svc_b && (cd mono && git init -q .)
printf 'import time\n\nfrom django.db import models\n\n\nclass Book(models.Model):\n    title = models.CharField(max_length=10)\n\n\nasync def v(request):\n    time.sleep(1)\n    return Book.objects.first()\n' >mono/svc_a/views.py
cp mono/svc_a/views.py mono/svc_a/legacy/old.py && cp mono/svc_a/views.py mono/svc_b/views.py
printf '[tool.djasync]\nignore = ["DJA301"]\n\n[tool.djasync.per-file-ignores]\n"legacy/*" = ["DJA1"]\n' >mono/svc_a/pyproject.toml
printf 'select = ["ALL"]\n' >mono/djasync.toml
expect per-file-config 1 "$bin" check --no-cache mono
grep -q 'svc_b/views.py:11:5: DJA301' "$tmp/out" && ! grep -q 'svc_a/views.py:11:5: DJA301' "$tmp/out" &&
	grep -q 'svc_a/views.py:12:12: DJA101' "$tmp/out" && ! grep -q 'svc_a/legacy/old.py:12:12: DJA101' "$tmp/out" &&
	ok "per-file configuration: svc_a's ignore and its per-file-ignores (relative to it) apply to its files only" || { bad "per-file configuration"; cat "$tmp/out"; }
expect per-file-config-cli 1 "$bin" check --no-cache --ignore DJA101 mono
! grep -q ': DJA101' "$tmp/out" && ok "per-file configuration: the command line's selectors still apply to every file" || bad "per-file + CLI"
printf '[tool.djasync]\nignore = ["DJA30I"]\n' >mono/svc_a/pyproject.toml
expect per-file-config-typo 2 "$bin" check --no-cache mono
grep -q "svc_a/pyproject.toml:2:11: unknown rule code 'DJA30I'" "$tmp/err" && ok "a typo in a nested configuration: exit 2, file:line:col" || { bad "nested config typo"; cat "$tmp/err"; }
# --- --since (git) ------------------------------------------------------------------------------
expect diff-outside-git 2 "$bin" check --no-cache --since HEAD app
grep -q "needs a git repository" "$tmp/err" && ok "diff outside git says so" || bad "diff outside git says so"
git init -q . && git -c user.email=t@t -c user.name=t add app && git -c user.email=t@t -c user.name=t commit -qm base
expect diff-nothing-new 0 "$bin" check --no-cache --since HEAD app
printf '\n\nasync def added(request):\n    time.sleep(2)\n' >>app/views.py
expect diff-new-line 1 "$bin" check --no-cache --since HEAD app
[ "$(count 'DJA')" = 1 ] && grep -q "DJA301 .* in async function \`added\`" "$tmp/out" && ok "diff reports only the added line" || bad "diff reports only the added line"
expect diff-old-spelling 1 "$bin" check --no-cache --diff=HEAD app
[ "$(count 'DJA')" = 1 ] && ok "--diff=REV, the old spelling of --since REV" || bad "--diff=REV"
mkdir sub && (cd sub && "$bin" check --no-cache --since HEAD ../app >"$tmp/out" 2>&1; [ $? = 1 ]) && ok "diff from a subfolder" || bad "diff from a subfolder"
printf 'import time\nasync def u():\n    time.sleep(3)\n' >app/untracked.py
expect diff-untracked 1 "$bin" check --no-cache --since HEAD app
grep -q "untracked.py:3:5: DJA301" "$tmp/out" && ok "untracked files count as new" || bad "untracked files count as new"
expect diff-bad-rev 2 "$bin" check --no-cache --since no-such-rev app
echo "ci: $pass passed, $fail failed"
[ "$fail" = 0 ]
