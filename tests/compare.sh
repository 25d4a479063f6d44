#!/bin/sh
# tests/compare.sh [BINARY]: `djasync effort --compare`, on two saved reports of
# corpus/projects/registry_shop taken before and after one view is converted (its blocking call
# rewritten to the async twin) and a new DRF view is added: what changed, in JSON, text,
# Markdown and the HTML burn-down; and the refusals (a missing or foreign file, check).
. "$(dirname "$0")/lib.sh"
cp -r corpus/projects/registry_shop "$tmp/p"
cd "$tmp" || exit 2
"$bin" effort --no-cache --format json -o before.json p
sed -i 's/count = Book.objects.count()  # ruleid: DJA101/count = await Book.objects.acount()/' p/catalog/api/views.py
"$bin" effort --no-cache --format json -o after.json p
printf 'from rest_framework.views import APIView\n\n\nclass RefundView(APIView):\n    def post(self, request):\n        return None\n' \
	>p/billing/refunds.py

field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["effort"]["compare"]; print(eval(sys.argv[2]))' "$@"; }
"$bin" effort --no-cache --format json --compare before.json -o conv.json p
[ "$(field conv.json 'd["made_async_safe"]')" = "['catalog.api.views.ExportView']" ] &&
	ok "the converted view is made async-safe" || bad "made_async_safe: $(field conv.json 'd["made_async_safe"]')"
[ "$(field conv.json 'd["new_blockers"]')" = "[{'view': 'billing.refunds.RefundView', 'blocker': 'DRF'}]" ] &&
	ok "the new DRF view is a new blocker" || bad "new_blockers: $(field conv.json 'd["new_blockers"]')"
[ "$(field conv.json 'd["views_added"]')" = "['billing.refunds.RefundView']" ] && [ "$(field conv.json 'd["views_gone"]')" = "[]" ] &&
	ok "views added and gone" || bad "added/gone: $(field conv.json 'd["views_added"]') $(field conv.json 'd["views_gone"]')"
# minutes: -5 for the conversion (one mechanical step); +130 for the DRF view (framework,
# conversion) and +30 for the review of its app, which had no work before
b0=$(python3 -c 'import json,sys; print("%.0f" % json.load(open(sys.argv[1]))["effort"]["project"]["minutes"])' before.json)
b1=$((b0 - 5))
b2=$((b1 + 160))
[ "$(field conv.json 'd["minutes_before"], d["minutes_now"], d["minutes_removed"]')" = "($b0, $b2, $((b0 - b2)))" ] &&
	ok "minutes before ($b0), now ($b2) and removed" ||
	bad "minutes: $(field conv.json 'd["minutes_before"], d["minutes_now"], d["minutes_removed"]'), expected $b0 $b2"
"$bin" effort --no-cache --format json --compare before.json --compare after.json -o series.json p
s0=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["effort"]["project"]["async_safe_now"])' before.json)
[ "$(field series.json '[(s["report"], s["minutes"], s["async_safe"]) for s in d["series"]]')" = \
	"[('before.json', $b0, $s0), ('after.json', $b1, $((s0 + 1))), (None, $b2, $((s0 + 1)))]" ] &&
	[ "$(field series.json 'd["against"]')" = after.json ] &&
	ok "a series: each saved report, then now; compared with the last" ||
	bad "series: $(field series.json '[(s["report"], s["minutes"], s["async_safe"]) for s in d["series"]]')"

"$bin" effort --no-cache --compare after.json p >text.out
grep -q '^Since after.json$' text.out && grep -q 'new blocker: billing.refunds.RefundView (DRF)' text.out &&
	grep -q "estimate           $b1 -> $b2 min (+160)" text.out && ok "text: the Since section" || bad "text: $(sed -n '/^Since/,/^$/p' text.out)"
"$bin" effort --no-cache --format markdown --compare before.json p >md.out
grep -q "^\\*\\*Since \`before.json\`:\\*\\* estimate $b0 -> $b2 min (+155); async-safe views $s0 -> $((s0 + 1)).\$" md.out &&
	grep -q '^- made async-safe: `catalog.api.views.ExportView`$' md.out && ok "markdown: the Since section" ||
	bad "markdown: $(grep -A3 Since md.out)"
"$bin" effort --no-cache --format html --compare before.json --compare after.json -o report.html p
[ "$(grep -o '<circle' report.html | wc -l)" = 3 ] && grep -q 'id="burndown"' report.html && grep -q '<table id="series">' report.html &&
	ok "html: the burn-down draws each report and now" || bad "html: $(grep -o '<circle' report.html | wc -l) points"

"$bin" effort --no-cache --compare missing.json p 2>err.out >/dev/null
[ $? = 2 ] && grep -q 'missing.json: cannot read it' err.out && ok "a missing report: exit 2, named" || bad "missing: $(cat err.out)"
echo '{"schema": 1, "findings": []}' >baseline.json
"$bin" effort --no-cache --compare baseline.json p 2>err.out >/dev/null
[ $? = 2 ] && grep -q 'baseline.json: not a saved effort report' err.out && ok "a baseline is not a report: exit 2" || bad "foreign: $(cat err.out)"
"$bin" check --no-cache --compare before.json p 2>err.out >/dev/null
[ $? = 2 ] && grep -q -- '--compare: `djasync check` does not take this option' err.out && ok "check refuses --compare" || bad "check: $(cat err.out)"

echo "compare: $pass passed, $fail failed"
[ "$fail" = 0 ]
