#!/bin/sh
# make mutate: each mutation of tests/mutate/mutations, applied alone to a copy of the tree,
# must make `make test FAIL_FAST=1` fail. Prints one line per mutation (killed by which suite,
# SURVIVED, or INVALID when its `from` text is not found exactly once or it does not build) and
# exits 1 when any survived or was invalid. ONLY=N runs mutation N alone.
here=$(cd "$(dirname "$0")/../.." && pwd)
list="$here/tests/mutate/mutations"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
# the copy keeps build/ so each mutation rebuilds only what it touches
(cd "$here" && tar --exclude=./.git --exclude=./.djasync_cache -cf - .) | (mkdir "$tmp/tree" && cd "$tmp/tree" && tar -xf -)
cd "$tmp/tree" || exit 2
perl -e '
	my ($list, $out) = @ARGV; open(my $f, "<", $list) or die "$list: $!\n";
	my ($n, %r) = (0);
	my $flush = sub { return unless %r; die "$list: record $n lacks a field\n" unless defined $r{why} && $r{file} && defined $r{from} && defined $r{to};
		$n++; for my $k (qw(why file from to)) { open(my $o, ">", "$out/$n.$k") or die; my $v = $r{$k};
			if ($k eq "from" || $k eq "to") { $v =~ s/\\(.)/$1 eq "n" ? "\n" : $1 eq "t" ? "\t" : $1/ge } print $o $v } %r = () };
	while (<$f>) { chomp; next if /^#/; if (/^\s*$/) { $flush->(); next } /^(why|file|from|to):\s?(.*)$/ or die "$list:$.: not a field\n"; $r{$1} = $2 }
	$flush->(); print "$n\n";' "$list" "$tmp" >"$tmp/count" || exit 2
count=$(cat "$tmp/count")
survived=0 invalid=0 killed=0
i=0
while [ "$i" -lt "$count" ]; do
	i=$((i + 1))
	[ -n "$ONLY" ] && [ "$ONLY" != "$i" ] && continue
	file=$(cat "$tmp/$i.file") why=$(cat "$tmp/$i.why")
	cp "$file" "$tmp/orig" || exit 2
	if ! perl -0777 -e '
		my ($path, $from, $to) = @ARGV; local $/; open(my $f, "<", $path) or die; my $s = <$f>;
		open(my $a, "<", $from) or die; my $x = <$a>; open(my $b, "<", $to) or die; my $y = <$b>; $y = "" unless defined $y;
		my $n = () = $s =~ /\Q$x\E/g; exit 3 unless $n == 1; $s =~ s/\Q$x\E/$y/; open(my $o, ">", $path) or die; print $o $s;' \
		"$file" "$tmp/$i.from" "$tmp/$i.to"; then
		echo "mutate $i INVALID (the text is not found exactly once in $file): $why"
		invalid=$((invalid + 1))
		continue
	fi
	touch "$file"
	if ! make -s all >"$tmp/log" 2>&1; then
		echo "mutate $i INVALID (does not build): $why"
		invalid=$((invalid + 1))
	elif make -s test FAIL_FAST=1 >"$tmp/log" 2>&1; then
		echo "mutate $i SURVIVED: $why ($file)"
		survived=$((survived + 1))
	else
		by=$(grep '^== ' "$tmp/log" | tail -1 | sed 's/^== //; s/ \..*//')
		echo "mutate $i killed by $by: $why"
		killed=$((killed + 1))
	fi
	cp "$tmp/orig" "$file" && touch "$file"
done
make -s all >/dev/null 2>&1
echo "mutate: $killed killed, $survived survived, $invalid invalid"
[ "$survived" = 0 ] && [ "$invalid" = 0 ]
