-- Filetype detection for UN meeting-coverage records (filetype `unrecord`), by the first line:
--   "Skip to main content"                      (scraped press releases)
--   "<Ordinal in words> Session,"               e.g. "Seventy-sixth Session,", "Eightieth Session,",
--                                               "Resumed Seventy-sixth Session", "Tenth Emergency Special Session,"
--   "<N>th Meeting (AM)"                        Security Council / committee meeting lines
-- No dependency on the LSP part of the plugin; works on Neovim 0.7+.
local M = {}

M.filetype = "unrecord"

local units = {
  first = true, second = true, third = true, fourth = true, fifth = true, sixth = true,
  seventh = true, eighth = true, ninth = true, tenth = true, eleventh = true, twelfth = true,
  thirteenth = true, fourteenth = true, fifteenth = true, sixteenth = true, seventeenth = true,
  eighteenth = true, nineteenth = true, twentieth = true, thirtieth = true, fortieth = true,
  fiftieth = true, sixtieth = true, seventieth = true, eightieth = true, ninetieth = true,
  hundredth = true,
}
local tens = {
  twenty = true, thirty = true, forty = true, fifty = true, sixty = true, seventy = true,
  eighty = true, ninety = true,
}

local function is_ordinal(word)
  -- hyphen, U+2010 hyphen or U+2011 non-breaking hyphen
  word = word:gsub("\226\128\145", "-"):gsub("\226\128\144", "-"):lower()
  if units[word] then
    return true
  end
  local t, u = word:match("^(%a+)%-(%a+)$")
  return t ~= nil and tens[t] == true and units[u] == true
end

local suffixes = { st = true, nd = true, rd = true, th = true }

-- "9501st Meeting (AM)", "12th & 13th Meetings (AM & PM)" (Security Council, committees)
local function is_meeting_line(line)
  local suf, rest = line:match("^%d+(%a%a)%s+(.*)$")
  if not suf or not suffixes[suf] then
    return false
  end
  local suf2, rest2 = rest:match("^&%s+%d+(%a%a)%s+(.*)$")
  if suf2 then
    if not suffixes[suf2] then
      return false
    end
    rest = rest2
  end
  return rest:match("^Meetings?$") ~= nil or rest:match("^Meetings?[%s,(]") ~= nil
end

--- Does `line` (the first line of a file) look like the start of a UN record?
function M.is_record_first_line(line)
  if type(line) ~= "string" then
    return false
  end
  line = line:gsub("^\239\187\191", "") -- BOM
  line = line:gsub("\194\160", " ") -- NBSP
  line = vim.trim(line)
  if line == "Skip to main content" or is_meeting_line(line) then
    return true
  end
  local words = vim.split(line, "%s+")
  local i = 1
  if words[i] == "Resumed" then
    i = i + 1
  end
  -- "Seventy-sixth" or "Seventy sixth"
  if not words[i] then
    return false
  end
  if is_ordinal(words[i]) then
    i = i + 1
  elseif words[i + 1] and is_ordinal(words[i] .. "-" .. words[i + 1]) then
    i = i + 2
  else
    return false
  end
  if words[i] == "Emergency" then
    i = i + 1
  end
  if words[i] == "Special" then
    i = i + 1
  end
  local s = words[i]
  return s ~= nil and (s == "Session" or s == "Session," or s:match("^Session[,;:]") ~= nil)
end

--- Set the filetype of `buf` when its first line says it is a record. Overrides a filetype that
--- came from the file name (e.g. `text` for *.txt), never one set by a modeline.
function M.detect(buf)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  if vim.bo[buf].filetype == M.filetype then
    return
  end
  local first = vim.api.nvim_buf_get_lines(buf, 0, 1, false)[1]
  if M.is_record_first_line(first) then
    vim.bo[buf].filetype = M.filetype
  end
end

return M
