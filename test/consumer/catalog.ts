import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const WORKSPACE_YAML = new URL('../../pnpm-workspace.yaml', import.meta.url)
const ROOT_PACKAGE_JSON = new URL('../../package.json', import.meta.url)

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

/** What a user adds to a project that uses pg: dbsafe's three packages (from the tarballs), Vitest and pg. */
export function dbsafeDevDependencies(): Record<string, string> {
  const catalog = readCatalog()
  return {
    '@dbsafe/vitest-pool': 'workspace:*',
    '@dbsafe/vitest-reporter': 'workspace:*',
    dbsafe: 'workspace:*',
    vitest: catalog.vitest as string,
    pg: catalog.pg as string,
  }
}

/**
 * `^<version>` of the Vite the repository's Vitest runs on: for consumers whose package manager does not
 * install peer dependencies (yarn), which must list Vite themselves, as Vitest's docs tell them.
 */
export function viteRange(): string {
  const vitest = createRequire(ROOT_PACKAGE_JSON).resolve('vitest/package.json')
  return `^${(createRequire(vitest)('vite/package.json') as { version: string }).version}`
}
