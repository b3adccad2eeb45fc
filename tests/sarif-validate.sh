#!/usr/bin/env bash
# Validates `rapporteur check --format sarif` with Microsoft's SARIF Multitool (from npm), which
# checks the SARIF 2.1.0 schema and its rules; any error or warning fails.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOL_DIR=target/sarif-tool
MT=$TOOL_DIR/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -x "$MT" ]; then
  mkdir -p "$TOOL_DIR"
  (cd "$TOOL_DIR" && npm install --no-audit --no-fund --silent @microsoft/sarif-multitool-linux@5.7.0 >/dev/null)
  chmod +x "$MT"
fi
cargo build --release --quiet
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# Relative paths (as CI passes them) and absolute ones (as editors pass them).
./target/release/rapporteur check fixtures --format sarif > "$OUT/relative.sarif" || true
./target/release/rapporteur check "$PWD/fixtures" --format sarif > "$OUT/absolute.sarif" || true
for f in relative absolute; do
  "$MT" validate "$OUT/$f.sarif" -o "$OUT/$f.validation.sarif" > "$OUT/$f.txt" 2>&1 || true
  if grep -qE '(error|warning) [A-Z]+[0-9]+' "$OUT/$f.txt" || ! grep -q "Analysis completed successfully" "$OUT/$f.txt"; then
    cat "$OUT/$f.txt"
    echo "sarif-validate: $f paths: FAILED"
    exit 1
  fi
  results=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['runs'][0]['results']))" "$OUT/$f.sarif")
  echo "sarif-validate: $f paths: valid ($results results)"
done
