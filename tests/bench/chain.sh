#!/bin/sh
# make bench-chain: the cost of a chain of sync helpers across N modules (module i's function
# calls module i+1's, the last one queries, an async view calls the first), and of the same
# chain in one module, for N = 1,000 and 10,000. Cost should grow linearly with N.
#   sh tests/bench/chain.sh build/djasync [N...]
set -eu
dj=$1
shift
[ $# -gt 0 ] || set -- 1000 10000
gen() { # gen DIR N: N modules in a chain
	dir=$1 n=$2
	rm -rf "$dir"
	mkdir -p "$dir/app"
	: >"$dir/app/__init__.py"
	printf 'from django.db import models\n\n\nclass Book(models.Model):\n    title = models.CharField(max_length=9)\n' >"$dir/app/models.py"
	i=0
	while [ $i -lt "$n" ]; do
		if [ $i -eq $((n - 1)) ]; then
			printf 'from app.models import Book\n\n\ndef step():\n    return Book.objects.get(pk=1)\n' >"$dir/app/m$i.py"
		else
			printf 'from app import m%d\n\n\ndef step():\n    return m%d.step()\n' $((i + 1)) $((i + 1)) >"$dir/app/m$i.py"
		fi
		i=$((i + 1))
	done
	printf 'from app import m0\n\n\nasync def view(request):\n    return m0.step()\n' >"$dir/app/views.py"
}
gen_one() { # gen_one DIR N: N chained functions in one module
	dir=$1 n=$2
	rm -rf "$dir"
	mkdir -p "$dir/app"
	: >"$dir/app/__init__.py"
	{
		printf 'from django.db import models\n\n\nclass Book(models.Model):\n    title = models.CharField(max_length=9)\n\n\n'
		i=0
		while [ $i -lt "$n" ]; do
			if [ $i -eq $((n - 1)) ]; then
				printf 'def f%d():\n    return Book.objects.get(pk=1)\n\n\n' $i
			else
				printf 'def f%d():\n    return f%d()\n\n\n' $i $((i + 1))
			fi
			i=$((i + 1))
		done
		printf 'async def view(request):\n    return f0()\n'
	} >"$dir/app/one.py"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-28s %10s %10s\n' "shape" "time (s)" "RSS (MB)"
for n in "$@"; do
	for shape in modules one; do
		d="$tmp/$shape-$n"
		if [ $shape = modules ]; then gen "$d" "$n"; else gen_one "$d" "$n"; fi
		t0=$(date +%s%N)
		rss=$("$dj" check -j1 --no-cache --no-color --stats "$d" 2>&1 >/dev/null | sed -n 's/.*peak RSS \([0-9.]*\) MB.*/\1/p')
		t1=$(date +%s%N)
		printf '%-28s %10s %10s\n' "$shape N=$n" "$(awk "BEGIN{printf \"%.2f\", ($t1 - $t0) / 1e9}")" "${rss:--}"
	done
done
