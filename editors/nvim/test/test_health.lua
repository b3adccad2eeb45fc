-- Driven by run.sh after test.lua, with RAPPORTEUR_TEST_MODE=enable (see init.lua):
--   - :helptags on the plugin's doc/, :help rapporteur and a few of its tags open doc/rapporteur.txt
--   - the doc lists every check of `rapporteur rules` with its default severity, and no other
--   - Neovim 0.11+: lsp/rapporteur.lua + vim.lsp.enable('rapporteur') (no setup(), no auto-start
--     by the plugin) attach the server to the seed; documentSymbol names the speaker; a record in a
--     subfolder is served by the same client; older versions: the plugin's auto-start
--   - :checkhealth rapporteur has no ERROR and says: binary found, version, initialize, records
--   - with a binary that does not exist, :checkhealth rapporteur reports an ERROR with the fix
-- Prints one line per step, "PASS" at the end; exits with :cquit 1 on the first failure.
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
  io.stdout:write(("nvim-health-test: %d passed, 1 failed\n"):format(passed))
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
local has_011 = vim.fn.has("nvim-0.11") == 1

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

-- Run :checkhealth rapporteur; return the report's lines (and close its tab/buffer).
local function checkhealth()
  local before = vim.api.nvim_get_current_buf()
  vim.cmd("checkhealth rapporteur")
  local hbuf = vim.api.nvim_get_current_buf()
  check(hbuf ~= before, ":checkhealth rapporteur opened no buffer")
  check(vim.bo[hbuf].filetype == "checkhealth", "the health buffer has filetype " .. vim.bo[hbuf].filetype)
  -- 0.10+ may fill the buffer asynchronously: wait until the report of rapporteur is complete.
  local lines
  vim.wait(WAIT, function()
    lines = vim.api.nvim_buf_get_lines(hbuf, 0, -1, false)
    return table.concat(lines, "\n"):find("records in ", 1, true) ~= nil
  end, 20)
  lines = vim.api.nvim_buf_get_lines(hbuf, 0, -1, false)
  if vim.fn.tabpagenr("$") > 1 then
    vim.cmd("tabclose")
  end
  pcall(vim.cmd, "bwipeout! " .. hbuf)
  vim.api.nvim_set_current_buf(before)
  return lines
end

local function grep(lines, pat)
  local hits = {}
  for _, l in ipairs(lines) do
    if l:find(pat) then
      table.insert(hits, l)
    end
  end
  return hits
end

local function run()
  local seed = vim.api.nvim_get_current_buf()
  local v = vim.version()
  out(("Neovim %d.%d.%d"):format(v.major, v.minor, v.patch))

  -- 1. :helptags + :help rapporteur -----------------------------------------------------------
  local doc = env.RAPPORTEUR_PLUGIN .. "/doc"
  vim.cmd("helptags " .. vim.fn.fnameescape(doc))
  check(vim.fn.filereadable(doc .. "/tags") == 1, ":helptags wrote no " .. doc .. "/tags")
  for _, tag in ipairs({ "rapporteur", ":RapporteurCheck", "rapporteur-checkhealth", "rapporteur-setup-0.11",
    "rapporteur-severity", "rapporteur-unknown-country" }) do
    vim.cmd("help " .. tag)
    local name = vim.api.nvim_buf_get_name(0)
    check(vim.bo.buftype == "help", ":help " .. tag .. " opened no help buffer")
    check(name:sub(-#"doc/rapporteur.txt") == "doc/rapporteur.txt", ":help " .. tag .. " opened " .. name)
    check(vim.fn.getline("."):find("*" .. tag .. "*", 1, true) ~= nil,
      ":help " .. tag .. " is on the line " .. vim.fn.getline("."))
    vim.cmd("helpclose")
  end
  out("ok :help rapporteur (and :RapporteurCheck, rapporteur-checkhealth, ...) opens doc/rapporteur.txt")

  -- 2. the doc lists the checks of `rapporteur rules` with their default severity --------------
  local rules = vim.fn.systemlist({ env.RAPPORTEUR_BIN, "rules" })
  check(vim.v.shell_error == 0, "rapporteur rules failed")
  local doc_lines = vim.fn.readfile(doc .. "/rapporteur.txt")
  local doc_text = table.concat(doc_lines, "\n")
  local codes = {}
  for _, l in ipairs(rules) do
    local code, sev = l:match("^([a-z][a-z-]+)%s+(%a+)%s%s")
    if code then
      codes[code] = true
      check(doc_text:find("*rapporteur-" .. code .. "*", 1, true) ~= nil, "doc has no tag *rapporteur-" .. code .. "*")
      local listed
      for _, dl in ipairs(doc_lines) do
        local dcode, dsev = dl:match("^([a-z][a-z-]+)%s+(%a+)$")
        if dcode == code then
          listed = dsev
        end
      end
      check(listed == sev, ("doc lists %s as %s, `rapporteur rules` as %s"):format(code, tostring(listed), sev))
    end
  end
  local n = 0
  for _, dl in ipairs(doc_lines) do
    local dcode = dl:match("^([a-z][a-z-]+)%s+(error)$") or dl:match("^([a-z][a-z-]+)%s+(warning)$")
      or dl:match("^([a-z][a-z-]+)%s+(info)$") or dl:match("^([a-z][a-z-]+)%s+(hint)$")
    if dcode then
      n = n + 1
      check(codes[dcode], "doc lists " .. dcode .. ", which `rapporteur rules` does not know")
    end
  end
  check(n >= 15, "doc lists only " .. n .. " checks")
  out(("ok doc/rapporteur.txt lists the %d checks of `rapporteur rules` with their severity"):format(n))

  -- 3. the server on the seed: lsp/rapporteur.lua + vim.lsp.enable on 0.11+ -----------------
  check(vim.bo[seed].filetype == "unrecord", "filetype of the seed is " .. vim.bo[seed].filetype)
  local client = wait_client(seed)
  if has_011 and env.RAPPORTEUR_TEST_MODE == "enable" then
    local files = vim.api.nvim_get_runtime_file("lsp/rapporteur.lua", true)
    check(#files == 1 and files[1] == env.RAPPORTEUR_PLUGIN .. "/lsp/rapporteur.lua",
      "lsp/rapporteur.lua on the runtimepath: " .. table.concat(files, ", "))
    check(vim.lsp.is_enabled == nil or vim.lsp.is_enabled("rapporteur"), "vim.lsp.is_enabled('rapporteur') is false")
    check(#require("rapporteur").clients() == 1, "more than one rapporteur client")
    check(client.config.cmd[1] == env.RAPPORTEUR_BIN, "cmd is " .. vim.inspect(client.config.cmd))
    check(client.config.root_dir == env.WS, "root_dir is " .. tostring(client.config.root_dir) .. ", not " .. env.WS)
    local res = vim.lsp.buf_request_sync(seed, "textDocument/documentSymbol",
      { textDocument = vim.lsp.util.make_text_document_params(seed) }, WAIT)
    local names = {}
    local function walk(syms)
      for _, s in ipairs(syms or {}) do
        table.insert(names, s.name)
        walk(s.children)
      end
    end
    for _, r in pairs(res or {}) do
      walk(r.result)
    end
    local found
    for _, nm in ipairs(names) do
      if nm:find(env.SPEAKER, 1, true) then
        found = nm
      end
    end
    check(found ~= nil, "documentSymbol does not name " .. env.SPEAKER .. ": " .. table.concat(names, " | "):sub(1, 300))
    out(("ok vim.lsp.enable('rapporteur') from lsp/rapporteur.lua: client %d, cmd %s, root %s; documentSymbol: %d symbols, e.g. %s"):format(
      client.id, vim.fn.fnamemodify(client.config.cmd[1], ":t"), client.config.root_dir, #names, found))
    -- A record in a subfolder (no root marker in between) is served by the same server.
    vim.cmd("edit " .. vim.fn.fnameescape(env.FAULT_FILE))
    local fbuf = vim.api.nvim_get_current_buf()
    local fclient = wait_client(fbuf)
    check(fclient.id == client.id, ("%s got client %d, not %d"):format(env.FAULT_FILE, fclient.id, client.id))
    out("ok a record in a subfolder joins the same client (root " .. tostring(fclient.config.root_dir) .. ")")
    vim.cmd("buffer " .. seed)
  else
    out(("ok server attached by the plugin (Neovim < 0.11 or not enable mode): client %d, root %s"):format(
      client.id, tostring(client.config.root_dir)))
  end

  -- 4. :checkhealth rapporteur ---------------------------------------------------------------
  local lines = checkhealth()
  io.stdout:write("\n  | " .. table.concat(lines, "\n  | ") .. "\n")
  local errors = grep(lines, "ERROR")
  check(#errors == 0, ":checkhealth rapporteur reports " .. table.concat(errors, " / "))
  for _, want in ipairs({ "server binary found: " .. vim.pesc(env.RAPPORTEUR_BIN), "version: rapporteur ", "answers initialize in",
    "record%(s%) detected", "running server: client" }) do
    check(#grep(lines, want) > 0, ":checkhealth rapporteur does not say " .. want)
  end
  if has_011 and env.RAPPORTEUR_TEST_MODE == "enable" then
    check(#grep(lines, "vim.lsp.enable%('rapporteur'%) is on") > 0, ":checkhealth does not say vim.lsp.enable is on")
  end
  out(("ok :checkhealth rapporteur: no ERROR, %d warning(s); binary, version, initialize, records"):format(
    #grep(lines, "WARN")))

  -- 5. a server that is not there: ERROR with the fix -----------------------------------------
  require("rapporteur").setup({ cmd = { "/nonexistent/rapporteur", "serve", "--stdio" }, autostart = false })
  lines = checkhealth()
  check(#grep(lines, "ERROR") > 0, ":checkhealth with a missing binary reports no ERROR")
  check(#grep(lines, "cargo install %-%-locked %-%-path") > 0, ":checkhealth with a missing binary does not say how to install it")
  check(#grep(lines, "setup{ cmd =") > 0, ":checkhealth with a missing binary does not say how to configure it")
  out("ok :checkhealth rapporteur with a missing binary: ERROR + how to install / configure it")

  io.stdout:write(("nvim-health-test: %d passed, 0 failed\n"):format(passed))
  out("PASS")
  vim.cmd("qall!")
end

local ok, err = pcall(run)
if not ok and not failed then
  out("FAIL: " .. tostring(err))
  io.stdout:write(("nvim-health-test: %d passed, 1 failed\n"):format(passed))
  vim.cmd("cquit 1")
end
