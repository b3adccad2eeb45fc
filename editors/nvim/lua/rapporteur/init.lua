-- rapporteur.nvim: Neovim client for the rapporteur language server (UN meeting-coverage records).
-- Owns: starting/attaching the server for `unrecord` buffers (vim.lsp.start on 0.8+, start_client +
-- buf_attach_client on 0.7) and :RapporteurCheck (`rapporteur check --format json` → quickfix).
-- On Neovim 0.11+ the server's configuration is `vim.lsp.config.rapporteur`: lsp/rapporteur.lua,
-- then the user's vim.lsp.config('rapporteur', ...), then setup{} (which calls vim.lsp.config); the
-- auto-start below and `vim.lsp.enable('rapporteur')` both start the server from it.
-- On 0.7-0.10 the configuration is built here from M.config.
-- Filetype detection lives in ftdetect/ + lua/rapporteur/detect.lua and does not need this module.
local M = {}

local uv = vim.loop

local function default_bin()
  local env = vim.env.RAPPORTEUR_BIN
  if env and env ~= "" then
    return env
  end
  return "rapporteur"
end

M.config = {
  -- Command that starts the server on stdio.
  cmd = nil, -- default: { $RAPPORTEUR_BIN or "rapporteur", "serve", "--stdio" }
  -- Files or folders that mark the workspace root (searched upwards from the record);
  -- without one the record's own folder is the root.
  root_markers = { "rapporteur.toml", ".git" },
  filetypes = { "unrecord" },
  -- Severity per check code ("error"|"warning"|"info"|"hint"|"off"); sent as
  -- initializationOptions.severity and on workspace/configuration (section "rapporteur"), and
  -- applied to :RapporteurCheck.
  severity = {},
  -- Start the server when a record is opened. Set to false when nvim-lspconfig starts it.
  autostart = true,
  -- Extra fields for vim.lsp.start / start_client (on_attach, capabilities, handlers, ...).
  lsp = {},
  -- Open the quickfix window after :RapporteurCheck when it found something.
  open_quickfix = true,
}

--- Neovim 0.11+: `vim.lsp.config` and `vim.lsp.enable` (and lsp/rapporteur.lua) are used.
function M.has_lsp_config()
  return type(vim.lsp.config) == "table" and type(vim.lsp.enable) == "function"
end

--- The resolved `vim.lsp.config.rapporteur` on 0.11+ (nil before, or when it cannot be resolved).
function M.lsp_config_resolved()
  if not M.has_lsp_config() then
    return nil
  end
  local ok, conf = pcall(function()
    return vim.lsp.config.rapporteur
  end)
  return ok and type(conf) == "table" and conf or nil
end

--- The command that starts the server: on 0.11+ the `cmd` of vim.lsp.config.rapporteur (when it is
--- a list), else setup{cmd=...}, else { $RAPPORTEUR_BIN or "rapporteur", "serve", "--stdio" }.
function M.server_cmd()
  local resolved = M.lsp_config_resolved()
  if resolved and type(resolved.cmd) == "table" and resolved.cmd[1] then
    return resolved.cmd
  end
  if M.config.cmd then
    return M.config.cmd
  end
  return { default_bin(), "serve", "--stdio" }
end
local server_cmd = M.server_cmd

--- The binary of the configured command (used for `rapporteur check` and :checkhealth).
function M.binary()
  return server_cmd()[1]
end

local function exists(p)
  return uv.fs_stat(p) ~= nil
end

--- Root folder of the workspace `path` (a file) belongs to: the nearest folder upwards with one
--- of `markers` (default: `root_markers`); else the current directory if it contains the file;
--- else the file's folder.
function M.root_dir(path, markers)
  markers = markers or M.config.root_markers or {}
  if path == nil or path == "" then
    return vim.fn.getcwd()
  end
  path = vim.fn.fnamemodify(path, ":p")
  local start = vim.fn.isdirectory(path) == 1 and path or vim.fn.fnamemodify(path, ":h")
  start = start:gsub("/$", "")
  local dir = start
  while dir and dir ~= "" do
    for _, marker in ipairs(markers) do
      if exists(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      break
    end
    dir = parent
  end
  -- No marker: the current directory when the record is inside it (a folder of records opened
  -- with `nvim .`), else the record's own folder.
  local cwd = vim.fn.getcwd():gsub("/$", "")
  if start == cwd or start:sub(1, #cwd + 1) == cwd .. "/" then
    return cwd
  end
  return start ~= "" and start or "/"
end

-- An empty Lua table would be sent as a JSON array; the server expects an object.
local function severity_map()
  local sev = M.config.severity or {}
  if next(sev) == nil then
    return vim.empty_dict()
  end
  return sev
end

local function lsp_config(root)
  local resolved = M.lsp_config_resolved()
  if resolved then -- 0.11+: lsp/rapporteur.lua + vim.lsp.config('rapporteur', ...) + setup{}
    local conf = vim.deepcopy(resolved)
    conf.name = "rapporteur"
    conf.root_dir = root
    conf.workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ":t") } }
    return conf
  end
  local settings = { rapporteur = { severity = severity_map() } }
  local conf = {
    name = "rapporteur",
    cmd = server_cmd(),
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ":t") } },
    init_options = { severity = severity_map() },
    settings = settings,
  }
  for k, v in pairs(M.config.lsp or {}) do
    conf[k] = v
  end
  conf.on_attach = require("rapporteur.features").chain(conf.on_attach)
  return conf
end

local clients_by_root = {} -- 0.7 fallback: root → client id

local function is_stopped(id)
  local c = vim.lsp.get_client_by_id(id)
  if c == nil then
    return true
  end
  if type(c.is_stopped) == "function" then
    return c:is_stopped()
  end
  return vim.lsp.client_is_stopped(id)
end


--- Workspace root for buffer `buf`: M.root_dir(its file, markers), unless a running rapporteur
--- server's workspace already contains the record (that server serves it too).
function M.workspace_root(buf, markers)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  local name = vim.api.nvim_buf_get_name(buf)
  local root = M.root_dir(name, markers)
  local file = vim.fn.fnamemodify(name, ":p")
  for _, c in ipairs(M.clients()) do
    local r = c.config and c.config.root_dir
    if type(r) == "string" and r ~= root and file:sub(1, #r + 1) == r .. "/" and not is_stopped(c.id) then
      return r
    end
  end
  return root
end

--- Start (or reuse) the server for `root` and attach buffer `buf`. Returns the client id.
function M.attach(buf)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  local root = M.workspace_root(buf)
  local conf = lsp_config(root)
  if vim.lsp.start then -- Neovim 0.8+
    return vim.lsp.start(conf, { bufnr = buf })
  end
  local id = clients_by_root[root]
  if id and (vim.lsp.client_is_stopped(id) or not vim.lsp.get_client_by_id(id)) then
    id = nil
  end
  if not id then
    id = vim.lsp.start_client(conf)
    if not id then
      vim.notify("rapporteur: cannot start " .. table.concat(conf.cmd, " "), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(buf, id)
  return id
end

--- All running rapporteur clients.
function M.clients()
  local out = {}
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  for _, c in pairs(all) do
    if c.name == "rapporteur" then
      table.insert(out, c)
    end
  end
  return out
end

--- Stop every rapporteur client (shutdown + exit; killed if still running after 2 s) and start
--- again for the open records.
function M.restart()
  local ids = {}
  for _, c in ipairs(M.clients()) do
    table.insert(ids, c.id)
    vim.lsp.stop_client(c.id)
  end
  clients_by_root = {}
  -- Gone = its process exited. A server that ignores `exit` while stdin is open would linger
  -- (Neovim 0.10+ never kills it after a graceful stop): terminate it after 2 s.
  local function all_gone()
    for _, id in ipairs(ids) do
      if vim.lsp.get_client_by_id(id) ~= nil then
        return false
      end
    end
    return true
  end
  if not vim.wait(2000, all_gone, 20) then
    for _, id in ipairs(ids) do
      local c = vim.lsp.get_client_by_id(id)
      if c and c.rpc and type(c.rpc.terminate) == "function" then
        c.rpc.terminate()
      elseif c then
        vim.lsp.stop_client(id, true)
      end
    end
    vim.wait(2000, all_gone, 20)
  end
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) then
      M.attach(buf)
    end
  end
end

-- :RapporteurCheck -----------------------------------------------------------------------------

local qf_type = { error = "E", warning = "W", info = "I", information = "I", hint = "N" }

-- 1-based column in Unicode scalar values → 1-based byte column in `line`.
local function byte_col(line, col)
  if not line or col <= 1 then
    return math.max(col, 1)
  end
  local ok, idx = pcall(vim.str_byteindex, line, col - 1, false) -- UTF-32 index → byte index
  if ok and idx then
    return idx + 1
  end
  return col
end

local line_cache = {}
local function file_line(file, lnum)
  local lines = line_cache[file]
  if lines == nil then
    local b = vim.fn.bufnr(file)
    if b > 0 and vim.api.nvim_buf_is_loaded(b) then
      lines = vim.api.nvim_buf_get_lines(b, 0, -1, false)
    else
      local ok, l = pcall(vim.fn.readfile, file)
      lines = ok and l or {}
    end
    line_cache[file] = lines
  end
  return lines[lnum]
end

--- Turn `rapporteur check --format json` output into quickfix items.
function M.findings_to_qf(findings, cwd)
  line_cache = {}
  local items = {}
  local function abs(p)
    if p:sub(1, 1) == "/" then
      return p
    end
    return cwd .. "/" .. p
  end
  for _, f in ipairs(findings) do
    local sev = (M.config.severity or {})[f.code] or f.severity or "warning"
    if sev ~= "off" then
      local file = abs(f.path)
      local line = file_line(file, f.line)
      table.insert(items, {
        filename = file,
        lnum = f.line,
        col = byte_col(line, f.column or 1),
        end_lnum = f.end_line,
        end_col = f.end_column and byte_col(file_line(file, f.end_line or f.line), f.end_column) or nil,
        type = qf_type[sev] or "W",
        text = ("%s [%s]"):format(f.message or "", f.code or "?"),
        nr = 0,
      })
      for _, r in ipairs(f.related or {}) do
        local rfile = abs(r.path)
        table.insert(items, {
          filename = rfile,
          lnum = r.line,
          col = byte_col(file_line(rfile, r.line), r.column or 1),
          text = "  ↳ " .. (r.message or "related"),
          valid = 1,
        })
      end
    end
  end
  return items
end

local function read_all(pipe, acc)
  pipe:read_start(function(err, data)
    if data then
      table.insert(acc, data)
    end
  end)
end

--- Run `rapporteur check --format json PATHS` (default: the root of the current buffer) and put
--- the findings into the quickfix list. `opts.on_done(items, exit_code)` is called afterwards.
function M.check(paths, opts)
  opts = opts or {}
  if not paths or #paths == 0 then
    paths = { M.root_dir(vim.api.nvim_buf_get_name(0)) }
  end
  local cwd = vim.fn.getcwd()
  local bin = M.binary()
  local args = { "check" }
  for _, p in ipairs(paths) do
    table.insert(args, vim.fn.fnamemodify(vim.fn.expand(p), ":p"))
  end
  vim.list_extend(args, { "--format", "json" })
  local stdout, stderr = uv.new_pipe(false), uv.new_pipe(false)
  local out, err = {}, {}
  local handle
  handle = uv.spawn(bin, { args = args, cwd = cwd, stdio = { nil, stdout, stderr } }, function(code)
    stdout:close()
    stderr:close()
    handle:close()
    vim.schedule(function()
      local text = table.concat(out)
      local items = {}
      if code >= 2 then
        local msg = vim.trim(table.concat(err))
        vim.notify(("rapporteur check failed (exit %d): %s"):format(code, msg), vim.log.levels.ERROR)
      else
        local ok, findings = pcall(vim.json and vim.json.decode or vim.fn.json_decode, text ~= "" and text or "[]")
        if not ok or type(findings) ~= "table" then
          vim.notify("rapporteur check: cannot parse the output: " .. tostring(findings), vim.log.levels.ERROR)
          code = 2
        else
          items = M.findings_to_qf(findings, cwd)
        end
      end
      if code < 2 then
        vim.fn.setqflist({}, " ", { title = "rapporteur check", items = items })
        local n = 0
        for _, it in ipairs(items) do
          if it.nr == 0 then
            n = n + 1
          end
        end
        vim.notify(("rapporteur check: %d finding(s)"):format(n), vim.log.levels.INFO)
        if n > 0 and M.config.open_quickfix then
          vim.cmd("botright copen")
          vim.cmd("wincmd p")
        end
      end
      if opts.on_done then
        opts.on_done(items, code)
      end
    end)
  end)
  if not handle then
    vim.notify("rapporteur: cannot run " .. bin, vim.log.levels.ERROR)
    stdout:close()
    stderr:close()
    return
  end
  read_all(stdout, out)
  read_all(stderr, err)
end

--- Configure the plugin. `opts` is merged into `M.config` (see its fields above).
function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", M.config, opts or {})
  if M.has_lsp_config() then
    -- 0.11+: the options become vim.lsp.config('rapporteur', ...), over lsp/rapporteur.lua, so that
    -- vim.lsp.enable('rapporteur') and the auto-start below use the same configuration.
    local conf = {
      root_markers = M.config.root_markers,
      filetypes = M.config.filetypes,
      init_options = { severity = severity_map() },
      settings = { rapporteur = { severity = severity_map() } },
    }
    if M.config.cmd then
      conf.cmd = M.config.cmd
    end
    for k, v in pairs(M.config.lsp or {}) do
      conf[k] = v
    end
    vim.lsp.config("rapporteur", conf)
  end
  -- Buffers that were opened before setup().
  if M.config.autostart then
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) then
        M.attach(buf)
      end
    end
  end
  return M
end

--- Called by plugin/rapporteur.lua on FileType.
function M._on_filetype(buf)
  if M.config.autostart and vim.g.rapporteur_autostart ~= false then
    M.attach(buf)
  end
end

return M
