#!/usr/bin/env bash
# Installs from Debian what the tests and audits need beyond Python: Chromium (driven by
# Playwright for Python, which never downloads a browser of its own here), a font with full
# Vietnamese coverage, and Node.js with npm (for the pinned axe-core and Lighthouse in
# tools/audit). Idempotent: installs only what is missing.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-noto-core)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "Cần quyền root để cài ${missing[*]} (apt-get)." >&2
    exit 1
  }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
