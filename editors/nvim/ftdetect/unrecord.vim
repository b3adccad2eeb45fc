" UN meeting-coverage records (rapporteur): filetype `unrecord` for *.unrecord, for any file whose
" first line is "Skip to main content" or "<Ordinal in words> Session," (see
" lua/rapporteur/detect.lua), and for files matching the globs in g:rapporteur_file_patterns
" (e.g. let g:rapporteur_file_patterns = ['*/records/*.txt']).
" Overrides a filetype that came from the file name (e.g. `text` for *.txt).
autocmd BufRead,BufNewFile *.unrecord setfiletype unrecord
autocmd BufRead,BufNewFile * call s:RapporteurDetect()

function! s:RapporteurDetect() abort
  if &filetype ==# 'unrecord'
    return
  endif
  if getline(1) =~# 'Session\|^\%uFEFF\=\s*Skip to main content\|^\d\+\a\a\s'
    lua require('rapporteur.detect').detect(0)
    if &filetype ==# 'unrecord'
      return
    endif
  endif
  for l:pat in get(g:, 'rapporteur_file_patterns', [])
    let l:re = glob2regpat(l:pat)
    if expand('<afile>:p') =~# l:re || expand('<afile>:t') =~# l:re
      setlocal filetype=unrecord
      return
    endif
  endfor
endfunction
