#!/usr/bin/env bash
# `pnpm test` runs this first: the reporter's HTML test opens the report in a real headless Chromium.
# Does nothing when /usr/bin/chromium is there; otherwise installs Debian's chromium (needs root or sudo, and apt).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "pnpm test needs Chromium at /usr/bin/chromium for the reporter's HTML report test, and this machine has no apt-get to install it. Install Chromium there (or link it), then run pnpm test again." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "pnpm test: installing Debian's chromium for the HTML report test (once)" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version 2>/dev/null
