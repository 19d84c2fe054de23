import { readFileSync } from 'node:fs'

const WORKSPACE_YAML = new URL('../../pnpm-workspace.yaml', import.meta.url)

/** The repository's pnpm catalog (`catalog:` in pnpm-workspace.yaml): package name → version range. */
export function readCatalog(): Record<string, string> {
  const catalog: Record<string, string> = {}
  let inCatalog = false
  for (const line of readFileSync(WORKSPACE_YAML, 'utf8').split('\n')) {
    if (/^\S/.test(line)) inCatalog = line.trim() === 'catalog:'
    const entry = inCatalog ? /^\s+"?([^":]+)"?:\s*(\S+)\s*$/.exec(line) : null
    if (entry) catalog[entry[1] as string] = entry[2] as string
  }
  return catalog
}
