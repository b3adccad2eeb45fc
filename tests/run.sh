#!/usr/bin/env bash
# The project's test command: formatting, lints, the Rust tests, then the editor tests.
# RAPPORTEUR_SKIP_EDITORS=1 runs only the Rust part (no npm/apt/pip tools: SARIF and Akoma Ntoso validators, editors); RAPPORTEUR_SKIP_VSCODE=1 skips VS Code only.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked

if [ "${RAPPORTEUR_SKIP_EDITORS:-0}" != "1" ]; then
  echo "== tests/sarif-validate.sh"
  bash tests/sarif-validate.sh
  echo "== tests/akn-validate.sh"
  bash tests/akn-validate.sh
  echo "== tests/adoption-kit.sh"
  bash tests/adoption-kit.sh
  echo "== editors/nvim/test/run.sh"
  bash editors/nvim/test/run.sh
  if [ "${RAPPORTEUR_SKIP_VSCODE:-0}" = "1" ]; then
    echo "skipping editors/vscode/test/e2e.sh (RAPPORTEUR_SKIP_VSCODE=1)"
  else
    echo "== editors/vscode/test/e2e.sh"
    bash editors/vscode/test/e2e.sh
  fi
fi
echo "tests/run.sh: all passed"
