-- Minimal config for the test: the plugin on the runtimepath, filetype detection on, setup().
vim.opt.runtimepath:prepend(vim.env.RAPPORTEUR_PLUGIN)
vim.opt.swapfile = false
vim.opt.shortmess:append("F")
vim.cmd("filetype plugin on")
require("rapporteur").setup({
  cmd = { vim.env.RAPPORTEUR_BIN, "serve", "--stdio" },
  root_markers = { "rapporteur.toml", ".git" },
  open_quickfix = true,
})
