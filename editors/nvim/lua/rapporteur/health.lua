-- :checkhealth rapporteur — is the server there, which version, does it start and answer
-- `initialize`, which records are in the current directory. Works on Neovim 0.7 (Vim's
-- health#report_* through require("health")), 0.8-0.9 (vim.health.report_*) and 0.10+
-- (vim.health.start/ok/warn/error/info).
local M = {}

local uv = vim.uv or vim.loop

-- How long the server may take to answer `initialize` (ms).
M.timeout_ms = 10000
-- The records scan of the current directory: at most this many files, this many folders deep.
M.scan_max_files = 2000
M.scan_max_depth = 4

local function reporter()
  local ok, h = pcall(require, "vim.health")
  if not ok or type(h) ~= "table" or not (h.start or h.report_start) then
    h = require("health") -- Neovim 0.7: a Lua wrapper of health#report_*
  end
  return {
    start = h.start or h.report_start,
    ok = h.ok or h.report_ok,
    info = h.info or h.report_info,
    warn = h.warn or h.report_warn,
    error = h.error or h.report_error,
  }
end

local function plugin_dir()
  local src = debug.getinfo(1, "S").source:gsub("^@", "")
  return vim.fn.fnamemodify(src, ":p:h:h:h") -- lua/rapporteur/health.lua → the plugin
end

--- The repository the plugin lives in (editors/nvim/../..), when it holds the server's sources.
local function repo_dir()
  local repo = vim.fn.fnamemodify(plugin_dir(), ":h:h")
  if vim.fn.filereadable(repo .. "/Cargo.toml") == 1 then
    return repo
  end
end

local function install_advice(bin)
  local repo = repo_dir()
  local advice = {
    ("install the server: cargo install --locked --path %s"):format(repo or "/path/to/rapporteur"),
    "or point the plugin at it: require('rapporteur').setup{ cmd = { '/path/to/rapporteur', 'serve', '--stdio' } }",
    "or set $RAPPORTEUR_BIN=/path/to/rapporteur before starting Neovim",
  }
  if vim.fn.has("nvim-0.11") == 1 then
    table.insert(advice, "or vim.lsp.config('rapporteur', { cmd = { '/path/to/rapporteur', 'serve', '--stdio' } })")
  end
  if bin and bin:find("/", 1, true) == nil then
    table.insert(advice, 1, ("`%s` must be on $PATH (%s)"):format(bin, vim.env.PATH or ""))
  end
  return advice
end

local function json_decode(s)
  if vim.json and vim.json.decode then
    return pcall(vim.json.decode, s)
  end
  return pcall(vim.fn.json_decode, s)
end

local function json_encode(v)
  if vim.json and vim.json.encode then
    return vim.json.encode(v)
  end
  return vim.fn.json_encode(v)
end

--- Start `cmd`, send `initialize` over stdio, wait up to `timeout_ms` for the answer, then
--- `shutdown` + `exit` (the process is killed if it lingers). Returns a table:
---   { ok = true, ms = N, result = InitializeResult }  or  { ok = false, error = "...", stderr = "..." }
function M.probe_initialize(cmd, timeout_ms)
  timeout_ms = timeout_ms or M.timeout_ms
  local stdin, stdout, stderr = uv.new_pipe(false), uv.new_pipe(false), uv.new_pipe(false)
  local state = { out = "", err = "", exited = false }
  local args = {}
  for i = 2, #cmd do
    args[#args + 1] = cmd[i]
  end
  local t0 = uv.hrtime()
  local handle, pid_or_err = uv.spawn(cmd[1], { args = args, stdio = { stdin, stdout, stderr } },
    function(code, signal)
      state.exited, state.code, state.signal = true, code, signal
    end)
  if not handle then
    for _, p in ipairs({ stdin, stdout, stderr }) do
      p:close()
    end
    return { ok = false, error = ("cannot start `%s`: %s"):format(table.concat(cmd, " "), tostring(pid_or_err)) }
  end
  stdout:read_start(function(_, data)
    if data then
      state.out = state.out .. data
    end
  end)
  stderr:read_start(function(_, data)
    if data then
      state.err = state.err .. data
    end
  end)

  local function send(msg)
    local body = json_encode(msg)
    pcall(stdin.write, stdin, ("Content-Length: %d\r\n\r\n%s"):format(#body, body))
  end
  -- Messages (decoded) read so far from stdout, by id.
  local responses = {}
  local function parse()
    while true do
      local hend = state.out:find("\r\n\r\n", 1, true)
      if not hend then
        return
      end
      local len = tonumber(state.out:sub(1, hend):match("[Cc]ontent%-[Ll]ength:%s*(%d+)"))
      if not len then
        state.garbage = state.out:sub(1, 200)
        state.out = ""
        return
      end
      if #state.out < hend + 3 + len then
        return
      end
      local body = state.out:sub(hend + 4, hend + 3 + len)
      state.out = state.out:sub(hend + 4 + len)
      local ok, msg = json_decode(body)
      if ok and type(msg) == "table" and msg.id ~= nil and msg.method == nil then
        responses[msg.id] = msg
      end
    end
  end
  local function wait_response(id, ms)
    vim.wait(ms, function()
      parse()
      return responses[id] ~= nil or state.exited
    end, 10)
    parse()
    return responses[id]
  end

  send({
    jsonrpc = "2.0",
    id = 1,
    method = "initialize",
    params = {
      processId = vim.fn.getpid(),
      clientInfo = { name = "rapporteur.nvim checkhealth" },
      rootUri = vim.NIL, -- no workspace: nothing to index
      workspaceFolders = vim.NIL,
      capabilities = vim.empty_dict(),
      initializationOptions = { severity = vim.empty_dict() },
    },
  })
  local resp = wait_response(1, timeout_ms)
  local ms = math.floor((uv.hrtime() - t0) / 1e6)
  local res
  if resp and resp.result ~= nil and resp.result ~= vim.NIL then
    res = { ok = true, ms = ms, result = resp.result }
  elseif resp and resp.error then
    res = { ok = false, error = ("answered initialize with an error: %s"):format(vim.inspect(resp.error)) }
  elseif state.exited then
    res = { ok = false, error = ("exited (code %s, signal %s) before answering initialize"):format(
      tostring(state.code), tostring(state.signal)) }
  elseif state.garbage then
    res = { ok = false, error = "wrote something that is no LSP message on stdout: " .. state.garbage }
  else
    res = { ok = false, error = ("did not answer initialize within %d ms"):format(timeout_ms) }
  end

  -- Stop it: shutdown, exit, close stdin; kill it when it lingers.
  if not state.exited then
    send({ jsonrpc = "2.0", id = 2, method = "shutdown", params = vim.NIL })
    wait_response(2, 1000)
    send({ jsonrpc = "2.0", method = "exit", params = vim.NIL })
    pcall(stdin.shutdown, stdin)
    vim.wait(2000, function()
      return state.exited
    end, 10)
    if not state.exited then
      pcall(handle.kill, handle, "sigkill")
      vim.wait(1000, function()
        return state.exited
      end, 10)
    end
  end
  for _, p in ipairs({ stdin, stdout, stderr }) do
    pcall(p.read_stop, p)
    if not p:is_closing() then
      p:close()
    end
  end
  if not handle:is_closing() then
    handle:close()
  end
  res.stderr = state.err
  return res
end

--- Files under `dir` that the rule of the filetype detection (lua/rapporteur/detect.lua) takes
--- for records: *.unrecord, and *.txt / *.rec files that open or end like a record. Hidden folders,
--- target/ and node_modules/ are skipped. Returns the records (paths relative to dir), the number
--- of files looked at, and whether the scan stopped at M.scan_max_files.
function M.scan_records(dir)
  local detect = require("rapporteur.detect")
  local found, seen, truncated = {}, 0, false
  local queue = { { "", 0 } }
  while #queue > 0 and not truncated do
    local rel, depth = unpack(table.remove(queue, 1))
    local handle = uv.fs_scandir(rel == "" and dir or (dir .. "/" .. rel))
    while handle do
      local name, kind = uv.fs_scandir_next(handle)
      if not name then
        break
      end
      local path = rel == "" and name or (rel .. "/" .. name)
      local full = dir .. "/" .. path
      if kind == "link" then
        local st = uv.fs_stat(full)
        kind = st and st.type or kind
      end
      if kind == "directory" then
        if depth < M.scan_max_depth and name:sub(1, 1) ~= "." and name ~= "target" and name ~= "node_modules" then
          table.insert(queue, { path, depth + 1 })
        end
      elseif kind == "file" and (name:match("%.txt$") or name:match("%.rec$") or name:match("%.unrecord$")) then
        seen = seen + 1
        if seen > M.scan_max_files then
          truncated = true
          break
        end
        local st = uv.fs_stat(full)
        if name:match("%.unrecord$") then
          table.insert(found, path)
        elseif st and st.size < 8 * 1024 * 1024 then
          local ok, lines = pcall(vim.fn.readfile, full)
          if ok then
            local head = {}
            for i = 1, math.min(#lines, detect.RULE_LINES) do
              head[i] = lines[i]
            end
            local tail = {}
            for i = math.max(1, #lines - 4 * detect.RULE_LINES + 1), #lines do
              tail[#tail + 1] = lines[i]
            end
            if detect.is_record_lines(head, tail) then
              table.insert(found, path)
            end
          end
        end
      end
    end
  end
  table.sort(found)
  return found, math.min(seen, M.scan_max_files), truncated
end

local function first_line(s)
  return (vim.split(vim.trim(s or ""), "\n", true))[1] or ""
end

function M.check()
  local h = reporter()
  local rapporteur = require("rapporteur")
  local v = vim.version()
  local nvim = ("%d.%d.%d"):format(v.major, v.minor, v.patch)

  -- Plugin -------------------------------------------------------------------------------------
  h.start("rapporteur.nvim")
  h.info(("Neovim %s, plugin at %s"):format(nvim, plugin_dir()))
  if rapporteur.has_lsp_config() then
    local files = vim.api.nvim_get_runtime_file("lsp/rapporteur.lua", true)
    local conf = rapporteur.lsp_config_resolved()
    if conf == nil then
      h.error("vim.lsp.config.rapporteur does not resolve (lsp/rapporteur.lua on the runtimepath: "
        .. (#files > 0 and table.concat(files, ", ") or "none") .. ")",
        { "put the plugin folder (editors/nvim) on the runtimepath: it holds lsp/rapporteur.lua" })
    else
      local enabled = type(vim.lsp.is_enabled) == "function" and vim.lsp.is_enabled("rapporteur")
      h.ok(("Neovim 0.11+ configuration: vim.lsp.config.rapporteur from %s; %s"):format(
        #files > 0 and table.concat(files, ", ") or "vim.lsp.config() only",
        enabled and "vim.lsp.enable('rapporteur') is on" or
          ((rapporteur.config.autostart and vim.g.rapporteur_autostart ~= false)
            and "started by the plugin for `unrecord` buffers" or
            "auto-start off: call vim.lsp.enable('rapporteur')")))
    end
  else
    h.ok(("Neovim %s: the plugin starts the server (%s)"):format(nvim,
      vim.lsp.start and "vim.lsp.start" or "vim.lsp.start_client + buf_attach_client"))
  end
  if vim.fn.exists("#filetypedetect#BufRead#*.unrecord") == 1 then
    h.ok("filetype detection: `unrecord` for *.unrecord and for files that open or end like a record")
  else
    h.warn("filetype detection of records is off (ftdetect/unrecord.vim is not loaded)",
      { "add `filetype plugin on` to your init.vim / vim.cmd('filetype plugin on') to init.lua, after the plugin is on the runtimepath" })
  end
  local sev = rapporteur.config.severity or {}
  if next(sev) ~= nil then
    local parts = {}
    for code, s in pairs(sev) do
      table.insert(parts, code .. "=" .. tostring(s))
    end
    table.sort(parts)
    h.info("severity overrides: " .. table.concat(parts, ", "))
  end

  -- Server -------------------------------------------------------------------------------------
  h.start("rapporteur server")
  local cmd = rapporteur.server_cmd()
  local bin = cmd[1]
  h.info("cmd: " .. table.concat(cmd, " "))
  local exe = bin and vim.fn.exepath(bin) or ""
  local is_rapporteur = false
  if exe == "" then
    h.error(("server binary `%s` not found or not executable"):format(tostring(bin)), install_advice(bin))
  else
    h.ok(("server binary found: %s"):format(exe))
    local out = vim.fn.system({ exe, "--version" })
    local code = vim.v.shell_error
    if code ~= 0 then
      h.error(("`%s --version` failed (exit %d): %s"):format(exe, code, first_line(out)), install_advice(bin))
    elseif not vim.trim(out):match("^rapporteur ") then
      h.warn(("`%s --version` says %q: is this the rapporteur server?"):format(exe, first_line(out)),
        install_advice(bin))
    else
      is_rapporteur = true
      h.ok("version: " .. first_line(out))
    end
    local probe_cmd = vim.deepcopy(cmd)
    probe_cmd[1] = exe
    local p = M.probe_initialize(probe_cmd)
    if p.ok then
      local info = p.result.serverInfo
      local caps = {}
      for k, _ in pairs(type(p.result.capabilities) == "table" and p.result.capabilities or {}) do
        table.insert(caps, (k:gsub("Provider$", "")))
      end
      table.sort(caps)
      h.ok(("starts and answers initialize in %d ms%s; capabilities: %s"):format(p.ms,
        type(info) == "table" and (" (" .. tostring(info.name) .. " " .. tostring(info.version or "") .. ")") or "",
        table.concat(caps, ", ")))
    else
      local advice = {
        ("run `%s` in a terminal: it should wait for LSP messages on stdin; what it prints tells why not"):format(
          table.concat(probe_cmd, " ")),
        "the LSP log: :lua vim.cmd('edit ' .. vim.lsp.get_log_path())",
      }
      vim.list_extend(advice, install_advice(bin))
      local tail = vim.trim(p.stderr or "")
      h.error(("`%s` %s%s"):format(table.concat(probe_cmd, " "), p.error,
        tail ~= "" and ("; stderr: " .. tail:sub(-400)) or ""), advice)
    end
  end

  -- Workspace ----------------------------------------------------------------------------------
  h.start("records in " .. vim.fn.getcwd())
  local cwd = vim.fn.getcwd()
  if is_rapporteur then
    local out = vim.fn.system({ exe, "config", cwd })
    local code = vim.v.shell_error
    if code ~= 0 then
      h.error(("`rapporteur config %s` failed (exit %d): %s"):format(cwd, code, vim.trim(out):sub(1, 400)),
        { "fix the rapporteur.toml it names (`rapporteur config .` in a terminal shows the error)" })
    else
      local lines = vim.split(out, "\n", true)
      h.ok("configuration: " .. vim.trim((lines[2] or ""):gsub("^#%s*", "")))
    end
  end
  local records, seen, truncated = M.scan_records(cwd)
  if #records > 0 then
    h.ok(("%d record(s) detected among %d .txt/.rec/.unrecord file(s)%s: %s%s"):format(#records, seen,
      truncated and (" (stopped after " .. M.scan_max_files .. ")") or "",
      table.concat(vim.list_slice(records, 1, 5), ", "), #records > 5 and ", …" or ""))
  else
    h.warn(("no record detected under %s (%d .txt/.rec/.unrecord file(s) looked at)"):format(cwd, seen), {
      ":cd to the folder of your records (the workspace root the server indexes)",
      "records are *.unrecord files and files that open like a record (a session or meeting line, a symbol, `Skip to main content`) or end with `For information media. Not an official record.`; see :help rapporteur-filetype",
      "for other files: let g:rapporteur_file_patterns = ['*/records/*.txt']",
    })
  end
  local clients = rapporteur.clients()
  for _, c in ipairs(clients) do
    local n = 0
    for _ in pairs(c.attached_buffers or {}) do
      n = n + 1
    end
    h.info(("running server: client %d, root %s, %d buffer(s)"):format(c.id, tostring(c.config and c.config.root_dir), n))
  end
end

return M
