#!/bin/sh
# Runtime oracle: Django 3.2 itself says which lines of tests/oracle/cases/*.py block. run.py runs
# every `async def case_...()` under asyncio.run() and records the line where Django raised
# SynchronousOnlyOperation; djasync's database findings (DJA1xx, the DJA2xx rules that query,
# DJA501 chains ending in one of those) must be exactly those lines, per case file.
#   sh tests/oracle/run.sh build/djasync
# Needs Debian's python3-django (/usr/bin/python3); installs it as root, else skips (exit 0).
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
have_django() { [ -x "$py" ] && "$py" -c 'import django' 2>/dev/null; }
if ! have_django && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "oracle: installing Debian's python3-django"
	{ DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-django \
		|| { DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-django; }; } \
		>"$tmp/apt.log" 2>&1 || sed 's/^/    /' "$tmp/apt.log" | tail -5
fi
if ! have_django; then
	echo "skip oracle: Debian's python3-django is not installed and could not be installed (run: sudo apt-get install -y python3-django)"
	exit 0
fi
if [ ! -x "$bin" ]; then
	bad "no djasync binary: ${1:-build/djasync} (build it first)"
	echo "oracle: $pass passed, $fail failed"
	exit 1
fi
cd "$root" || exit 1
echo "oracle: django $("$py" -c 'import django; print(django.get_version())')"
cases=tests/oracle/cases
if "$py" tests/oracle/run.py "$cases" >"$tmp/django" 2>"$tmp/run.err"; then
	ok "run.py: $(grep -c . "$tmp/django") blocking lines from Django"
else
	bad "run.py: a case failed to run"
	sed 's/^/    /' "$tmp/run.err"
	echo "oracle: $pass passed, $fail failed"
	exit 1
fi
# The project is scanned with the cases so that djasync knows the models, managers and forms.
"$bin" check --no-cache --min-confidence low --django-version 3.2 --format json tests/oracle/project "$cases" >"$tmp/json" 2>"$tmp/check.err"
rc=$?
if [ "$rc" -gt 1 ]; then
	bad "djasync check: exit $rc"
	sed 's/^/    /' "$tmp/check.err"
	echo "oracle: $pass passed, $fail failed"
	exit 1
fi
"$py" tests/oracle/findings.py db "$tmp/json" "$cases" >"$tmp/djasync" || { bad "findings.py: cannot read the JSON report"; exit 1; }
# name: the lines of stdin with the function each is in, indented
where() { "$py" "$root/tests/oracle/findings.py" where | sed 's/^/    /'; }
for f in "$cases"/*.py; do
	grep "^$f:" "$tmp/django" | sort >"$tmp/want"
	grep "^$f:" "$tmp/djasync" | sort >"$tmp/got"
	comm -23 "$tmp/want" "$tmp/got" >"$tmp/missed"
	comm -13 "$tmp/want" "$tmp/got" >"$tmp/extra"
	if [ ! -s "$tmp/missed" ] && [ ! -s "$tmp/extra" ]; then
		ok "$f: djasync reports the $(grep -c . "$tmp/want") lines Django blocks on"
	else
		bad "$f: $(grep -c . "$tmp/missed") missed, $(grep -c . "$tmp/extra") extra"
		[ -s "$tmp/missed" ] && { echo "  Django blocks, djasync is silent:"; where <"$tmp/missed"; }
		[ -s "$tmp/extra" ] && { echo "  djasync reports, Django does not block:"; where <"$tmp/extra"; }
	fi
done
"$py" tests/oracle/findings.py other "$tmp/json" "$cases" >"$tmp/other"
[ -s "$tmp/other" ] && { echo "oracle: other findings in the cases (not compared):"; sed 's/^/    /' "$tmp/other"; }
echo "oracle: $pass passed, $fail failed"
[ "$fail" = 0 ]
