#!/usr/bin/env bash
# The main job on the bundled corpus: set up, extract every document, score against its gold.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out="${1:-out/corpus}"
.venv/bin/ntm extract corpus/documents --out "$out"
.venv/bin/ntm report "$out"
.venv/bin/ntm eval --gold corpus/gold --pred "$out"
cat <<EOF

Outputs in $out/:
  documents/*.json      one extraction per document (see: .venv/bin/ntm show $out/documents/<name>.json)
  tables/*.csv|parquet  comparison tables; ntm.xlsx has one sheet per table
  ntm.sqlite            the tracking database
  report.html           the comparison report (open it in a browser)
  errors.jsonl          files that could not be read, if any
EOF
