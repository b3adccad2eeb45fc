#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real VS Code (code-server, pinned) driven by
# Debian's Chromium through puppeteer-core, against the real `rapporteur` server, offline.
#   1. npm ci; the grammar's tests (vscode-tmgrammar-test on test/grammar/*.unrecord-test, and
#      test/grammar/agree.js: the grammar agrees with the server's outline on every fixture);
#      scripts/package.sh → the universal .vsix and the linux-x64 one with the server inside,
#      their contents checked by test/package-contents.sh
#   2. apt: Chromium, ripgrep and code-server's build deps (only what is missing)
#   3. code-server@$CODE_SERVER_VERSION from npm into editors/.test/code-server (once; reused)
#   4. installs the .vsix into a fresh user-data/extensions dir, opens a COPY of fixtures/
#   5. test/e2e.js: language mode of a seed record, Outline lists speakers, clicking one moves the
#      cursor to his header line, hover on a country, Problems lists the faulty fixture's
#      diagnostic (live from the server), F12 on "GA/12387" opens the record carrying it,
#      Ctrl+click on the document link "(See Press Release GA/12387.)" opens it too, an inlay
#      hint after the Slovakia attribution names the statement it reports (gone while
#      rapporteur.inlayHints.statements is off in the Settings editor, as the lenses while
#      rapporteur.codeLens.enable is), a code lens above a
#      statement header ("N statements · M sessions") opens the references peek when clicked,
#      records of the older layout and with site boilerplate open as UN Record with their
#      outline, Problems lists the findings of a record never opened (workspace diagnostics, pulled
#      by the client) and "Rapporteur: Check Workspace" keeps them listed once,
#      "Restart Language Server" leaves one server; screenshots editors/.test/outline.png
#      and editors/.test/run/pp/{document-link,document-link-opened,inlay-hint,code-lens,
#      inlay-hint-off,code-lens-references,problems-unopened}.png; the extension's activation time (from its log)
#   6. the universal .vsix in a fresh code-server with no rapporteur on PATH (test/e2e-noserver.js):
#      the grammar colours a record, a notification gives the install command, Open Settings
#      shows rapporteur.server.path; screenshots in editors/.test/noserver/pp
# Everything downloaded or generated goes under editors/.test/ (gitignored); reruns reuse it.
# Env: RAPPORTEUR_BIN (skip cargo build; the binary is also the one bundled in the linux-x64
# package under test), CS_PORT, KEEP_RUNNING=1 (leave code-server up), ACTIVATE_MAX_MS.
set -euo pipefail

# --- what is tested (change here when the fixtures change) ----------------------------------
export SEED=${SEED:-001_c043cd201b0f12f7.txt}
export SPEAKER=${SPEAKER:-RÓBERT CHATRNÚCH}
export COUNTRY=${COUNTRY:-Slovakia}
export HOVER_EXPECT=${HOVER_EXPECT:-Slovakia|SVK}             # regex the hover must match
export FAULT_FIXTURE=${FAULT_FIXTURE:-fixtures/faults/attribution-mismatch.txt}   # relative to the repo root
export FAULT_CODE=${FAULT_CODE:-attribution-mismatch}
export DEF_TEXT=${DEF_TEXT:-(See Press Release GA/12387.)}  # F12 on DEF_SYMBOL in this text ...
export DEF_SYMBOL=${DEF_SYMBOL:-GA/12387}
export DEF_TARGET=${DEF_TARGET:-000_ad5e1fdf5d9536eb.txt}    # ... must open this record (so must Ctrl+click on its link)
export INLAY_CUE=${INLAY_CUE:-The representative of Slovakia said}   # a line of SEED with ...
export INLAY_EXPECT=${INLAY_EXPECT:-→ RÓBERT CHATRNÚCH, l. 92}         # ... this inlay hint
export LENS_EXPECT=${LENS_EXPECT:-'^[0-9]+ statements? · [0-9]+ sessions?$'}   # regex: the code lens above SPEAKER's header
export UNOPENED_FILE=${UNOPENED_FILE:-002_c8db3da65464a602.txt}  # never opened; Problems lists its ...
export UNOPENED_CODE=${UNOPENED_CODE:-noncanonical-instrument}   # ... finding of this code
# records of other shapes (relative to the workspace) that must open as UN Record with an outline
# naming the header and this speaker
export SHAPE_FILES=${SHAPE_FILES:-crafted/older_layout_1998_ga_9460.txt=SOMCHAI WONGSAKUL,crafted/boilerplate_in_progress_ga_ef_3590.txt=INGRID HOLM}
# the universal package's run: a record and tokens the grammar must colour (text=line prefix|...)
export GRAMMAR_FILE=${GRAMMAR_FILE:-000_ad5e1fdf5d9536eb.txt}
export GRAMMAR_TOKENS=${GRAMMAR_TOKENS:-Seventy-sixth Session=Seventy-sixth Session|GA/12387=GA/12387|ABDULLA SHAHID=ABDULLA SHAHID|Statements=Statements}
ACTIVATE_MAX_MS=${ACTIVATE_MAX_MS:-50}   # activate() itself, as the extension logs it
CODE_SERVER_VERSION=4.100.3
RIPGREP_CACHE=vscode-ripgrep-cache-1.15.11
RIPGREP_TARBALL=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
# ---------------------------------------------------------------------------------------------

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EXT=$(cd "$HERE/.." && pwd)
ROOT=$(cd "$EXT/../.." && pwd)
T=$ROOT/editors/.test
START=$(date +%s)
log() { echo "[vscode-e2e +$(( $(date +%s) - START ))s] $*"; }
mkdir -p "$T/tmp"
export DEBIAN_FRONTEND=noninteractive

# --- system packages (apt), only when missing ------------------------------------------------
APT_PKGS=(chromium ripgrep unzip libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential python3 curl procps fonts-dejavu-core)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
CHROMIUM=${CHROMIUM:-$(command -v chromium || true)}
[ -x "$CHROMIUM" ] || { echo "FAIL: chromium not found"; exit 1; }

# --- server binary -----------------------------------------------------------------------------
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

# --- extension: npm ci, typecheck, bundle, package with the server inside -----------------------
cd "$EXT"
if [ ! -d node_modules ] || ! cmp -s package-lock.json node_modules/.package-lock.json.copy 2>/dev/null; then
  log "npm ci (editors/vscode)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.package-lock.json.copy
fi
node test/firstline.js
log "grammar tests"
npx --no-install vscode-tmgrammar-test -c "test/grammar/*.unrecord-test"
node test/grammar/agree.js "$BIN" "$ROOT"/fixtures/*.txt "$ROOT"/fixtures/crafted/*.txt "$ROOT"/fixtures/faults/*.txt
VERSION=$(node -p 'require("./package.json").version')
log "scripts/package.sh: universal and linux-x64 packages (server: $BIN)"
RAPPORTEUR_SERVER_BIN=$BIN OUT_DIR=$T/vsix bash scripts/package.sh >"$T/package.log" 2>&1 \
  || { cat "$T/package.log"; echo "FAIL: scripts/package.sh"; exit 1; }
grep -E "^(package-contents|package.sh: /)" "$T/package.log"
VSIX=$T/vsix/rapporteur-linux-x64-$VERSION.vsix
UNIVERSAL_VSIX=$T/vsix/rapporteur-$VERSION.vsix

# --- code-server (npm, pinned; postinstall needs the workarounds below) -------------------------
CSDIR=$T/code-server
CS=$CSDIR/node_modules/.bin/code-server
# code-server writes its config under XDG dirs: keep them out of $HOME.
cs() { XDG_CONFIG_HOME=$T/xdg/config XDG_DATA_HOME=$T/xdg/data "$CS" "$@"; }
if [ ! -x "$CS" ] || ! cs --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "; then
  log "npm install code-server@$CODE_SERVER_VERSION"
  # @vscode/ripgrep downloads rg from GitHub in its postinstall: pre-seed its cache with Debian's rg.
  mkdir -p "$T/tmp/$RIPGREP_CACHE" "$T/tmp/rg"
  cp "$(command -v rg)" "$T/tmp/rg/rg"
  tar czf "$T/tmp/$RIPGREP_CACHE/$RIPGREP_TARBALL" -C "$T/tmp/rg" rg
  mkdir -p "$CSDIR"
  [ -f "$CSDIR/package.json" ] || echo '{"name":"rapporteur-e2e-code-server","private":true}' >"$CSDIR/package.json"
  (cd "$CSDIR" && TMPDIR=$T/tmp npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --loglevel=error --foreground-scripts "code-server@$CODE_SERVER_VERSION" \
    >"$T/code-server-install.log" 2>&1) || { tail -40 "$T/code-server-install.log"; echo "FAIL: code-server install"; exit 1; }
fi
log "code-server $(cs --version 2>/dev/null | tail -1)"

# --- fresh profile + workspace copy -----------------------------------------------------------
[ -f "$ROOT/$FAULT_FIXTURE" ] || { echo "FAIL: faulty fixture $FAULT_FIXTURE missing"; exit 1; }
RUN=$T/run
rm -rf "$RUN" && mkdir -p "$RUN/ud/User" "$RUN/ex" "$RUN/ws/faults" "$RUN/xdg/config" "$RUN/xdg/data" "$RUN/pp"
cp "$ROOT"/fixtures/*.txt "$RUN/ws/"
mkdir -p "$RUN/ws/crafted"
cp "$ROOT"/fixtures/crafted/*.txt "$RUN/ws/crafted/"
cp "$ROOT/$FAULT_FIXTURE" "$RUN/ws/faults/"
export FAULT_FILE=faults/$(basename "$FAULT_FIXTURE")
# Detection beyond the seeds: an ordinal session line in a file without extension (firstLine), and
# a *.log file under extra/ that only rapporteur.files.patterns makes a record.
mkdir -p "$RUN/ws/notes" "$RUN/ws/extra"
printf 'Eightieth Session,\n12th Meeting (AM)\n\nTitle\n\nNAELA GABR (Egypt) said the Assembly must act.\n' >"$RUN/ws/notes/eightieth-session"
printf 'Security Council\n9999th Meeting (AM)\n\nNAELA GABR (Egypt) said so.\n' >"$RUN/ws/extra/minutes.log"
export FIRSTLINE_FILE=notes/eightieth-session PATTERN_FILE=extra/minutes.log
cat >"$RUN/ud/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "outline.icons": true,
  "outline.collapseItems": "alwaysExpand",
  "breadcrumbs.enabled": true,
  "editor.minimap.enabled": false,
  "editor.wordWrap": "on",
  "editor.hover.delay": 300,
  "files.autoSave": "off",
  "git.enabled": false,
  "chat.disableAIFeatures": true,
  "rapporteur.trace.server": "messages",
  "rapporteur.files.patterns": ["**/extra/*.log"]
}
JSON
log "install $VSIX"
cs --user-data-dir "$RUN/ud" --extensions-dir "$RUN/ex" --install-extension "$VSIX" >"$RUN/install.log" 2>&1 \
  || { cat "$RUN/install.log"; echo "FAIL: --install-extension"; exit 1; }
ls "$RUN/ex" | grep -q "^rapporteur.rapporteur-" || { cat "$RUN/install.log"; echo "FAIL: extension not installed"; exit 1; }

# start_cs <run dir> [PATH]: code-server on a free port with <run>/ud, <run>/ex, <run>/ws; sets
# CSPID and PORT. setsid: code-server leaves children (file watcher, extension host, our server);
# stop_cs kills the group.
CSPID=
start_cs() {
  local run=$1 path=${2:-$PATH}
  PORT=${CS_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
  log "start code-server on 127.0.0.1:$PORT ($run)"
  PATH=$path XDG_CONFIG_HOME=$run/xdg/config XDG_DATA_HOME=$run/xdg/data TMPDIR=$T/tmp \
    setsid "$CS" --auth none --bind-addr "127.0.0.1:$PORT" --user-data-dir "$run/ud" --extensions-dir "$run/ex" \
    --disable-telemetry --disable-update-check --disable-workspace-trust \
    "$run/ws" >"$run/code-server.log" 2>&1 </dev/null &
  CSPID=$!
  for _ in $(seq 120); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    kill -0 "$CSPID" 2>/dev/null || { cat "$run/code-server.log"; echo "FAIL: code-server died"; exit 1; }
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$run/code-server.log"; echo "FAIL: code-server not up"; exit 1; }
}
stop_cs() {
  if [ -z "${KEEP_RUNNING:-}" ] && [ -n "$CSPID" ] && kill -0 "$CSPID" 2>/dev/null; then
    kill -TERM -- "-$CSPID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 -- "-$CSPID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$CSPID" 2>/dev/null || true
  fi
}
trap stop_cs EXIT
start_cs "$RUN"

log "puppeteer (test/e2e.js)"
set +e
CS_URL="http://127.0.0.1:$PORT/?folder=$RUN/ws" OUT_DIR=$RUN/pp SHOT=$T/outline.png CHROMIUM=$CHROMIUM \
  timeout 600 node "$HERE/e2e.js"
rc=$?
set -e
# After "Restart Language Server" no server may be left behind: at most the one the restart
# started (none once the closed page has made the extension host send shutdown and exit, which
# the server honours).
if [ $rc -eq 0 ]; then
  sleep 1
  n=$(pgrep -g "$CSPID" -f "server/rapporteur serve" | wc -l || true)
  if [ "$n" -gt 1 ]; then
    echo "FAIL: $n rapporteur servers running after the restart (expected at most 1):"
    pgrep -a -g "$CSPID" -f "rapporteur serve" || true
    rc=1
  else
    log "$n server process(es) left after the restart (none leaked)"
  fi
fi
if [ $rc -ne 0 ]; then
  echo "--- code-server log (tail):"; tail -n 30 "$RUN/code-server.log"
  find "$RUN/ud/logs" -name "*apporteur*.log" 2>/dev/null | while read -r f; do
    echo "--- $f (tail)"; tail -n 40 "$f" | cut -c1-400
  done
  echo "screenshots: $RUN/pp"
  echo "FAIL (vscode e2e, $(( $(date +%s) - START ))s)"
  exit 1
fi
# Activation cost: activate() as the extension measures and logs it (Output → Rapporteur Language
# Server), including the bundle's evaluation before it.
act=$(find "$RUN/ud/logs" -name "*Rapporteur Language Server.log" -exec grep -ho "activated in [0-9.]* ms (bundle evaluated in [0-9.]* ms, [0-9.]* ms before VS Code called activate)" {} + 2>/dev/null | head -1)
[ -n "$act" ] || { echo "FAIL: no 'activated in ... ms' in the extension's log"; exit 1; }
act_ms=$(sed -E 's/activated in ([0-9.]+) ms.*/\1/' <<<"$act")
log "activation: $act"
python3 -c "import sys; sys.exit(0 if float('$act_ms') <= $ACTIVATE_MAX_MS else 1)" \
  || { echo "FAIL: activate() took $act_ms ms (> ACTIVATE_MAX_MS=$ACTIVATE_MAX_MS)"; exit 1; }
stop_cs

# --- the universal package, no server anywhere ---------------------------------------------------
NS=$T/noserver
rm -rf "$NS" && mkdir -p "$NS/ud/User" "$NS/ex" "$NS/ws" "$NS/xdg/config" "$NS/xdg/data" "$NS/pp"
cp "$ROOT/fixtures/$GRAMMAR_FILE" "$NS/ws/"
cp "$RUN/ud/User/settings.json" "$NS/ud/User/settings.json"
log "install $UNIVERSAL_VSIX"
cs --user-data-dir "$NS/ud" --extensions-dir "$NS/ex" --install-extension "$UNIVERSAL_VSIX" >"$NS/install.log" 2>&1 \
  || { cat "$NS/install.log"; echo "FAIL: --install-extension (universal)"; exit 1; }
[ ! -e "$(ls -d "$NS"/ex/rapporteur.rapporteur-*)/server" ] || { echo "FAIL: the universal package installed a server/"; exit 1; }
# PATH without any directory holding a `rapporteur`.
NOPATH=$(tr ':' '\n' <<<"$PATH" | while read -r d; do [ -n "$d" ] && [ ! -e "$d/rapporteur" ] && printf '%s:' "$d"; done)
NOPATH=${NOPATH%:}
start_cs "$NS" "$NOPATH"
log "puppeteer (test/e2e-noserver.js)"
set +e
CS_URL="http://127.0.0.1:$PORT/?folder=$NS/ws" OUT_DIR=$NS/pp CHROMIUM=$CHROMIUM \
  INSTALL_COMMAND="cargo install --locked --git https://github.com/rapporteur-dev/rapporteur" \
  timeout 300 node "$HERE/e2e-noserver.js"
rc=$?
set -e
stop_cs
if [ $rc -ne 0 ]; then
  echo "--- code-server log (tail):"; tail -n 30 "$NS/code-server.log"
  echo "screenshots: $NS/pp"
  echo "FAIL (vscode e2e, universal package without a server, $(( $(date +%s) - START ))s)"
  exit 1
fi
log "PASS ($(( $(date +%s) - START ))s); screenshots: $T/outline.png, $NS/pp/grammar.png, $NS/pp/server-not-found.png"
