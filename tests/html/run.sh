#!/bin/sh
# tests/html/run.sh [BINARY]: the HTML effort report in a real browser (Debian's chromium,
# headless). The page of corpus/projects/registry_shop must: be one file with no network
# reference; have as many view rows as the JSON report has views; expand a view to its events;
# sort the table by a column (both ways) and filter it; show the table in the order of work and
# no control when scripts are off. Screenshots at 1280x800 and 390x844 go to build/html/ to look
# at. Skipped (exit 0, said so) where chromium is not installed.
. "$(dirname "$0")/../lib.sh"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "skip html: chromium is not installed (make test installs it as root)"
	exit 0
fi
project=corpus/projects/registry_shop
shots=build/html
mkdir -p "$shots"
chrome() { "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
	--user-data-dir="$tmp/profile" "$@" 2>/dev/null; }

"$bin" effort --no-cache --format html -o "$tmp/report.html" "$project" && ok "effort --format html -o writes the page" ||
	bad "effort --format html -o: exit $?"
"$bin" effort --no-cache --format json "$project" >"$tmp/report.json"
views=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["effort"]["views"]))' "$tmp/report.json")
# the views' minutes, ascending and descending, as the sorted table must show them
asc=$(python3 -c 'import json,sys; print(",".join("%.0f" % m for m in sorted(v["minutes"] for v in json.load(open(sys.argv[1]))["effort"]["views"])))' "$tmp/report.json")
desc=$(python3 -c 'import json,sys; print(",".join("%.0f" % m for m in sorted((v["minutes"] for v in json.load(open(sys.argv[1]))["effort"]["views"]), reverse=True)))' "$tmp/report.json")

# self-contained: no URL to fetch (a link, a script or a style from elsewhere)
if grep -Eiq '(src|href)=|https?://|@import|url\(' "$tmp/report.html"; then
	bad "the page refers to something outside itself: $(grep -Eio '(src|href)=[^ >]*|https?://[^ "]*|@import|url\(' "$tmp/report.html" | head -3)"
else
	ok "the page is self-contained (no src, href, url() or http)"
fi

# with scripts: drive it
{ sed 's|</body></html>$||' "$tmp/report.html"; echo '<script>'; cat tests/html/probe.js; echo '</script></body></html>'; } \
	>"$tmp/probed.html"
chrome --dump-dom "file://$tmp/probed.html" >"$tmp/dom.html"
probe() { sed -n '/<pre id="probe">/,/<\/pre>/p' "$tmp/dom.html" | sed 's/<[^>]*>//g' | sed -n "s/^$1=//p"; }
[ "$(probe rows)" = "$views" ] && ok "view rows ($views) = the JSON report's views" ||
	bad "view rows: '$(probe rows)', JSON views $views"
[ "$(probe first)" = "catalog.api.views.ExportView" ] && ok "rows start in the order of work" ||
	bad "first row: $(probe first)"
[ "$(probe open_before)" = false ] && [ "$(probe open_after)" = true ] && [ "$(probe events_shown)" -ge 1 ] &&
	ok "a view expands to its events ($(probe events_shown), first at $(probe event0))" ||
	bad "expand: before $(probe open_before), after $(probe open_after), shown $(probe events_shown)"
[ "$(probe event0)" = "corpus/projects/registry_shop/catalog/api/views.py:9" ] && ok "an event names its file:line" ||
	bad "event place: $(probe event0)"
[ "$(probe sort_button)" = true ] && [ "$(probe sort_asc)" = "$asc" ] && [ "$(probe aria_sort)" = ascending ] &&
	[ "$(probe sort_desc)" = "$desc" ] && [ "$asc" != "$desc" ] && ok "sorting by minutes reorders the rows, both ways" ||
	bad "sort: button $(probe sort_button), asc $(probe sort_asc) ($(probe aria_sort)), desc $(probe sort_desc)"
payments=$(python3 -c 'import json,sys; print(sum(v["app"] == "payments" for v in json.load(open(sys.argv[1]))["effort"]["views"]))' "$tmp/report.json")
[ "$(probe filter_visible)" = true ] && [ "$(probe filtered)" = "$payments" ] && [ "$payments" -lt "$views" ] &&
	ok "filtering by app leaves its $payments views" ||
	bad "filter: visible $(probe filter_visible), rows left $(probe filtered), payments views $payments"

# without scripts the DOM is the page as written (headless chromium cannot dump or shoot a
# page with scripts off): the same rows, in the order of work, no dead control
n=$(grep -o '<tr data-order=' "$tmp/report.html" | wc -l)
[ "$n" = "$views" ] && grep -q '<p id="filters" hidden' "$tmp/report.html" && ! grep -q '<button' "$tmp/report.html" &&
	ok "without scripts: $n rows, no filter box, no sort button" || bad "without scripts: $n rows, controls shown"

for size in 1280,800 390,844; do
	chrome --window-size=$size --screenshot="$shots/registry_shop-${size%,*}.png" "file://$tmp/report.html" >/dev/null
	[ -s "$shots/registry_shop-${size%,*}.png" ] && ok "screenshot at $size: $shots/registry_shop-${size%,*}.png" ||
		bad "screenshot at $size"
done

echo "html: $pass passed, $fail failed"
[ "$fail" = 0 ]
