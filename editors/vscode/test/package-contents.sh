#!/usr/bin/env bash
# Checks the two packages scripts/package.sh builds (run by it, and by e2e.sh through it):
#   both:      extension/ LICENSE.txt (both licence texts), changelog.md (vsce lowercases it), images/icon.png (128x128
#              PNG), readme.md, package.json, dist/extension.js, the grammar; none of src/, test/,
#              scripts/, node_modules/, source maps
#   universal: no server/ and no TargetPlatform in its manifest
#   linux-x64: extension/server/rapporteur, executable (zip mode rwx), an ELF x86-64 binary that
#              answers --version; TargetPlatform="linux-x64" in its manifest
# Usage: test/package-contents.sh <universal.vsix> <linux-x64.vsix>
set -euo pipefail
UNIVERSAL=$1 PLATFORM=$2
EXT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$EXT/../.." && pwd)
command -v unzip >/dev/null && command -v zipinfo >/dev/null || { echo "FAIL: needs unzip and zipinfo (apt-get install unzip)"; exit 1; }
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
has() { grep -qxF "$2" <(unzip -Z1 "$1") && ok || bad "$(basename "$1") lacks $2"; }
hasnt() { ! grep -qE "$2" <(unzip -Z1 "$1") && ok || bad "$(basename "$1") has $(unzip -Z1 "$1" | grep -E "$2" | head -3 | tr '\n' ' ')"; }

for v in "$UNIVERSAL" "$PLATFORM"; do
  for f in extension/package.json extension/dist/extension.js extension/LICENSE.txt extension/changelog.md \
    extension/images/icon.png extension/readme.md extension/syntaxes/unrecord.tmLanguage.json \
    extension/language-configuration.json; do
    has "$v" "$f"
  done
  hasnt "$v" '^extension/(src|test|scripts|node_modules|dist-vsix)/|\.map$|\.vsix$'
  # The licence is both of the repository's texts.
  lic=$(unzip -p "$v" extension/LICENSE.txt)
  for l in LICENSE-MIT LICENSE-APACHE; do
    grep -qF "$(head -c 2000 "$ROOT/$l")" <<<"$lic" && ok || bad "$(basename "$v"): LICENSE.txt lacks the text of $l"
  done
  # The icon: a 128x128 PNG.
  unzip -p "$v" extension/images/icon.png | python3 -c '
import struct, sys
d = sys.stdin.buffer.read(24)
sys.exit(0 if d[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", d[16:24]) == (128, 128) else 1)' \
    && ok || bad "$(basename "$v"): images/icon.png is not a 128x128 PNG"
  # package.json: SPDX licence, repository, icon.
  unzip -p "$v" extension/package.json | node -e '
const p = JSON.parse(require("fs").readFileSync(0, "utf8"));
const ok = p.license === "MIT OR Apache-2.0" && p.icon === "images/icon.png" && /github\.com\/rapporteur-dev\/rapporteur/.test(p.repository?.url || "");
process.exit(ok ? 0 : 1);' && ok || bad "$(basename "$v"): package.json lacks license/icon/repository"
done

hasnt "$UNIVERSAL" '^extension/server/'
unzip -p "$UNIVERSAL" extension.vsixmanifest | grep -q 'TargetPlatform=' && bad "universal package has a TargetPlatform" || ok

has "$PLATFORM" extension/server/rapporteur
mode=$(zipinfo "$PLATFORM" extension/server/rapporteur | awk '{print $1}')
[[ $mode == -rwx* ]] && ok || bad "extension/server/rapporteur is not executable in the zip ($mode)"
unzip -p "$PLATFORM" extension.vsixmanifest | grep -q 'TargetPlatform="linux-x64"' && ok || bad "linux-x64 package's manifest lacks TargetPlatform=\"linux-x64\""
tmp=$(mktemp -d)
unzip -q "$PLATFORM" extension/server/rapporteur -d "$tmp"
python3 -c '
import sys
h = open(sys.argv[1], "rb").read(20)
sys.exit(0 if h[:4] == b"\x7fELF" and h[4] == 2 and h[18:20] == b"\x3e\x00" else 1)' "$tmp/extension/server/rapporteur" \
  && ok || bad "extension/server/rapporteur is not an ELF x86-64 binary"
chmod +x "$tmp/extension/server/rapporteur"
ver=$("$tmp/extension/server/rapporteur" --version 2>&1) && ok || bad "the bundled server does not run: $ver"
rm -rf "$tmp"

echo "package-contents: $pass passed, $fail failed ($(basename "$UNIVERSAL"), $(basename "$PLATFORM"): ${ver:-?})"
[ "$fail" -eq 0 ]
