#!/bin/sh
# make install / uninstall into a DESTDIR, the man page and the completions they install, and
# make deb: its files, and Depends that name the package of every library the binary links.
#   sh tests/install.sh build/djasync
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(dirname "$bin")
dest="$tmp/root"
make -s -C "$here" BUILD="$build" install DESTDIR="$dest" PREFIX=/usr >"$tmp/out" 2>&1 || { bad "make install"; cat "$tmp/out"; }
for f in usr/bin/djasync usr/share/man/man1/djasync.1.gz usr/share/bash-completion/completions/djasync \
	usr/share/zsh/vendor-completions/_djasync; do
	[ -s "$dest/$f" ] || bad "make install: $f missing"
done
[ -x "$dest/usr/bin/djasync" ] && ok "make install: the binary, the man page, the bash and zsh completions" || bad "installed binary"
zcat "$dest/usr/share/man/man1/djasync.1.gz" >"$tmp/djasync.1"
groff -ww -man -z "$tmp/djasync.1" 2>"$tmp/err" && [ ! -s "$tmp/err" ] && ok "man page: no groff warning" || { bad "man page warnings"; head -3 "$tmp/err"; }
MANWIDTH=100 man -l "$tmp/djasync.1" 2>/dev/null | col -b >"$tmp/man.txt"
"$bin" check --help >"$tmp/help.txt"
grep -q -- "--context DIR" "$tmp/man.txt" && grep -q -- "--no-respect-gitignore" "$tmp/man.txt" &&
	[ "$(grep -c -- '^  --' "$tmp/help.txt")" -le "$(grep -c -- '--' "$tmp/man.txt")" ] &&
	ok "man page: made from the --help texts (every check option is there)" || bad "man page content"
bash -n "$dest/usr/share/bash-completion/completions/djasync" && ok "bash completion: valid" || bad "bash completion syntax"
got=$(bash -c ". '$dest/usr/share/bash-completion/completions/djasync'; COMP_WORDS=(djasync check --no-re); COMP_CWORD=2; _djasync; echo \"\${COMPREPLY[*]}\"")
[ "$got" = "--no-respect-gitignore" ] && ok "bash completion: check --no-re<TAB> gives --no-respect-gitignore" || bad "bash completion: '$got'"
got=$(bash -c ". '$dest/usr/share/bash-completion/completions/djasync'; COMP_WORDS=(djasync eff); COMP_CWORD=1; _djasync; echo \"\${COMPREPLY[*]}\"")
[ "$got" = "effort" ] && ok "bash completion: commands" || bad "bash completion commands: '$got'"
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$dest/usr/share/zsh/vendor-completions/_djasync" && ok "zsh completion: valid" || bad "zsh completion syntax"
	got=$(zsh -c "compadd() { shift; print -r -- \"\$*\"; }; _files() { :; }; source '$dest/usr/share/zsh/vendor-completions/_djasync' >/dev/null; words=(djasync effort); CURRENT=3; _djasync" | tail -1)
	case "$got" in *--format*--no-cache*) ok "zsh completion: effort's options";; *) bad "zsh completion: '$got'";; esac
	case "$got" in *--baseline*) bad "zsh completion offers check's --baseline to effort";; esac
else
	bad "zsh is not installed (make test installs it)"
fi
make -s -C "$here" BUILD="$build" uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null 2>&1
[ -z "$(find "$dest" -type f)" ] && ok "make uninstall removes every installed file" || { bad "make uninstall left files"; find "$dest" -type f; }
# the Debian package
make -s -C "$here" BUILD="$build" deb >"$tmp/out" 2>&1 || { bad "make deb"; cat "$tmp/out"; }
deb=$(ls "$build"/djasync_*.deb 2>/dev/null | head -1)
if [ -n "$deb" ]; then
	dpkg-deb -c "$deb" >"$tmp/contents"
	grep -q './usr/bin/djasync$' "$tmp/contents" && grep -q 'man1/djasync.1.gz' "$tmp/contents" &&
		ok "make deb: $(basename "$deb") holds the binary and the man page" || bad "deb contents"
	depends=$(dpkg-deb -f "$deb" Depends)
	missing=""
	# the libraries the binary itself needs (NEEDED); theirs come with their packages
	for so in $(objdump -p "$bin" | awk '/NEEDED/ {print $2}'); do
		lib=$(ldd "$bin" | awk -v so="$so" '$1 == so {print $3}')
		pkg=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1)
		[ -n "$pkg" ] || pkg=$(dpkg -S "/usr$lib" 2>/dev/null | head -1 | cut -d: -f1)
		[ -n "$pkg" ] || pkg=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -1 | cut -d: -f1)
		case ", $depends," in *", $pkg "*|*", $pkg,"*) ;; *) missing="$missing $lib($pkg)";; esac
	done
	[ -z "$missing" ] && ok "make deb: Depends ($depends) names the package of every library it links" || bad "deb Depends misses:$missing"
fi
echo "install: $pass passed, $fail failed"
[ "$fail" = 0 ]
