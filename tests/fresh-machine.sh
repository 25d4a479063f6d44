#!/bin/sh
# The first run on a fresh Debian 12 machine: removes the Debian packages the Makefile installs,
# clones this repository into a temporary folder and runs `make test` there once. A green run on a
# machine that already had the packages can hide a missing install step; this cannot.
#   sh tests/fresh-machine.sh [target...]     (default target: test; needs root, like setup)
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "fresh-machine: run as root (it purges and installs packages)" >&2; exit 2; }
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q libcjson-dev libcmocka-dev liblz4-dev libgit2-dev >/dev/null
# two of the library packages the --python-env tests scan (nothing else depends on them)
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q python3-feedparser python3-pyotp >/dev/null
for h in /usr/include/cjson/cJSON.h /usr/include/cmocka.h /usr/include/lz4.h /usr/include/git2.h; do
  [ ! -e "$h" ] || { echo "fresh-machine: $h is still installed" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git clone -q "$repo" "$tmp/djasync"
cd "$tmp/djasync"
[ $# -gt 0 ] || set -- test
for t in "$@"; do
  echo "fresh-machine: make $t (first run, in a fresh clone)"
  make "$t"
done
echo "fresh-machine: passed"
