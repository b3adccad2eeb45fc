#!/usr/bin/env bash
# The adoption kit as a team uses it: the GitHub Action's steps run locally on a clean and a faulty
# folder, and the pre-commit hooks tried with `pre-commit try-repo` (pre-commit from PyPI, in a
# virtualenv under target/). Uses the release binary on PATH, as an installed rapporteur would be.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
cargo build --release --quiet
export PATH="$ROOT/target/release:$PATH"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fail() { echo "adoption-kit: $*"; exit 1; }

# --- action.yml --------------------------------------------------------------------------------
mkdir -p "$WORK/clean" "$WORK/faulty"
cp fixtures/00*.txt "$WORK/clean/"
cp fixtures/faults/*.txt "$WORK/faulty/"
python3 tests/adoption/run_action.py action.yml "$WORK/clean" paths=. sarif=clean.sarif > "$WORK/clean.log" 2>&1 \
  || { cat "$WORK/clean.log"; fail "the action fails on the clean seeds"; }
python3 -c "import json,sys; json.load(open(sys.argv[1]))['runs'][0]['results']" "$WORK/clean/clean.sarif" \
  || fail "the action's SARIF is not SARIF"
if python3 tests/adoption/run_action.py action.yml "$WORK/faulty" > "$WORK/faulty.log" 2>&1; then
  cat "$WORK/faulty.log"; fail "the action passes a folder with errors"
fi
grep -q '^::error file=.*title=misattributed-quote::' "$WORK/faulty.log" \
  || { cat "$WORK/faulty.log"; fail "no GitHub annotation for the misattributed quotation"; }
grep -q "run_action: \`Write SARIF\` skipped" "$WORK/faulty.log" || fail "SARIF written though not asked"
echo "adoption-kit: action.yml passes clean records, fails faulty ones with annotations"

# --- .pre-commit-hooks.yaml --------------------------------------------------------------------
VENV=target/pre-commit-venv
if [ ! -x "$VENV/bin/pre-commit" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "pre-commit==4.7.0"
fi
PRE_COMMIT="$ROOT/$VENV/bin/pre-commit"
"$PRE_COMMIT" validate-manifest .pre-commit-hooks.yaml
# The hooks' repository as pre-commit clones it: the manifest, committed.
mkdir "$WORK/hooks"
cp .pre-commit-hooks.yaml "$WORK/hooks/"
git -C "$WORK/hooks" init --quiet
git -C "$WORK/hooks" add .pre-commit-hooks.yaml
git -C "$WORK/hooks" -c user.name=t -c user.email=t@example.org commit --quiet -m hooks
export PRE_COMMIT_HOME="$WORK/pre-commit-home"
for case in clean faulty; do
  git -C "$WORK/$case" init --quiet
  git -C "$WORK/$case" add .
  status=0
  (cd "$WORK/$case" && "$PRE_COMMIT" try-repo "$WORK/hooks" rapporteur-system --all-files) > "$WORK/$case.hook.log" 2>&1 || status=$?
  case "$case:$status" in
    clean:0 | faulty:1) ;;
    *) cat "$WORK/$case.hook.log"; fail "pre-commit hook on $case records exited $status" ;;
  esac
done
grep -q "misattributed-quote" "$WORK/faulty.hook.log" || { cat "$WORK/faulty.hook.log"; fail "the hook does not show the findings"; }
echo "adoption-kit: pre-commit hook passes clean records, stops faulty ones"
