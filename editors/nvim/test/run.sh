#!/usr/bin/env bash
# End-to-end test of the Neovim plugin against the real `rapporteur` server, in headless Neovim
# (Debian's, installed with apt when missing). Works on a COPY of fixtures/ in a temp workspace.
#   - filetype detection by the shared rule on editors/record-openings.json, a *.txt seed becomes
#     `unrecord`, and auto-start of the server
#   - records of the older layout and with site boilerplate: filetype and the outline's header
#   - outline (documentSymbol → quickfix on 0.7 / location list on 0.8+), `:cc N` to a named speaker
#     and the cursor lands on the line of his header (found by searching the file)
#   - hover on a country in his header mentions the country
#   - go to definition on "GA/12387" in "(See Press Release GA/12387.)" opens the record carrying it
#   - the faulty fixture gets a diagnostic with the expected code
#   - :RapporteurCheck fills the quickfix list, with the expected code on the faulty fixture
#   - setup{severity={[code]="warning"}} + :RapporteurRestart: the server now reports a warning
# Env: RAPPORTEUR_BIN (skip cargo build), NVIM (binary), KEEP_WS=1 (keep the temp workspace).
set -euo pipefail

# --- what is tested (change here when the fixtures change) ----------------------------------
SEED=${SEED:-001_c043cd201b0f12f7.txt}                      # record opened first
SPEAKER=${SPEAKER:-RÓBERT CHATRNÚCH}                        # speaker to jump to via the outline
COUNTRY=${COUNTRY:-Slovakia}                                # his country: hovered in his header
DEF_TEXT=${DEF_TEXT:-(See Press Release GA/12387.)}        # go to definition on its symbol ...
DEF_SYMBOL=${DEF_SYMBOL:-GA/12387}
DEF_TARGET=${DEF_TARGET:-000_ad5e1fdf5d9536eb.txt}          # ... must open this record
FAULT_FIXTURE=${FAULT_FIXTURE:-fixtures/faults/unknown-country.txt}   # relative to the repo root
FAULT_CODE=${FAULT_CODE:-unknown-country}
FAULT_TEXT=${FAULT_TEXT-Slovakai}                           # text on the diagnostic's line ('' = any line)
# records of other shapes opened for filetype + outline: file=what the outline's header must name
SHAPE_FILES=${SHAPE_FILES:-crafted/older_layout_1998_ga_9460.txt=1998-10-05,crafted/boilerplate_in_progress_ga_ef_3590.txt=GA/EF/3590}
# ---------------------------------------------------------------------------------------------

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PLUGIN=$(cd "$HERE/.." && pwd)
ROOT=$(cd "$PLUGIN/../.." && pwd)
START=$(date +%s)
log() { echo "[nvim-test +$(( $(date +%s) - START ))s] $*"; }

NVIM=${NVIM:-nvim}
if ! command -v "$NVIM" >/dev/null 2>&1; then
  log "installing Debian's neovim"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq neovim >/dev/null
  NVIM=nvim
fi
log "$("$NVIM" --version | head -1)"

if [ -n "${RAPPORTEUR_BIN:-}" ]; then
  case "$RAPPORTEUR_BIN" in
    */*) BIN=$(readlink -f "$RAPPORTEUR_BIN") ;;      # relative paths: the tests change directory
    *) BIN=$(command -v "$RAPPORTEUR_BIN" || echo "$RAPPORTEUR_BIN") ;;
  esac
else
  log "cargo build"
  (cd "$ROOT" && cargo build --quiet)
  BIN=$ROOT/target/debug/rapporteur
fi
[ -x "$BIN" ] || { echo "FAIL: no server binary at $BIN"; exit 1; }
log "server: $BIN"

[ -f "$ROOT/$FAULT_FIXTURE" ] || { echo "FAIL: faulty fixture $FAULT_FIXTURE missing"; exit 1; }
WS=$(mktemp -d /tmp/rapporteur-nvim-ws.XXXXXX)
HOMEDIR=$(mktemp -d /tmp/rapporteur-nvim-home.XXXXXX)
cleanup() {
  if [ -z "${KEEP_WS:-}" ]; then rm -rf "$WS" "$HOMEDIR"; else echo "workspace kept: $WS"; fi
}
trap cleanup EXIT
cp "$ROOT"/fixtures/*.txt "$WS"/
mkdir -p "$WS/crafted"
cp "$ROOT"/fixtures/crafted/*.txt "$WS/crafted/"
mkdir -p "$WS/faults"
cp "$ROOT/$FAULT_FIXTURE" "$WS/faults/"
FAULT_FILE=$WS/faults/$(basename "$FAULT_FIXTURE")

# Isolated Neovim: no user config, shada or swap; logs under $HOMEDIR.
export HOME=$HOMEDIR XDG_CONFIG_HOME=$HOMEDIR/config XDG_DATA_HOME=$HOMEDIR/data \
  XDG_STATE_HOME=$HOMEDIR/state XDG_CACHE_HOME=$HOMEDIR/cache
OPENINGS=$ROOT/editors/record-openings.json
export RAPPORTEUR_PLUGIN=$PLUGIN RAPPORTEUR_BIN=$BIN OPENINGS SHAPE_FILES WS SEED SPEAKER COUNTRY DEF_TEXT DEF_SYMBOL \
  DEF_TARGET FAULT_FILE FAULT_CODE FAULT_TEXT

# Own session/process group: whatever Neovim leaves behind (servers) is killed with it.
set +e
(cd "$WS" && exec setsid timeout 180 "$NVIM" --headless -i NONE -n -u "$HERE/init.lua" \
  -c "luafile $HERE/test.lua" "$WS/$SEED" </dev/null) &
NVPID=$!
wait $NVPID
rc=$?
kill -TERM -- "-$NVPID" 2>/dev/null
set -e
if [ $rc -ne 0 ]; then
  echo "--- nvim exited with $rc; LSP log:"
  tail -n 40 "$HOMEDIR"/cache/nvim/lsp.log "$HOMEDIR"/state/nvim/lsp.log 2>/dev/null || true
  echo "FAIL (nvim test, $(( $(date +%s) - START ))s)"
  exit 1
fi
log "PASS ($(( $(date +%s) - START ))s)"
