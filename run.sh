#!/usr/bin/env bash
# One entry point for a fresh machine with Python 3.11:
#   bash run.sh app    set up .venv and start the Streamlit app
#   bash run.sh test   set up .venv (plus Chromium for the browser test) and run every test
#   bash run.sh bench  set up .venv and run the benchmarks
set -euo pipefail
cd "$(dirname "$0")"

python_bin() {
  for candidate in "${PYTHON:-}" python3.11 python3; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1; then
      echo "$candidate"
      return
    fi
  done
  echo "run.sh: Python 3.11 is needed (python3.11 not found)" >&2
  exit 1
}

say() { echo "run.sh: $*" >&2; }

venv() {
  if [ ! -x .venv/bin/python ]; then
    local python
    python=$(python_bin)
    say "creating the virtual environment .venv with $("$python" --version 2>&1)"
    "$python" -m venv .venv
  fi
  say "installing the pinned packages of $1 into .venv (the first time takes a minute or two)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$1"
}

browser() {
  # The browser test drives Debian's Chromium; CJK fonts make Chinese text render in it and in charts.
  local missing=()
  for package in chromium fonts-noto-cjk; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing Debian's ${missing[*]} for the real-browser tests (apt-get)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

case "${1:-}" in
  app)
    shift
    venv requirements.txt
    say "starting the app at http://localhost:8501 (Ctrl-C stops it)"
    exec .venv/bin/python -m streamlit run streamlit_app.py --browser.gatherUsageStats false "$@"
    ;;
  test)
    shift
    venv requirements-dev.txt
    browser
    say "ruff: lint"
    .venv/bin/ruff check .
    say "mypy: type check (files and settings in pyproject.toml)"
    .venv/bin/python -m mypy
    say "pytest: every test, the real-browser ones included"
    exec .venv/bin/python -m pytest "$@"
    ;;
  bench)
    shift
    venv requirements.txt
    say "running the benchmarks"
    exec .venv/bin/python -m advisor bench "$@"
    ;;
  *)
    echo "usage: bash run.sh app|test|bench" >&2
    exit 2
    ;;
esac
