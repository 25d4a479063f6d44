#!/bin/sh
# make bench [DIR=path]: djasync against a raw tree-sitter parse of the same files, measured in
# one run on this machine with hyperfine. Without DIR, a corpus of 2,000+ files is generated
# under build/bench-corpus from corpus/ (the example projects and cases, copied many times).
set -eu
dj=$1
raw=$2
dir=${3:-}
if [ -z "$dir" ]; then
	dir=build/bench-corpus
	if [ ! -f "$dir/.complete" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		i=0
		while [ "$(find "$dir" -name '*.py' | wc -l)" -lt 2000 ]; do
			mkdir -p "$dir/copy$i"
			cp -R corpus/. "$dir/copy$i/"
			i=$((i + 1))
		done
		touch "$dir/.complete"
	fi
fi
if ! command -v hyperfine >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q hyperfine >/dev/null
	else
		echo "bench: hyperfine is missing: sudo apt-get install -y hyperfine" >&2
		exit 1
	fi
fi
files=$(find "$dir" -name '*.py' -not -path '*/.*' | wc -l)
bytes=$(find "$dir" -name '*.py' -not -path '*/.*' -print0 | xargs -0 cat | wc -c)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "bench: $dir: $files files, $(awk "BEGIN{printf \"%.1f\", $bytes/1e6}") MB"
# djasync exits 1 when it finds something: -i. The cache is off except for the warm row.
"$dj" check --no-color --cache-dir "$tmp/cache" "$dir" >/dev/null 2>&1 || true
hyperfine -N -i -w 1 -r "${RUNS:-5}" --export-csv "$tmp/t.csv" \
	-n raw-j1 "$raw $dir" -n check-j1 "$dj check -j1 --no-cache --no-color $dir" \
	-n raw-j2 "$raw -j 2 $dir" -n check-j2 "$dj check -j2 --no-cache --no-color $dir" \
	-n effort-j1 "$dj effort -j1 --no-cache --no-color $dir" -n effort-j2 "$dj effort -j2 --no-cache --no-color $dir" \
	-n check-warm-j1 "$dj check -j1 --cache-dir $tmp/cache --no-color $dir" >/dev/null 2>&1 || true
# peak RSS from the programs' own getrusage
rss_raw=$($raw "$dir" | sed -n 's/.*peak RSS \([0-9.]*\) MB.*/\1/p')
rss_dj=$($dj check -j1 --no-cache --stats --no-color "$dir" 2>&1 >/dev/null | sed -n 's/.*peak RSS \([0-9.]*\) MB.*/\1/p')
rss_dj2=$($dj check -j2 --no-cache --stats --no-color "$dir" 2>&1 >/dev/null | sed -n 's/.*peak RSS \([0-9.]*\) MB.*/\1/p')
phase=$($dj check -j1 --no-cache --stats --no-color "$dir" 2>&1 >/dev/null | grep 'stats:' || true)
awk -F, -v files="$files" -v bytes="$bytes" -v rr="$rss_raw" -v rd="$rss_dj" -v rd2="$rss_dj2" '
NR == 1 { next }
{ name[NR] = $1; t[$1] = $2 }
END {
	printf "%-10s %9s %10s %8s %9s %12s\n", "command", "time (s)", "files/s", "MB/s", "RSS (MB)", "vs raw parse"
	for (i = 2; i <= NR; i++) {
		n = name[i]; base = (n ~ /-j2/) ? t["raw-j2"] : t["raw-j1"]
		rss = (n == "check-j1") ? rd : (n == "check-j2") ? rd2 : (n == "raw-j1") ? rr : "-"
		printf "%-10s %9.3f %10.0f %8.1f %9s %11.2fx\n", n, t[n], files / t[n], bytes / 1e6 / t[n], rss, t[n] / base
	}
	printf "check -j2 speed-up over -j1: %.2fx (the raw parse, which has no serial part: %.2fx); effort: %.2fx; warm cache speed-up over cold: %.1fx\n", t["check-j1"] / t["check-j2"], t["raw-j1"] / t["raw-j2"], t["effort-j1"] / t["effort-j2"], t["check-j1"] / t["check-warm-j1"]
}' "$tmp/t.csv"
echo "$phase"
