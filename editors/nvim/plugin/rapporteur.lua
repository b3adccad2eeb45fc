-- rapporteur.nvim: commands and auto-start for `unrecord` buffers.
-- require("rapporteur").setup{ ... } is optional; call it to change the defaults.
if vim.g.loaded_rapporteur then
  return
end
vim.g.loaded_rapporteur = true

require("rapporteur.features").register_commands()

local group = vim.api.nvim_create_augroup("rapporteur", { clear = true })
vim.api.nvim_create_autocmd("FileType", {
  group = group,
  pattern = "unrecord",
  callback = function(args)
    require("rapporteur")._on_filetype(args.buf)
  end,
})

vim.api.nvim_create_user_command("RapporteurCheck", function(opts)
  require("rapporteur").check(opts.fargs)
end, { nargs = "*", complete = "file", desc = "rapporteur check --format json into the quickfix list" })

vim.api.nvim_create_user_command("RapporteurRestart", function()
  require("rapporteur").restart()
end, { desc = "Restart the rapporteur language server" })

vim.api.nvim_create_user_command("RapporteurOutline", function()
  vim.lsp.buf.document_symbol()
end, { desc = "Outline of the record (quickfix/location list)" })
