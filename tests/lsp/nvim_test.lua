-- End-to-end test with a real LSP client: Neovim's built-in one, headless.
-- Environment: DJASYNC_BIN (the binary), LSP_FILE (a Python file to open), LSP_OUT (where to
-- write the diagnostics received, one "line:col CODE severity" per line, sorted).
-- Written for Neovim 0.7 (Debian 12): vim.lsp.start_client + buf_attach_client.
local bin = os.getenv("DJASYNC_BIN")
local file = os.getenv("LSP_FILE")
local out = os.getenv("LSP_OUT")
local function finish(code, text)
  local f = io.open(out, "w")
  f:write(text)
  f:close()
  vim.cmd("qall!")
  os.exit(code)
end
local root = vim.fn.fnamemodify(file, ":p:h:h")
local client_id = vim.lsp.start_client({
  name = "djasync",
  cmd = { bin, "server", "--no-cache" },
  root_dir = root,
})
if not client_id then
  finish(3, "could not start the server\n")
end
vim.cmd("edit " .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(bufnr, client_id)
local got = vim.wait(15000, function()
  return #vim.diagnostic.get(bufnr) > 0
end, 50)
if not got then
  finish(4, "no diagnostics within 15 s\n")
end
local lines = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
  table.insert(lines, string.format("%d:%d %s %d", d.lnum + 1, d.col + 1, code, d.severity))
end
table.sort(lines)
-- an edit in the buffer must reach the server: add a blocking call at the end
vim.api.nvim_buf_set_lines(bufnr, -1, -1, false, { "", "", "async def added_by_test(request):",
  "    import time", "    time.sleep(1)" })
local n = #lines
local changed = vim.wait(15000, function()
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == "DJA301" and d.message:find("added_by_test", 1, true) then
      return true
    end
  end
  return false
end, 50)
table.insert(lines, changed and "didChange: DJA301 in added_by_test" or "didChange: no update")
-- the quick fix of the first DJA101, asked for and applied as the client does
local target
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  if code == "DJA101" and (not target or d.lnum < target.lnum) then
    target = d
  end
end
local action
if target then
  -- hover on it: the rule's documentation
  local hp = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = target.lnum, character = target.col } }
  local hres = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", hp, 10000)
  local shown = false
  for _, r in pairs(hres or {}) do
    local v = r.result and r.result.contents and r.result.contents.value or ""
    shown = shown or (v:find("**DJA101**", 1, true) ~= nil and v:find("What it does", 1, true) ~= nil)
  end
  table.insert(lines, shown and "hover: DJA101 documented" or "hover: nothing")
end
if target then
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = target.lnum, character = 0 }, ["end"] = { line = target.lnum, character = 0 } },
    context = { diagnostics = {} } }
  local res = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, 10000)
  for _, r in pairs(res or {}) do
    for _, a in ipairs(r.result or {}) do
      if a.kind == "quickfix" and a.isPreferred and not action then
        action = a
      end
    end
  end
end
if action then
  vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
  table.insert(lines, "codeAction: " .. vim.api.nvim_buf_get_lines(bufnr, target.lnum, target.lnum + 1, false)[1])
else
  table.insert(lines, "codeAction: none")
end
vim.lsp.stop_client(client_id)
finish(0, table.concat(lines, "\n") .. "\n")
