#!/bin/sh
# The Debian package on a clean Debian 12: debootstraps a minimal bookworm into a temporary
# folder, installs build/djasync_*.deb there with apt (which brings exactly its declared
# Depends), and runs the packaged djasync on a small project, its man page and its completion.
#   make deb && sh tests/deb-clean.sh      (root; network to a Debian mirror; a few minutes)
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "deb-clean: run as root (debootstrap, chroot)" >&2; exit 2; }
deb=$(ls "$repo"/build/djasync_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "deb-clean: no build/djasync_*.deb: run make deb first" >&2; exit 2; }
command -v debootstrap >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
root=$(mktemp -d)
trap 'umount "$root/proc" 2>/dev/null || true; rm -rf "$root"' EXIT
echo "deb-clean: debootstrap --variant=minbase bookworm (a few minutes)"
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/djasync.deb"
mkdir -p "$root/tmp/proj/app"
printf 'import time\n\n\nasync def view(request):\n    time.sleep(1)\n' >"$root/tmp/proj/app/views.py"
chroot "$root" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q /tmp/djasync.deb >/dev/null'
chroot "$root" sh -c 'dpkg -l | awk "/^ii/ {print \$2}"' >"$root/tmp/installed"
echo "deb-clean: packages apt added for djasync: $(chroot "$root" sh -c 'grep -E "libcjson|liblz4|libgit2|libmbed|libssh2|libhttp-parser|libpcre2" /tmp/installed' | tr '\n' ' ')"
set +e
chroot "$root" sh -c 'cd /tmp/proj && HOME=/tmp djasync check --no-color app'
rc=$?
set -e
[ "$rc" = 1 ] || { echo "deb-clean: FAIL: djasync check exited $rc, expected 1 (a finding)" >&2; exit 1; }
chroot "$root" sh -c 'djasync version && test -s /usr/share/man/man1/djasync.1.gz && test -s /usr/share/bash-completion/completions/djasync'
echo "deb-clean: passed"
