-- Driven by run.sh (see there for the env variables). Prints one line per step, "PASS" at the end;
-- exits with :cquit 1 on the first failure.
local env = vim.env
local t0 = vim.loop.hrtime()
local passed = 0
local function out(s)
  if s:sub(1, 3) == "ok " then
    passed = passed + 1
  end
  io.stdout:write(("[%5.1fs] %s\n"):format((vim.loop.hrtime() - t0) / 1e9, s))
end
local failed = false
local function fail(msg)
  out("FAIL: " .. msg)
  io.stdout:write(("nvim-test: %d passed, 1 failed\n"):format(passed))
  failed = true
  pcall(function()
    for _, c in ipairs(require("rapporteur").clients()) do
      vim.lsp.stop_client(c.id, true)
    end
  end)
  vim.cmd("cquit 1")
  error("test failed", 0)
end
local function check(cond, msg)
  if not cond then
    fail(msg)
  end
end

vim.notify = function(msg)
  out("  (notify) " .. tostring(msg))
end
local WAIT = tonumber(env.TEST_TIMEOUT_MS or "") or 30000
local has_08 = vim.fn.has("nvim-0.8") == 1

local function client_for(buf)
  local cs = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = buf }) or vim.lsp.buf_get_clients(buf)
  for _, c in pairs(cs) do
    if c.name == "rapporteur" then
      return c
    end
  end
end

local function wait_client(buf)
  local ok = vim.wait(WAIT, function()
    local c = client_for(buf)
    return c ~= nil and c.initialized
  end, 20)
  check(ok, "no initialized rapporteur client attached to " .. vim.api.nvim_buf_get_name(buf))
  return client_for(buf)
end

-- Line (1-based) of the first line starting with `prefix` in `buf`, and the byte column of `needle`.
local function find_line(buf, pred)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if pred(l) then
      return i, l
    end
  end
end

local function run()
  -- 0. detection by the shared rule (lua/rapporteur/detect.lua) on the shared list of openings
  local detect = require("rapporteur.detect")
  local cases = vim.fn.json_decode(table.concat(vim.fn.readfile(env.OPENINGS), "\n"))
  check(#cases >= 30, "too few openings in " .. env.OPENINGS)
  for _, c in ipairs(cases) do
    check(detect.is_record_text(c.text) == c.record,
      ("%s %q: expected %s"):format(c.shape, c.text, tostring(c.record)))
  end
  check(detect.is_record_first_line("Seventy-sixth Session,") and not detect.is_record_first_line(""),
    "is_record_first_line")
  out(("ok detection: %d shared openings"):format(#cases))
  -- 1. detection + server -------------------------------------------------------------------
  local buf = vim.api.nvim_get_current_buf()
  check(vim.api.nvim_buf_get_name(buf):sub(-#env.SEED) == env.SEED, "seed not opened")
  check(vim.bo[buf].filetype == "unrecord", "filetype of the seed is '" .. vim.bo[buf].filetype .. "', not unrecord")
  out("ok filetype=" .. vim.bo[buf].filetype .. " (" .. vim.fn.getline(1) .. ")")
  local client = wait_client(buf)
  out(("ok server initialized: %s, root %s"):format(
    (client.server_capabilities or client.resolved_capabilities) and "capabilities received" or "?",
    tostring(client.config.root_dir)))

  -- 1b. records of other shapes (older layout, site boilerplate): filetype and outline ------
  for spec in vim.gsplit(env.SHAPE_FILES or "", ",", true) do
    if spec ~= "" then
      local file, symbol = spec:match("^(.-)=(.*)$")
      vim.cmd("edit " .. vim.fn.fnameescape(env.WS .. "/" .. file))
      local sbuf = vim.api.nvim_get_current_buf()
      check(vim.bo[sbuf].filetype == "unrecord", file .. " has filetype '" .. vim.bo[sbuf].filetype .. "'")
      wait_client(sbuf)
      local header
      local got = vim.wait(WAIT, function()
        local res = vim.lsp.buf_request_sync(sbuf, "textDocument/documentSymbol",
          { textDocument = vim.lsp.util.make_text_document_params(sbuf) }, WAIT)
        for _, r in pairs(res or {}) do
          for _, root in ipairs(r.result or {}) do
            for _, ch in ipairs(root.children or {}) do
              if ch.name == "Header" then
                header = ch.detail
              end
            end
          end
        end
        return header ~= nil
      end, 50)
      check(got, "no Header node in the outline of " .. file)
      check(header:find(symbol, 1, true) ~= nil, ("outline header of %s is %q, not %s"):format(file, header, symbol))
      out(("ok %s: filetype unrecord, outline header %q"):format(file, header))
    end
  end
  vim.cmd("buffer " .. buf)

  -- 2. outline → :cc N to the speaker ---------------------------------------------------------
  local speaker = env.SPEAKER
  local expected = find_line(buf, function(l)
    return l:sub(1, #speaker) == speaker and (l:sub(#speaker + 1, #speaker + 2) == " (" or l:sub(#speaker + 1, #speaker + 1) == ",")
  end)
  check(expected ~= nil, "no header line for " .. speaker .. " in the seed")
  vim.fn.setqflist({}, "r")
  vim.fn.setloclist(0, {}, "r")
  vim.lsp.buf.document_symbol()
  local list_kind
  local function symlist()
    local loc = vim.fn.getloclist(vim.fn.win_getid(vim.fn.winnr("#")))
    if #loc == 0 then
      loc = vim.fn.getloclist(0)
    end
    if #loc > 0 then
      list_kind = "loclist"
      return loc
    end
    list_kind = "quickfix"
    return vim.fn.getqflist()
  end
  local ok = vim.wait(WAIT, function()
    return #symlist() > 0
  end, 20)
  check(ok, "documentSymbol filled neither the quickfix nor the location list")
  local items = symlist()
  local n, names = nil, {}
  for i, it in ipairs(items) do
    table.insert(names, it.text)
    if not n and it.text:find(speaker, 1, true) then
      n = i
    end
  end
  out(("ok outline: %d entries in the %s list, e.g. %s"):format(#items, list_kind, table.concat(vim.list_slice(names, 1, 4), " | ")))
  check(n ~= nil, "speaker " .. speaker .. " not in the outline")
  -- document_symbol() opened the list window and focused it; go back like a user would.
  if vim.bo.buftype == "quickfix" then
    vim.cmd("wincmd p")
  end
  check(vim.api.nvim_get_current_buf() == buf, "not back in the seed buffer")
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  vim.cmd((list_kind == "loclist" and "ll " or "cc ") .. n)
  local lnum = vim.api.nvim_win_get_cursor(0)[1]
  check(vim.api.nvim_get_current_buf() == buf, ":cc jumped to another buffer")
  check(lnum == expected, ("outline entry %d (%s) jumped to line %d, header is on line %d"):format(n, items[n].text, lnum, expected))
  out(("ok :%s %d → line %d = header of %s"):format(list_kind == "loclist" and "ll" or "cc", n, lnum, speaker))

  -- 3. hover on the country in his header -----------------------------------------------------
  local hline = vim.api.nvim_buf_get_lines(buf, expected - 1, expected, false)[1]
  local ccol = hline:find(env.COUNTRY, 1, true)
  check(ccol ~= nil, "country " .. env.COUNTRY .. " not in the header line")
  vim.api.nvim_win_set_cursor(0, { expected, ccol + 1 }) -- inside the word
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local res = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, WAIT)
  local hover_text
  for _, r in pairs(res or {}) do
    if r.result and r.result.contents then
      local lines = vim.lsp.util.convert_input_to_markdown_lines(r.result.contents)
      hover_text = table.concat(lines, "\n")
    end
  end
  check(hover_text ~= nil, "no hover on " .. env.COUNTRY .. " at " .. expected .. ":" .. ccol .. " → " .. vim.inspect(res))
  check(hover_text:find(env.COUNTRY, 1, true) ~= nil, "hover does not mention " .. env.COUNTRY .. ": " .. hover_text)
  out("ok hover on " .. env.COUNTRY .. ": " .. hover_text:gsub("\n+", " / "):sub(1, 120))

  -- 4. go to definition on the press-release symbol -------------------------------------------
  local dline, dl = find_line(buf, function(l)
    return l:find(env.DEF_TEXT, 1, true) ~= nil
  end)
  check(dline ~= nil, "no line with " .. env.DEF_TEXT)
  local scol = dl:find(env.DEF_SYMBOL, dl:find(env.DEF_TEXT, 1, true), true)
  vim.api.nvim_win_set_cursor(0, { dline, scol + 2 }) -- on "GA/12387" (0-based byte col)
  local target
  -- The workspace may still be indexing: retry for a while.
  ok = vim.wait(WAIT, function()
    if vim.api.nvim_buf_get_name(0):sub(-#env.DEF_TARGET) == env.DEF_TARGET then
      return true
    end
    vim.api.nvim_set_current_buf(buf)
    vim.api.nvim_win_set_cursor(0, { dline, scol + 2 })
    vim.lsp.buf.definition()
    return vim.wait(1000, function()
      return vim.api.nvim_buf_get_name(0):sub(-#env.DEF_TARGET) == env.DEF_TARGET
    end, 20)
  end, 50)
  target = vim.api.nvim_buf_get_name(0)
  check(ok, ("definition on %s went to %s:%d, not %s"):format(env.DEF_SYMBOL, target, vim.api.nvim_win_get_cursor(0)[1], env.DEF_TARGET))
  local tline = vim.api.nvim_win_get_cursor(0)[1]
  out(("ok definition of %s → %s line %d: %s"):format(env.DEF_SYMBOL, vim.fn.fnamemodify(target, ":t"), tline, vim.fn.getline(tline):sub(1, 60)))
  check(vim.bo.filetype == "unrecord", "definition target has filetype " .. vim.bo.filetype)

  -- 5. diagnostics of the faulty fixture ------------------------------------------------------
  vim.cmd("edit " .. vim.fn.fnameescape(env.FAULT_FILE))
  local fbuf = vim.api.nvim_get_current_buf()
  check(vim.bo[fbuf].filetype == "unrecord", "faulty fixture has filetype " .. vim.bo[fbuf].filetype)
  wait_client(fbuf)
  local function code_of(d)
    return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  end
  local found
  ok = vim.wait(WAIT, function()
    for _, d in ipairs(vim.diagnostic.get(fbuf)) do
      if code_of(d) == env.FAULT_CODE then
        found = d
        return true
      end
    end
    return false
  end, 50)
  if not ok then
    local got = {}
    for _, d in ipairs(vim.diagnostic.get(fbuf)) do
      table.insert(got, tostring(code_of(d)) .. "@" .. (d.lnum + 1))
    end
    fail("no " .. env.FAULT_CODE .. " diagnostic on the faulty fixture; got: " .. table.concat(got, ", "))
  end
  local fl = vim.api.nvim_buf_get_lines(fbuf, found.lnum, found.lnum + 1, false)[1] or ""
  if env.FAULT_TEXT and env.FAULT_TEXT ~= "" then
    check(fl:find(env.FAULT_TEXT, 1, true) ~= nil, ("%s diagnostic is on line %d, which lacks %q"):format(env.FAULT_CODE, found.lnum + 1, env.FAULT_TEXT))
  end
  out(("ok diagnostic %s (%s) on line %d: %s"):format(env.FAULT_CODE, vim.diagnostic.severity[found.severity] or found.severity,
    found.lnum + 1, found.message))

  -- 5b. code lenses on the seed: a statement lens whose command lists the speaker's statements
  -- in the quickfix list; inlay hints on 0.10+ (the statement a summary cue reports).
  local before_lenses = vim.api.nvim_get_current_buf()
  vim.api.nvim_set_current_buf(buf)
  local lenses
  ok = vim.wait(WAIT, function()
    pcall(vim.lsp.codelens.refresh)
    lenses = vim.lsp.codelens.get(buf)
    return lenses ~= nil and #lenses > 0
  end, 200)
  check(ok, "no code lens on the seed")
  local lens
  for _, l in ipairs(lenses) do
    if l.command and l.command.command == "editor.action.showReferences" then
      lens = l
      break
    end
  end
  check(lens ~= nil, "no statement lens among " .. #lenses .. " lenses")
  vim.fn.setqflist({}, "r", { title = "", items = {} })
  vim.lsp.commands["editor.action.showReferences"](lens.command, { client_id = client_for(buf).id, bufnr = buf })
  check(#vim.fn.getqflist() >= 1, "the statement lens listed no statement")
  vim.cmd("cclose")
  vim.api.nvim_set_current_buf(buf)
  out(("ok code lens %q lists %d statement(s)"):format(lens.command.title, #vim.fn.getqflist()))
  if vim.lsp.inlay_hint and vim.lsp.inlay_hint.get then
    local label
    ok = vim.wait(WAIT, function()
      for _, h in ipairs(vim.lsp.inlay_hint.get({ bufnr = buf })) do
        local l = h.inlay_hint.label
        if type(l) == "table" then
          local parts = {}
          for _, p in ipairs(l) do
            table.insert(parts, p.value)
          end
          l = table.concat(parts)
        end
        if l:find(env.SPEAKER, 1, true) then
          label = l
          return true
        end
      end
      return false
    end, 200)
    check(ok, "no inlay hint naming " .. env.SPEAKER)
    out("ok inlay hint " .. label)
  end
  vim.api.nvim_set_current_buf(before_lenses)

  -- 6. :RapporteurCheck → quickfix ------------------------------------------------------------
  vim.fn.setqflist({}, "r", { title = "", items = {} })
  local done_code
  require("rapporteur").check({ env.WS }, { on_done = function(_, code) done_code = code end })
  ok = vim.wait(WAIT * 2, function()
    return done_code ~= nil
  end, 50)
  check(ok, ":RapporteurCheck did not finish")
  check(done_code < 2, ":RapporteurCheck failed with exit " .. tostring(done_code))
  local qf = vim.fn.getqflist({ title = 1, items = 1 })
  check(qf.title == "rapporteur check", "quickfix title is " .. tostring(qf.title))
  check(#qf.items > 0, ":RapporteurCheck left the quickfix list empty")
  local hit
  for _, it in ipairs(qf.items) do
    if it.text:find("[" .. env.FAULT_CODE .. "]", 1, true) and vim.api.nvim_buf_get_name(it.bufnr) == env.FAULT_FILE then
      hit = it
    end
  end
  check(hit ~= nil, ":RapporteurCheck has no " .. env.FAULT_CODE .. " entry for the faulty fixture")
  out(("ok :RapporteurCheck: %d quickfix entries (exit %d), e.g. %s:%d:%d %s"):format(#qf.items, done_code,
    vim.fn.fnamemodify(vim.api.nvim_buf_get_name(hit.bufnr), ":t"), hit.lnum, hit.col, hit.text))
  -- The command itself, as a user types it.
  vim.fn.setqflist({}, "r", { title = "", items = {} })
  vim.cmd("RapporteurCheck " .. vim.fn.fnameescape(env.FAULT_FILE))
  ok = vim.wait(WAIT * 2, function()
    local q = vim.fn.getqflist({ title = 1, size = 1 })
    return q.title == "rapporteur check" and q.size > 0
  end, 50)
  check(ok, ":RapporteurCheck " .. env.FAULT_FILE .. " left the quickfix list empty")
  out("ok :RapporteurCheck <file>: " .. vim.fn.getqflist({ size = 1 }).size .. " entries")

  -- 7. severity override: setup{severity} + :RapporteurRestart → the server reports it as a warning.
  local old_ids = {}
  for _, c in ipairs(require("rapporteur").clients()) do
    old_ids[c.id] = true
  end
  require("rapporteur").setup({ severity = { [env.FAULT_CODE] = "warning" } })
  vim.cmd("RapporteurRestart")
  ok = vim.wait(WAIT, function()
    local c = client_for(fbuf)
    if not c or old_ids[c.id] or not c.initialized then
      return false
    end
    for _, d in ipairs(vim.diagnostic.get(fbuf)) do
      if code_of(d) == env.FAULT_CODE and d.severity == vim.diagnostic.severity.WARN then
        return true
      end
    end
    return false
  end, 50)
  if not ok then
    local got, cl = {}, {}
    for _, d in ipairs(vim.diagnostic.get(fbuf)) do
      if code_of(d) == env.FAULT_CODE then
        table.insert(got, ("%s/%s/ns%s"):format(code_of(d), d.severity, d.namespace))
      end
    end
    for _, c in ipairs(require("rapporteur").clients()) do
      table.insert(cl, ("%d%s init=%s"):format(c.id, old_ids[c.id] and "(old)" or "", tostring(c.initialized)))
    end
    fail(("after setup{severity={%s='warning'}} and :RapporteurRestart, no %s warning; diagnostics %s; clients %s"):format(
      env.FAULT_CODE, env.FAULT_CODE, table.concat(got, ","), table.concat(cl, ",")))
  end
  out("ok severity override → " .. env.FAULT_CODE .. " is a warning after :RapporteurRestart")

  io.stdout:write(("nvim-test: %d passed, 0 failed\n"):format(passed))
  out("PASS")
  vim.cmd("qall!")
end

local ok, err = pcall(run)
if not ok and not failed then
  out("FAIL: " .. tostring(err))
  io.stdout:write(("nvim-test: %d passed, 1 failed\n"):format(passed))
  vim.cmd("cquit 1")
end
