-- Owns: what the plugin turns on when the server attaches to a record: code lenses (refreshed as
-- the record changes; a lens's "N statements" opens them in the quickfix list), and inlay hints
-- on Neovim 0.10+ (the statement a summary cue reports, a panellist's full name, an
-- instrument's canonical title).
local M = {}

--- The server's statement lenses carry VS Code's `editor.action.showReferences` with the
--- arguments [uri, position, locations]; Neovim runs client-side commands from vim.lsp.commands.
function M.show_references(command, ctx)
  local args = command.arguments or {}
  local locations = args[3] or {}
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  local encoding = client and client.offset_encoding or "utf-16"
  local items = vim.lsp.util.locations_to_items(locations, encoding)
  vim.fn.setqflist({}, " ", { title = command.title or "References", items = items })
  vim.cmd("copen")
end

function M.register_commands()
  vim.lsp.commands["editor.action.showReferences"] = M.show_references
end

local function supports(client, capability)
  local caps = client and client.server_capabilities
  return caps ~= nil and caps[capability] ~= nil and caps[capability] ~= false
end

--- On attach: lenses refreshed now and on BufEnter, InsertLeave and after writes; inlay hints on.
function M.on_attach(client, bufnr)
  if supports(client, "codeLensProvider") then
    local group = vim.api.nvim_create_augroup("rapporteur_codelens_" .. bufnr, { clear = true })
    vim.api.nvim_create_autocmd({ "BufEnter", "InsertLeave", "BufWritePost" }, {
      group = group,
      buffer = bufnr,
      callback = function()
        pcall(vim.lsp.codelens.refresh, { bufnr = bufnr })
      end,
    })
    pcall(vim.lsp.codelens.refresh, { bufnr = bufnr })
  end
  if supports(client, "inlayHintProvider") and vim.lsp.inlay_hint and vim.lsp.inlay_hint.enable then
    -- 0.10 takes (true, filter); 0.9's experimental API is not used.
    pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
  end
end

--- An on_attach that runs ours, then the user's.
function M.chain(user_on_attach)
  return function(client, bufnr)
    M.on_attach(client, bufnr)
    if type(user_on_attach) == "function" then
      user_on_attach(client, bufnr)
    end
  end
end

return M
