#!/usr/bin/env bash
# Installs Debian's chromium when /usr/bin/chromium is missing; the reporter's HTML test opens the report in it.
# Usage: scripts/ensure-chromium.sh   (needs root or sudo; does nothing when chromium is already there)
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
