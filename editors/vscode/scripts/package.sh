#!/usr/bin/env bash
# Builds the extension's packages into editors/vscode/dist-vsix/ (gitignored), as rust-analyzer and
# ruff ship theirs:
#   rapporteur-<version>.vsix            universal: no server inside; finds `rapporteur` through
#                                        rapporteur.server.path or PATH, else says how to install it
#   rapporteur-linux-x64-<version>.vsix  `vsce package --target linux-x64` with a release server
#                                        for that target in server/rapporteur
# then checks both (test/package-contents.sh).
# Env: RAPPORTEUR_SERVER_BIN  the linux-x64 release binary to bundle (default: `cargo build
#                             --release --locked` at the repository root, in CARGO_TARGET_DIR
#                             or target/)
#      OUT_DIR                where the .vsix files go (default: editors/vscode/dist-vsix)
set -euo pipefail
EXT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$EXT/../.." && pwd)
OUT=${OUT_DIR:-$EXT/dist-vsix}
cd "$EXT"
VERSION=$(node -p 'require("./package.json").version')
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

if [ ! -d node_modules ] || ! cmp -s package-lock.json node_modules/.package-lock.json.copy 2>/dev/null; then
  echo "package.sh: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.package-lock.json.copy
fi

# --- the server for linux-x64 ---------------------------------------------------------------------
if [ -n "${RAPPORTEUR_SERVER_BIN:-}" ]; then
  BIN=$(readlink -f "$RAPPORTEUR_SERVER_BIN")
else
  echo "package.sh: cargo build --release"
  (cd "$ROOT" && cargo build --release --locked --quiet)
  BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/rapporteur
fi
[ -x "$BIN" ] || { echo "package.sh: no server binary at $BIN" >&2; exit 1; }
# ELF, 64-bit, little-endian, e_machine 0x3e (x86-64): the binary must be for the package's target.
python3 - "$BIN" <<'PY' || { echo "package.sh: $BIN is not a linux-x64 (ELF x86-64) executable" >&2; exit 1; }
import sys
h = open(sys.argv[1], "rb").read(20)
sys.exit(0 if h[:4] == b"\x7fELF" and h[4] == 2 and h[5] == 1 and h[18:20] == b"\x3e\x00" else 1)
PY

# --- universal: no server/ ---------------------------------------------------------------------
rm -rf server
trap 'rm -rf "$EXT/server"' EXIT
UNIVERSAL=$OUT/rapporteur-$VERSION.vsix
PLATFORM=$OUT/rapporteur-linux-x64-$VERSION.vsix
rm -f "$UNIVERSAL" "$PLATFORM"
echo "package.sh: vsce package (universal)"
npx --no-install vsce package --no-dependencies -o "$UNIVERSAL" >"$OUT/vsce-universal.log" 2>&1 \
  || { cat "$OUT/vsce-universal.log"; exit 1; }

# --- linux-x64: server/rapporteur, stripped -----------------------------------------------------
mkdir -p server
strip -o server/rapporteur "$BIN" 2>/dev/null || cp "$BIN" server/rapporteur
chmod 755 server/rapporteur
echo "package.sh: vsce package --target linux-x64 (server $(du -h server/rapporteur | cut -f1))"
npx --no-install vsce package --no-dependencies --target linux-x64 -o "$PLATFORM" >"$OUT/vsce-linux-x64.log" 2>&1 \
  || { cat "$OUT/vsce-linux-x64.log"; exit 1; }
rm -rf server

bash "$EXT/test/package-contents.sh" "$UNIVERSAL" "$PLATFORM"
echo "package.sh: $UNIVERSAL ($(du -h "$UNIVERSAL" | cut -f1))"
echo "package.sh: $PLATFORM ($(du -h "$PLATFORM" | cut -f1))"
