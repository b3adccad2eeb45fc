-- The rapporteur language server for Neovim 0.11+ (`:help lsp-config`):
--
--   vim.lsp.enable('rapporteur')                        -- start it for `unrecord` buffers
--   vim.lsp.config('rapporteur', { cmd = { '/path/to/rapporteur', 'serve', '--stdio' } })
--
-- Found on the runtimepath as lsp/rapporteur.lua; the plugin's own auto-start (lua/rapporteur) and
-- require('rapporteur').setup{} use and extend this same configuration on 0.11+. Neovim 0.7-0.10
-- ignore this file (the plugin builds the configuration there).
local bin = vim.env.RAPPORTEUR_BIN
if bin == nil or bin == "" then
  bin = "rapporteur"
end

local default_markers = { "rapporteur.toml", ".git" }

return {
  cmd = { bin, "serve", "--stdio" },
  filetypes = { "unrecord" },
  root_markers = default_markers,
  -- The nearest folder upwards with one of `root_markers`; else the current directory when it
  -- contains the record (a folder of records opened with `nvim .`); else the record's folder.
  -- A running rapporteur server whose workspace already contains the record serves it too.
  root_dir = function(bufnr, on_dir)
    local conf = vim.lsp.config.rapporteur or {}
    local markers = conf.root_markers or default_markers
    local ok, rapporteur = pcall(require, "rapporteur")
    if ok and type(rapporteur.workspace_root) == "function" then
      on_dir(rapporteur.workspace_root(bufnr, markers))
      return
    end
    local name = vim.api.nvim_buf_get_name(bufnr)
    on_dir(vim.fs.root(bufnr, markers) or (name ~= "" and vim.fs.dirname(name)) or vim.fn.getcwd())
  end,
  -- Severity per check code ("error"|"warning"|"info"|"hint"|"off"), e.g.
  -- { ["name-variant"] = "off" }: sent as initializationOptions and answered on
  -- workspace/configuration (section "rapporteur"). Empty dicts, so that they are JSON objects.
  init_options = { severity = vim.empty_dict() },
  -- Code lenses and (0.10+) inlay hints turned on for each record.
  on_attach = function(client, bufnr)
    local ok, features = pcall(require, "rapporteur.features")
    if ok then
      features.on_attach(client, bufnr)
    end
  end,
  settings = { rapporteur = { severity = vim.empty_dict() } },
}
