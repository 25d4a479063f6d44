#!/bin/sh
# Language server tests: protocol-level (malformed messages get JSON-RPC errors, never a crash;
# shutdown/exit statuses) and end to end with Neovim's built-in LSP client, whose diagnostics
# must match `djasync check` for the same file.   sh tests/lsp/run.sh build/djasync
. "$(dirname "$0")/../lib.sh"
msg() { printf 'Content-Length: %d\r\n\r\n%s' "$(printf '%s' "$1" | wc -c)" "$1"; }
root=$tmp/proj
mkdir -p "$root/shop"
: >"$root/manage.py"
: >"$root/shop/__init__.py"
printf 'from django.db import models\n\n\nclass Item(models.Model):\n    name = models.CharField(max_length=9)\n' >"$root/shop/models.py"
uri="file://$root/shop/views.py"
text1='from .models import Item\n\n\nasync def one(request):\n    return Item.objects.get(pk=1)\n'
text2='from .models import Item\n\n\nasync def one(request):\n    return await Item.objects.aget(pk=1)\n'
printf "$text1" >"$root/shop/views.py"
run() { # name: feed stdin, keep stdout in $tmp/out and the status in $rc
	"$bin" server --no-cache >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if grep -q -E "AddressSanitizer|runtime error" "$tmp/err"; then bad "$1: sanitizer report"; cat "$tmp/err"; fi
}
has() { grep -q -F -- "$1" "$tmp/out"; }
{
	msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file://'"$root"'","capabilities":{}}}'
	msg '{"jsonrpc":"2.0","method":"initialized","params":{}}'
	msg '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'"$uri"'","languageId":"python","version":1,"text":"'"$text1"'"}}}'
	msg '{"jsonrpc":"2.0","id":20,"method":"textDocument/diagnostic","params":{"textDocument":{"uri":"'"$uri"'"}}}'
	msg '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"'"$uri"'","version":2},"contentChanges":[{"text":"'"$text2"'"}]}}'
	msg '{"jsonrpc":"2.0","id":21,"method":"textDocument/diagnostic","params":{"textDocument":{"uri":"'"$uri"'"}}}'
	msg '{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"'"$uri"'"}}}'
	msg '{"jsonrpc":"2.0","id":2,"method":"textDocument/formatting","params":{}}'
	msg '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
	msg '{"jsonrpc":"2.0","method":"exit"}'
} >"$tmp/in"
run lifecycle <"$tmp/in"
[ "$rc" = 0 ] && ok "shutdown then exit: status 0" || bad "shutdown then exit: status $rc"
has '"capabilities":{"textDocumentSync":{"openClose":true,"change":1' && ok "initialize result" || bad "initialize result"
has '"code":"DJA101"' && has '"range":{"start":{"line":4,"character":11}' && ok "didOpen publishes DJA101 at 5:12" || bad "didOpen diagnostics"
[ "$(grep -o '"diagnostics":\[\]' "$tmp/out" | wc -l)" -ge 2 ] && ok "didChange (fixed) and didClose publish empty lists" || bad "didChange/didClose diagnostics"
has '"relatedInformation":[{"location"' && has 'fix: use `await Item.objects.aget(...)`' && ok "fix as related information" || bad "related information"
has '{"jsonrpc":"2.0","id":2,"error":{"code":-32601' && ok "unknown method: -32601" || bad "unknown method"
has '{"jsonrpc":"2.0","id":3,"result":null}' && ok "shutdown result" || bad "shutdown result"
# code actions: the DJA101 quick fix (preferred) and fix-all, as edits of the buffer (the
# smallest: the bytes that differ), UTF-16 columns after a non-ASCII key
text4='from .models import Item\n\n\nasync def one(request):\n    n = {\"é\": Item.objects.count()}\n    return Item.objects.get(pk=1).name\n'
{
	msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file://'"$root"'","capabilities":{}}}'
	msg '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'"$uri"'","languageId":"python","version":1,"text":"'"$text4"'"}}}'
	msg '{"jsonrpc":"2.0","id":5,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"'"$uri"'"},"range":{"start":{"line":5,"character":0},"end":{"line":5,"character":0}},"context":{"diagnostics":[]}}}'
	msg '{"jsonrpc":"2.0","id":6,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"'"$uri"'"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[],"only":["source.fixAll"]}}}'
	msg '{"jsonrpc":"2.0","id":7,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"'"$uri"'"}}}'
	msg '{"jsonrpc":"2.0","id":8,"method":"textDocument/hover","params":{"textDocument":{"uri":"'"$uri"'"},"position":{"line":5,"character":20}}}'
	msg '{"jsonrpc":"2.0","id":9,"method":"textDocument/hover","params":{"textDocument":{"uri":"'"$uri"'"},"position":{"line":0,"character":0}}}'
	msg '{"jsonrpc":"2.0","id":10,"method":"textDocument/diagnostic","params":{"textDocument":{"uri":"'"$uri"'"}}}'
	msg '{"jsonrpc":"2.0","id":11,"method":"textDocument/hover","params":{"textDocument":{"uri":"'"$uri"'"}}}'
	msg '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
	msg '{"jsonrpc":"2.0","method":"exit"}'
} >"$tmp/in"
run codeaction <"$tmp/in"
has '"codeActionProvider":{"codeActionKinds":["quickfix","source.fixAll.djasync"]}' && ok "initialize: codeActionProvider" ||
	bad "codeActionProvider capability"
has '{"jsonrpc":"2.0","id":5,"result":[{"title":"Fix DJA101: use `await Item.objects.aget(...)`","kind":"quickfix","isPreferred":true,"edit":{"changes":{"'"$uri"'":[{"range":{"start":{"line":5,"character":11},"end":{"line":5,"character":32}},"newText":"(await Item.objects.aget(pk=1)"}]}}},{"title":"Fix all safe djasync findings in the file (2)"' &&
	ok "codeAction on a line: its quick fix (parenthesized, as a TextEdit), then fix-all" || { bad "quick fix"; grep '"id":5' "$tmp/out" | head -c 600; }
has '"id":6,"result":[{"title":"Fix all safe djasync findings in the file (2)","kind":"source.fixAll.djasync"' &&
	has '"range":{"start":{"line":4,"character":14},"end":{"line":5,"character":32}},"newText":"await Item.objects.acount()}\n    return (await Item.objects.aget(pk=1)"' &&
	ok "codeAction source.fixAll: both fixes, UTF-16 columns after a non-ASCII key" || { bad "fix all"; grep '"id":6' "$tmp/out" | head -c 700; }
has '{"jsonrpc":"2.0","id":7,"error":{"code":-32602' && ok "codeAction without a range: -32602" || bad "codeAction bad params"
has '"id":8,"result":{"contents":{"kind":"markdown","value":"**DJA101** `sync-orm-call-in-async` (error, high confidence)' &&
	has 'Fix: use `await Item.objects.aget(...)`' && grep '"id":8' "$tmp/out" | grep -q 'What it does' &&
	ok "hover on a diagnostic: the rule, the fix and the rule's documentation" || { bad "hover"; grep '"id":8' "$tmp/out" | head -c 400; }
has '{"jsonrpc":"2.0","id":9,"result":null}' && ok "hover elsewhere: null" || bad "hover elsewhere"
has '"id":10,"result":{"kind":"full","items":[{"range":{"start":{"line":4,"character":14}' && grep '"id":10' "$tmp/out" | grep -q '"code":"DJA101"' &&
	ok "pull diagnostics (textDocument/diagnostic): the document's, in full" || { bad "pull diagnostics"; grep '"id":10' "$tmp/out" | head -c 300; }
has '{"jsonrpc":"2.0","id":11,"error":{"code":-32602' && ok "hover without a position: -32602" || bad "hover bad params"
has '"hoverProvider":true,"diagnosticProvider":{"interFileDependencies":true,"workspaceDiagnostics":false}' &&
	ok "initialize: hoverProvider, diagnosticProvider" || bad "hover/diagnostic capabilities"
# an unsafe fix (a blocking helper wrapped, the import added): offered, not preferred, not in fix-all
text5='from .models import Item\n\n\ndef helper():\n    return Item.objects.count()\n\n\nasync def one(request):\n    return helper()\n'
{
	msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file://'"$root"'","capabilities":{}}}'
	msg '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'"$uri"'","languageId":"python","version":1,"text":"'"$text5"'"}}}'
	msg '{"jsonrpc":"2.0","id":5,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"'"$uri"'"},"range":{"start":{"line":8,"character":0},"end":{"line":8,"character":0}},"context":{"diagnostics":[]}}}'
	msg '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
	msg '{"jsonrpc":"2.0","method":"exit"}'
} >"$tmp/in"
run unsafe-action <"$tmp/in"
has '"id":5,"result":[{"title":"Fix DJA501: run it in a worker thread: `await sync_to_async(helper)(...)`, or make the chain async (unsafe: review it)","kind":"quickfix","isPreferred":false' &&
	has 'from asgiref.sync import sync_to_async\n' && has 'return await sync_to_async(helper)"}' && ! has 'Fix all safe' &&
	ok "an unsafe quick fix: not preferred, the import added, no fix-all" || { bad "unsafe quick fix"; grep '"id":5' "$tmp/out" | head -c 800; }
# configuration per file: the nearest pyproject.toml above the document, wherever the server
# runs; a broken one is a diagnostic on itself and the server keeps serving; fixed on disk, it
# is read again at the next analysis
mono=$tmp/mono
mkdir -p "$mono/backend/shop"
: >"$mono/backend/manage.py"
: >"$mono/backend/shop/__init__.py"
cp "$root/shop/models.py" "$mono/backend/shop/models.py"
printf '[tool.djasync]\nignore = ["DJA101"]\n' >"$mono/backend/pyproject.toml"
muri="file://$mono/backend/shop/views.py"
text6='import time\nfrom .models import Item\n\n\nasync def one(request):\n    time.sleep(1)\n    return Item.objects.get(pk=1)\n'
open6() { msg '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'"$muri"'","languageId":"python","version":1,"text":"'"$text6"'"}}}'; }
{
	msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
	open6
	msg '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
	msg '{"jsonrpc":"2.0","method":"exit"}'
} >"$tmp/in"
run per-file-config <"$tmp/in"
has '"code":"DJA301"' && ! has '"code":"DJA101"' && ok "the document's own pyproject.toml applies (ignore DJA101), not the server's folder's" ||
	bad "per-file configuration"
printf '[tool.djasync]\nselect = ["DJA30I"]\n' >"$mono/backend/pyproject.toml"
{
	msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
	open6
	sleep 1
	printf '[tool.djasync]\nignore = ["DJA301"]\n' >"$mono/backend/pyproject.toml"
	msg '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"'"$muri"'","version":2},"contentChanges":[{"text":"'"$text6"'"}]}}'
	msg '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
	msg '{"jsonrpc":"2.0","method":"exit"}'
} | { "$bin" server --no-cache >"$tmp/out" 2>"$tmp/err"; }
has '"uri":"file://'"$mono"'/backend/pyproject.toml","diagnostics":[{"range":{"start":{"line":1,"character":' &&
	has "unknown rule code 'DJA30I'" && ok "a broken configuration: a diagnostic on it, the server goes on" ||
	{ bad "broken configuration diagnostic"; head -c 600 "$tmp/out"; }
has '"uri":"file://'"$mono"'/backend/pyproject.toml","diagnostics":[]' && [ "$(grep -o '"code":"DJA301"' "$tmp/out" | wc -l)" = 1 ] &&
	has '"code":"DJA101"' && ok "fixed on disk: read again, its error cleared, its ignore applied" || bad "configuration reload"
mkdir -p "$tmp/badcwd" && printf '[tool.djasync]\nselect = ["NOPE"]\n' >"$tmp/badcwd/pyproject.toml"
{
	msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
	msg '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
	msg '{"jsonrpc":"2.0","method":"exit"}'
} >"$tmp/in"
(cd "$tmp/badcwd" && "$bin" server --no-cache <"$tmp/in" >"$tmp/out" 2>"$tmp/err")
[ $? = 0 ] && has '"id":1,"result":{"capabilities"' && ok "a broken configuration where the server starts: it still initializes" ||
	bad "server with a broken configuration in its folder: $(cat "$tmp/err")"
# cross-file freshness: a helper made blocking in another buffer, then on disk (a watched file),
# and the view that calls it is analyzed again
xp=$tmp/xfile
mkdir -p "$xp/shop"
: >"$xp/manage.py"
: >"$xp/shop/__init__.py"
cp "$root/shop/models.py" "$xp/shop/models.py"
printf 'def helper():\n    return 1\n' >"$xp/shop/helpers.py"
printf 'def other():\n    return 2\n' >"$xp/shop/more.py"
vuri="file://$xp/shop/views.py"
huri="file://$xp/shop/helpers.py"
vtext='from .helpers import helper\nfrom .more import other\n\n\nasync def one(request):\n    return helper(), other()\n'
hclean='def helper():\n    return 1\n'
hblock='from .models import Item\n\n\ndef helper():\n    return Item.objects.count()\n'
{
	msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file://'"$xp"'","capabilities":{}}}'
	msg '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'"$vuri"'","languageId":"python","version":1,"text":"'"$vtext"'"}}}'
	msg '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'"$huri"'","languageId":"python","version":1,"text":"'"$hclean"'"}}}'
	msg '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"'"$huri"'","version":2},"contentChanges":[{"text":"'"$hblock"'"}]}}'
	sleep 1
	printf 'from .models import Item\n\n\ndef other():\n    return Item.objects.first()\n' >"$xp/shop/more.py"
	msg '{"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[{"uri":"file://'"$xp"'/shop/more.py","type":2}]}}'
	msg '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
	msg '{"jsonrpc":"2.0","method":"exit"}'
} | { "$bin" server --no-cache >"$tmp/out" 2>"$tmp/err"; }
python3 -c 'import json,re,sys
for body in re.split(r"Content-Length: \d+\r\n\r\n", open(sys.argv[1], newline="").read()):
    m = json.loads(body) if body.strip() else {}
    if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == sys.argv[2]:
        print(" | ".join(d["code"] + " " + d["message"] for d in m["params"]["diagnostics"]))' "$tmp/out" "$vuri" >"$tmp/vdiags"
# the view's publications: when opened (clean), after the helper's edit (the helper's
# opening and its edit came together: analyzed once), after the disk change
[ "$(sed -n 1p "$tmp/vdiags" | grep -c DJA501)" = 0 ] && grep '`helper()` blocks' "$tmp/vdiags" | head -1 | grep -vq '`other()` blocks' && ok "a helper made blocking in another buffer: the view gets its DJA501" ||
	{ bad "cross-file freshness (buffer)"; cat "$tmp/vdiags" | cut -c1-200; }
tail -1 "$tmp/vdiags" | grep -q '`other()` blocks' && ok "a helper changed on disk (didChangeWatchedFiles): the view is analyzed again" ||
	{ bad "cross-file freshness (watched file)"; cat "$tmp/vdiags" | cut -c1-200; }
# a burst of edits (a didChange per keystroke) is analyzed at its last version, not 300 times
{
	msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file://'"$root"'","capabilities":{}}}'
	msg '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'"$uri"'","languageId":"python","version":1,"text":"'"$text2"'"}}}'
	i=2
	while [ $i -le 300 ]; do
		msg '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"'"$uri"'","version":'$i'},"contentChanges":[{"text":"'"$text2"'# '$i'\n"}]}}'
		i=$((i + 1))
	done
	msg '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"'"$uri"'","version":301},"contentChanges":[{"text":"'"$text1"'"}]}}'
	msg '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
	msg '{"jsonrpc":"2.0","method":"exit"}'
} >"$tmp/in"
run burst <"$tmp/in"
n=$(grep -o '"method":"textDocument/publishDiagnostics"' "$tmp/out" | wc -l)
[ "$n" -le 3 ] && grep -o '"method":"textDocument/publishDiagnostics".*' "$tmp/out" | tail -1 | grep -q '"code":"DJA101"' &&
	ok "301 edits in a burst: analyzed $n time(s), the last version's findings published" || bad "burst: $n publications"
# $/cancelRequest: a request cancelled before the server reached it is answered -32800 and
# not worked on; the others are answered
{
	msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file://'"$root"'","capabilities":{}}}'
	msg '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'"$uri"'","languageId":"python","version":1,"text":"'"$text1"'"}}}'
	msg '{"jsonrpc":"2.0","id":5,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"'"$uri"'"},"range":{"start":{"line":4,"character":0},"end":{"line":4,"character":0}},"context":{"diagnostics":[]}}}'
	msg '{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":5}}'
	msg '{"jsonrpc":"2.0","id":"six","method":"textDocument/diagnostic","params":{"textDocument":{"uri":"'"$uri"'"}}}'
	msg '{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"nothing"}}'
	msg '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
	msg '{"jsonrpc":"2.0","method":"exit"}'
} >"$tmp/in"
run cancel <"$tmp/in"
has '{"jsonrpc":"2.0","id":5,"error":{"code":-32800' && ! has '"id":5,"result"' && has '"id":"six","result":{"kind":"full"' &&
	[ "$rc" = 0 ] && ok "\$/cancelRequest: the cancelled request answered -32800, the rest served" || bad "cancelRequest"
# a buffer with a syntax error: DJA001 where it stops parsing, the rest still analyzed
text3='import time\n\n\nasync def two(request):\n    x = (1,\n\n\nasync def three(request):\n    time.sleep(1)\n'
{
	msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file://'"$root"'","capabilities":{}}}'
	msg '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'"$uri"'","languageId":"python","version":1,"text":"'"$text3"'"}}}'
	msg '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
	msg '{"jsonrpc":"2.0","method":"exit"}'
} >"$tmp/in"
run syntax <"$tmp/in"
has '"code":"DJA001"' && has '"code":"DJA301"' && ok "a syntax error is a diagnostic (DJA001), the rest still analyzed" || bad "syntax error diagnostic"
# a document over --max-file-size: one diagnostic says it was skipped, nothing is analyzed
big=$(awk 'BEGIN { for (i = 0; i < 200; i++) printf "x%d = %d\\n", i, i; printf "import time\\n\\n\\nasync def f():\\n    time.sleep(1)\\n" }')
{
	msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file://'"$root"'","capabilities":{}}}'
	msg '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'"$uri"'","languageId":"python","version":1,"text":"'"$big"'"}}}'
	msg '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
	msg '{"jsonrpc":"2.0","method":"exit"}'
} >"$tmp/in"
"$bin" server --no-cache --max-file-size 1K <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
has 'not analyzed: the document is' && ! has '"code":"DJA301"' && ok "a document over --max-file-size: one diagnostic, not analyzed" || { bad "oversized document"; cat "$tmp/out" | head -5; }
# malformed input
{
	msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}'
	msg '{this is not json'
	printf 'Content-Length: abc\r\n\r\n'
	printf 'X-Header: no length\r\n\r\n'
	msg '[1,2,3]'
	msg '{"jsonrpc":"2.0","id":7,"method":"textDocument/didOpen","params":"not an object"}'
	msg '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:1","text":"x"}}}'
	msg '{"jsonrpc":"2.0","id":8,"method":"shutdown"}'
	msg '{"jsonrpc":"2.0","method":"exit"}'
} >"$tmp/in"
run malformed <"$tmp/in"
[ "$rc" = 0 ] && ok "malformed messages: the server survives and exits 0" || bad "malformed: status $rc"
[ "$(grep -c -- '-32700' "$tmp/out")" -ge 3 ] && ok "bad JSON and bad headers: -32700 parse errors" || bad "parse errors"
has '"error":{"code":-32600' && ok "non-object message: -32600" || bad "invalid request"
has '{"jsonrpc":"2.0","id":7,"error":{"code":-32602' && ok "bad params: -32602" || bad "bad params"
# exit without shutdown, end of input without exit, a truncated body
{ msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}'; msg '{"jsonrpc":"2.0","method":"exit"}'; } >"$tmp/in"
run exit-early <"$tmp/in"
[ "$rc" = 1 ] && ok "exit without shutdown: status 1" || bad "exit without shutdown: $rc"
msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}' >"$tmp/in"
run eof <"$tmp/in"
[ "$rc" = 1 ] && ok "end of input: status 1" || bad "end of input: $rc"
printf 'Content-Length: 500\r\n\r\n{"jsonrpc":"2.0"' >"$tmp/in"
run truncated <"$tmp/in"
[ "$rc" = 1 ] && ok "truncated body: status 1, no crash" || bad "truncated body: $rc"
msg '{"jsonrpc":"2.0","id":1,"method":"shutdown"}' >"$tmp/in"
run not-initialized <"$tmp/in"
has '"code":-32002' && ok "request before initialize: -32002" || bad "before initialize"
# Neovim, headless, with its built-in client
if command -v nvim >/dev/null 2>&1; then
	file=$(pwd)/corpus/projects/bookshop/catalog/views.py
	DJASYNC_BIN=$bin LSP_FILE=$file LSP_OUT=$tmp/nvim.txt timeout 60 nvim --headless -u NONE -i NONE \
		-c "luafile tests/lsp/nvim_test.lua" >/dev/null 2>"$tmp/nvim.err"
	rc=$?
	"$bin" check --no-cache --format github --stdin-filename "$file" <"$file" |
		sed -n 's/^::\([a-z]*\) file=[^,]*,line=\([0-9]*\),col=\([0-9]*\),.*title=\(DJA[0-9]*\) .*/\2:\3 \4 \1/p' |
		sed -e 's/ error$/ 1/' -e 's/ warning$/ 2/' -e 's/ notice$/ 3/' | sort >"$tmp/cli.txt"
	grep -v -e '^didChange' -e '^codeAction' -e '^hover' "$tmp/nvim.txt" | sort >"$tmp/nvim-diags.txt" 2>/dev/null
	if [ "$rc" = 0 ] && [ -s "$tmp/cli.txt" ] && cmp -s "$tmp/cli.txt" "$tmp/nvim-diags.txt"; then
		ok "neovim received the same diagnostics as djasync check ($(wc -l <"$tmp/cli.txt") findings)"
	else
		bad "neovim diagnostics (status $rc)"; diff "$tmp/cli.txt" "$tmp/nvim-diags.txt" | head; cat "$tmp/nvim.err" | head -5
	fi
	grep -q "^didChange: DJA301 in added_by_test" "$tmp/nvim.txt" && ok "neovim buffer edit re-analyzed (didChange)" || bad "neovim didChange"
	grep -q '^hover: DJA101 documented' "$tmp/nvim.txt" && ok "neovim hover on a diagnostic shows its rule" || bad "neovim hover"
	grep -q -F 'codeAction:     book = await Book.objects.select_related("author").aget(pk=pk)' "$tmp/nvim.txt" &&
		ok "neovim applies the quick fix of a DJA101 (code action)" || bad "neovim code action: $(grep codeAction "$tmp/nvim.txt")"
else
	bad "neovim is missing: apt-get install neovim"
fi
echo "lsp: $pass passed, $fail failed"
[ "$fail" = 0 ]
