" UN meeting-coverage records (rapporteur): filetype `unrecord` for *.unrecord, for any file that
" opens like a record or ends with its footer (the rule shared with the server and VS Code, see
" lua/rapporteur/detect.lua), and for files matching the globs in g:rapporteur_file_patterns
" (e.g. let g:rapporteur_file_patterns = ['*/records/*.txt']).
" Overrides a filetype that came from the file name (e.g. `text` for *.txt).
autocmd BufRead,BufNewFile *.unrecord setfiletype unrecord
autocmd BufRead,BufNewFile * call s:RapporteurDetect()

function! s:RapporteurDetect() abort
  if &filetype ==# 'unrecord'
    return
  endif
  lua require('rapporteur.detect').detect(0)
  if &filetype ==# 'unrecord'
    return
  endif
  for l:pat in get(g:, 'rapporteur_file_patterns', [])
    let l:re = glob2regpat(l:pat)
    if expand('<afile>:p') =~# l:re || expand('<afile>:t') =~# l:re
      setlocal filetype=unrecord
      return
    endif
  endfor
endfunction
