// The workspace's packages as a user gets them: `pnpm pack` of each built package into a folder named after
// their content, so a project that installed one build can tell it from the next.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGES_DIR = fileURLToPath(new URL('../../../', import.meta.url))

/** Package folder under packages/ → published name (the CLI is `dbsafe`). */
const PACKAGES = {
  core: '@dbsafe/core',
  analyzer: '@dbsafe/analyzer',
  'vitest-pool': '@dbsafe/vitest-pool',
  'vitest-reporter': '@dbsafe/vitest-reporter',
  cli: 'dbsafe',
} as const

/** The packed packages: name → tarball path, and a hash of their content. */
export interface PackedPackages {
  tarballs: Record<string, string>
  hash: string
}

/**
 * Packs every package (each needs its dist: `pnpm bench` builds first) into `<cacheDir>/packed-<hash>/`, where
 * `<hash>` is that of the tarballs' content. `pnpm pack` turns `workspace:*` and `catalog:` into real ranges.
 */
export function packPackages(cacheDir: string): PackedPackages {
  const staging = join(cacheDir, `packing-${process.pid}`)
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  for (const folder of Object.keys(PACKAGES)) {
    const cwd = join(PACKAGES_DIR, folder)
    if (!existsSync(join(cwd, 'dist', 'index.js'))) {
      throw new Error(`packages/${folder}/dist/index.js is missing: run \`pnpm build\` first`)
    }
    execFileSync('pnpm', ['pack', '--pack-destination', staging], { cwd, stdio: 'ignore' })
  }
  const files = readdirSync(staging).sort()
  const hash = createHash('sha256')
  for (const file of files) hash.update(file).update(readFileSync(join(staging, file)))
  const digest = hash.digest('hex').slice(0, 12)
  const folder = join(cacheDir, `packed-${digest}`)
  if (existsSync(folder)) rmSync(staging, { recursive: true, force: true })
  else renameSync(staging, folder)
  const tarballs: Record<string, string> = {}
  for (const name of Object.values(PACKAGES)) {
    const prefix = `${name.replace(/^@/, '').replace('/', '-')}-`
    const file = files.find((entry) => entry.startsWith(prefix) && /^\d/.test(entry.slice(prefix.length)))
    if (!file) throw new Error(`pnpm pack left no ${prefix}<version>.tgz`)
    tarballs[name] = join(folder, file)
  }
  return { tarballs, hash: digest }
}

/**
 * What npm needs to install `devDependencies` from the tarballs, as a user does it: the direct ones as
 * `file:` ranges, and `overrides` so every @dbsafe/* package anywhere in the tree comes from its tarball
 * (`$name` for a direct dependency, as npm requires).
 */
export function npmManifestChanges(
  packed: PackedPackages,
  direct: readonly string[],
): { devDependencies: Record<string, string>; overrides: Record<string, string> } {
  const devDependencies: Record<string, string> = {}
  const overrides: Record<string, string> = {}
  for (const [name, tarball] of Object.entries(packed.tarballs)) {
    if (direct.includes(name)) {
      devDependencies[name] = `file:${tarball}`
      overrides[name] = `$${name}`
    } else overrides[name] = `file:${tarball}`
  }
  return { devDependencies, overrides }
}
