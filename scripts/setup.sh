#!/usr/bin/env bash
# Set up everything ntm needs on a fresh Debian machine: system packages, a venv, the package.
#   scripts/setup.sh          the runtime (Tesseract with Vietnamese, .venv with ntm)
#   scripts/setup.sh test     plus what the tests need (fonts for rendering fixtures, extras test and corpus)
#   scripts/setup.sh bench    plus what `make bench` compares against (OCRmyPDF and its Ghostscript)
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"
PYTHON="${PYTHON:-python3}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "error: need root to run: $*" >&2; exit 1; fi; }

apt_packages=()
if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -qx vie; then
  apt_packages+=(tesseract-ocr tesseract-ocr-vie)
fi
if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
  apt_packages+=(python3-venv)
fi
if [ "$mode" = test ] || [ "$mode" = bench ]; then
  # Fonts to render fixtures, a PostgreSQL server for the database tests, Chromium for the report.
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || apt_packages+=(fonts-dejavu-core)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_packages+=(postgresql)
  command -v chromium >/dev/null || apt_packages+=(chromium)
fi
if [ "$mode" = bench ]; then
  command -v gs >/dev/null || apt_packages+=(ghostscript)
fi
if [ "${#apt_packages[@]}" -gt 0 ]; then
  echo "» installing system packages: ${apt_packages[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "» creating .venv"
  "$PYTHON" -m venv .venv
fi
extras=""
stamp=".venv/.ntm-installed"
if [ "$mode" = test ]; then extras="[test,corpus]"; stamp="$stamp-test"; fi
if [ "$mode" = bench ]; then extras="[test,corpus,bench]"; stamp="$stamp-bench"; fi
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "» installing ntm$extras into .venv"
  # (this machine's pip configuration may list extra package folders; their warnings are noise)
  quiet() { "$@" 2>&1 | { grep -v '^WARNING: Location' || true; }; }
  quiet .venv/bin/python -m pip install -q --upgrade pip
  quiet .venv/bin/python -m pip install -q -e ".$extras"
  echo "$want" > "$stamp"
fi
