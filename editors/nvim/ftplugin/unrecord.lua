-- Records are paragraphs on single long lines: wrap them at word boundaries.
vim.opt_local.wrap = true
vim.opt_local.linebreak = true
vim.opt_local.breakindent = true
vim.b.undo_ftplugin = (vim.b.undo_ftplugin or "") .. "\n setlocal wrap< linebreak< breakindent<"
