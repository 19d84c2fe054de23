#!/usr/bin/env bash
# Packs the five packages as they were at one commit, into a folder, for
#   DBSAFE_CONSUMER_TARBALLS=<folder> pnpm vitest run --project consumer
# (to show what a consumer saw with an older build, or to test a commit while the working tree is mid-edit).
# Usage: bash test/consumer/pack-commit.sh <commit> <folder>
set -euo pipefail
commit="$1"
out="$(mkdir -p "$2" && cd "$2" && pwd)"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$repo/scripts/toolchain.sh"
src="$(mktemp -d "${TMPDIR:-/tmp}/dbsafe-pack-XXXXXX")"
trap 'rm -rf "$src"' EXIT
git -C "$repo" archive "$commit" | tar -x -C "$src"
cd "$src"
pnpm install --frozen-lockfile --reporter=silent
pnpm build >/dev/null
for package in core analyzer vitest-pool vitest-reporter cli; do
  (cd "packages/$package" && pnpm pack --pack-destination "$out" >/dev/null)
done
chmod 755 "$out"
ls "$out"
