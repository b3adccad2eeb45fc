-- Minimal config for the test: the plugin on the runtimepath, filetype detection on, setup().
-- RAPPORTEUR_TEST_MODE=enable on Neovim 0.11+: no setup() and no auto-start by the plugin; the
-- server is started by vim.lsp.enable('rapporteur') from lsp/rapporteur.lua alone (its cmd from
-- $RAPPORTEUR_BIN).
vim.opt.runtimepath:prepend(vim.env.RAPPORTEUR_PLUGIN)
vim.opt.swapfile = false
vim.opt.shortmess:append("F")
vim.cmd("filetype plugin on")
if vim.env.RAPPORTEUR_TEST_MODE == "enable" and vim.fn.has("nvim-0.11") == 1 then
  vim.g.rapporteur_autostart = false
  vim.lsp.enable("rapporteur")
else
  require("rapporteur").setup({
    cmd = { vim.env.RAPPORTEUR_BIN, "serve", "--stdio" },
    root_markers = { "rapporteur.toml", ".git" },
    open_quickfix = true,
  })
end
