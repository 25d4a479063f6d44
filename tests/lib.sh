# lib.sh: the preamble the shell suites share. Source it: `. tests/lib.sh` with the script's
# arguments still in place ($1: the djasync binary, default build/djasync). Gives $bin (an
# absolute path), $tmp (removed on exit), the counters and ok/bad to report a check.
set -u
unset VIRTUAL_ENV # the tests decide which environment a scan follows
bin=$(cd "$(dirname "${1:-build/djasync}")" && pwd)/$(basename "${1:-build/djasync}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
