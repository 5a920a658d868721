#!/usr/bin/env bash
# The main job on the bundled corpus: set up, extract every document, score against its gold.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out="${1:-out/corpus}"
.venv/bin/ntm extract corpus/documents --out "$out"
.venv/bin/ntm eval --gold corpus/gold --pred "$out"
echo
echo "Outputs: $out/documents/*.json (one per document), errors in $out/errors.jsonl if any."
echo "Look at one: .venv/bin/ntm show $out/documents/<name>.json"
