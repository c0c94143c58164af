#!/usr/bin/env bash
# Installs what the browser tests need from Debian: Chromium (driven by Playwright for Python,
# which never downloads a browser of its own here) and a font with full Vietnamese coverage.
# Idempotent: does nothing when Chromium is already there.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Cần quyền root để cài chromium (apt-get)." >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-core >/dev/null
