-- Filetype detection for UN meeting-coverage records (filetype `unrecord`), by the rule the
-- server, the command line and VS Code share (src/files.rs: RECORD_OPENING, RECORD_FOOTER):
--   the first lines, after blank lines, open with site boilerplate ("Skip to main content",
--   "In progress at UNHQ"), a session line ("Seventy-sixth Session,", "Sixty-ninth session,",
--   "Resumed Seventy-sixth Session,", "2024 Session,"), a meeting line ("9501st Meeting (AM)",
--   "16th, 17th & 18th Meetings (AM & PM)"), a symbol alone ("GA/L/3613"), or the older layout
--   (a title in capitals, "Press Release", the symbol);
--   or one of the last lines is the footer "For information media. Not an official record."
-- The patterns below are the Rust ones in Vim's very-magic syntax; tests/record_opening.rs
-- checks that they stay so, and editors/record-openings.json is the shared list of openings.
-- No dependency on the LSP part of the plugin; works on Neovim 0.7+.
local M = {}

M.filetype = "unrecord"

-- How many lines of the head (and tail) the rule reads.
M.RULE_LINES = 12
M.OPENING = [[\v^%ufeff?%([ \t\u00a0]*%x0d?%x0a)*[ \t\u00a0]*%(Skip to main content[ \t\u00a0]*%(%x0d?%x0a|$)|In progress at UNHQ[ \t\u00a0]*%(%x0d?%x0a|$)|%([Rr]esumed[ \t\u00a0]+)?%(%([Tt]wenty|[Tt]hirty|[Ff]orty|[Ff]ifty|[Ss]ixty|[Ss]eventy|[Ee]ighty|[Nn]inety)[-\u2010\u2011 ])?%([Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth|[Ff]ifth|[Ss]ixth|[Ss]eventh|[Ee]ighth|[Nn]inth|[Tt]enth|[Ee]leventh|[Tt]welfth|[Tt]hirteenth|[Ff]ourteenth|[Ff]ifteenth|[Ss]ixteenth|[Ss]eventeenth|[Ee]ighteenth|[Nn]ineteenth|[Tt]wentieth|[Tt]hirtieth|[Ff]ortieth|[Ff]iftieth|[Ss]ixtieth|[Ss]eventieth|[Ee]ightieth|[Nn]inetieth|[Hh]undredth)[ \t\u00a0]+%(%([Rr]esumed|%([Ee]mergency[ \t\u00a0]+)?[Ss]pecial)[ \t\u00a0]+)?[Ss]ession%([ \t,;:]|%x0d?%x0a|$)|%(19|20)[0-9][0-9][ \t\u00a0]+[Ss]ession%([ \t,;:]|%x0d?%x0a|$)|[0-9]{1,5}%(st|nd|rd|th)%(%(,[ \t\u00a0]*|[ \t\u00a0]+\&[ \t\u00a0]+|[ \t\u00a0]+and[ \t\u00a0]+)[0-9]{1,5}%(st|nd|rd|th))*[ \t\u00a0]+[Mm]eetings?%([ \t,(]|%x0d?%x0a|$)|[A-Z]{1,8}%(/[A-Z]{1,8})*/[0-9]{2,6}[ \t\u00a0]*%(%x0d?%x0a|$)|[A-Z][^a-z\x0d\x0a]{9,}%x0d?%x0a%([ \t\u00a0]*Press Release[ \t\u00a0]*%x0d?%x0a)?[ \t\u00a0]*[A-Z]{1,8}%(/[A-Z]{1,8})*/[0-9]{2,6}[ \t\u00a0]*%(%x0d?%x0a|$))]]
M.FOOTER = [[\v^[ \t\u00a0]*For information media[.,]?[ \t\u00a0]+Not an official record]]

local opening_re, footer_re

--- Is a text, given as its first lines and its last lines, a UN record?
function M.is_record_lines(head, tail)
  opening_re = opening_re or vim.regex(M.OPENING)
  footer_re = footer_re or vim.regex(M.FOOTER)
  if head and #head > 0 and opening_re:match_str(table.concat(head, "\n")) then
    return true
  end
  local seen = 0
  for i = #(tail or {}), 1, -1 do
    local line = tail[i]
    if line:match("%S") then
      if footer_re:match_str(line) then
        return true
      end
      seen = seen + 1
      if seen >= M.RULE_LINES then
        break
      end
    end
  end
  return false
end

--- Is a whole text (lines joined by "\n") a UN record?
function M.is_record_text(text)
  if type(text) ~= "string" then
    return false
  end
  local lines = vim.split(text, "\n", true)
  local head = {}
  for i = 1, math.min(#lines, M.RULE_LINES) do
    head[i] = lines[i]
  end
  return M.is_record_lines(head, lines)
end

--- Does `line` (the first line of a file) look like the start of a UN record?
function M.is_record_first_line(line)
  return type(line) == "string" and M.is_record_lines({ line }, {})
end

--- Set the filetype of `buf` when its opening or footer says it is a record. Overrides a filetype
--- that came from the file name (e.g. `text` for *.txt), never one set by a modeline.
function M.detect(buf)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  if vim.bo[buf].filetype == M.filetype then
    return
  end
  local head = vim.api.nvim_buf_get_lines(buf, 0, M.RULE_LINES, false)
  local n = vim.api.nvim_buf_line_count(buf)
  local tail = vim.api.nvim_buf_get_lines(buf, math.max(0, n - 4 * M.RULE_LINES), n, false)
  if M.is_record_lines(head, tail) then
    vim.bo[buf].filetype = M.filetype
  end
end

return M
