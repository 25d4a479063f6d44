#!/bin/sh
# The pre-commit hook with the real pre-commit (Debian's package): a repository of ours uses
# this tree's .pre-commit-hooks.yaml; a commit that adds a blocking call through a helper in
# another file fails (the hook passes the project as context), the fixed one passes, and a
# commit without Python files skips the hook.   sh tests/precommit/run.sh build/djasync
. "$(dirname "$0")/../lib.sh"
here=$(cd "$(dirname "$0")/../.." && pwd)
command -v pre-commit >/dev/null 2>&1 || { echo "FAIL pre-commit is not installed (make test installs it)"; exit 1; }
export PATH="$(dirname "$bin"):$PATH" PRE_COMMIT_HOME="$tmp/pc-home" HOME="$tmp/home"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
mkdir -p "$HOME"
git_() { git -c init.defaultBranch=main "$@"; }
# the hook repository: this tree's hook definition, committed
mkdir "$tmp/hooks" && cp "$here/.pre-commit-hooks.yaml" "$tmp/hooks/" && (cd "$tmp/hooks" && git_ init -q . && git add . && git commit -qm hooks)
rev=$(cd "$tmp/hooks" && git rev-parse HEAD)
mkdir -p "$tmp/proj/app" && cd "$tmp/proj" && git_ init -q .
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: djasync\n' "$tmp/hooks" "$rev" >.pre-commit-config.yaml
: >app/__init__.py
printf 'import time\n\n\ndef slow():\n    time.sleep(1)\n' >app/helpers.py
printf 'async def view(request):\n    return 1\n' >app/views.py
git add . && git commit -qm base
pre-commit install >/dev/null 2>&1 || { echo "FAIL pre-commit install"; exit 1; }
printf 'from .helpers import slow\n\n\nasync def view(request):\n    return slow()\n' >app/views.py
git add app/views.py
git commit -qm "calls slow" >"$tmp/out" 2>&1
rc=$?
[ "$rc" != 0 ] && grep -q "app/views.py:5:12: DJA501" "$tmp/out" && ok "a commit adding a blocking call through a helper in another file fails" ||
	{ bad "blocking commit: exit $rc"; cat "$tmp/out"; }
! grep -q "helpers.py:5:5: DJA" "$tmp/out" && ok "only the committed file's findings are reported" || bad "findings of files not committed"
printf 'from asgiref.sync import sync_to_async\n\nfrom .helpers import slow\n\n\nasync def view(request):\n    return await sync_to_async(slow)()\n' >app/views.py
git add app/views.py
git commit -qm "wraps slow" >"$tmp/out" 2>&1 && ok "the fixed commit passes" || { bad "fixed commit refused"; cat "$tmp/out"; }
printf 'notes\n' >README.md && git add README.md
git commit -qm "docs" >"$tmp/out" 2>&1 && grep -q "Skipped" "$tmp/out" && ok "a commit without Python files skips the hook" || { bad "docs commit"; cat "$tmp/out"; }
echo "precommit: $pass passed, $fail failed"
[ "$fail" = 0 ]
