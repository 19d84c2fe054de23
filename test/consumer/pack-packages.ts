import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { consumerEnv } from './consumer-env'
import type { PackageManager } from './package-managers'
import { runCommand, tail } from './run-command'

const PACKAGES_DIR = fileURLToPath(new URL('../../packages', import.meta.url))

/** The five published packages, by folder under packages/. */
export const PACKAGE_FOLDERS = ['core', 'analyzer', 'vitest-pool', 'vitest-reporter', 'cli'] as const

/** Package name → absolute path of its tarball. */
export type Tarballs = Record<string, string>

/**
 * `pnpm pack` of every package into `destination`, as they would be published: `workspace:*` and
 * `catalog:` ranges become real versions in the packed package.json. Needs `pnpm build` first.
 */
export async function packPackages(pnpm: PackageManager, destination: string): Promise<Tarballs> {
  const tarballs: Tarballs = {}
  for (const folder of PACKAGE_FOLDERS) {
    const cwd = join(PACKAGES_DIR, folder)
    if (!existsSync(join(cwd, 'dist', 'index.js'))) {
      throw new Error(
        `packages/${folder}/dist/index.js is missing: run \`pnpm build\` before the consumer tests`,
      )
    }
    const name = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')).name as string
    const result = await runCommand(pnpm.bin, ['pack', '--pack-destination', destination, '--json'], {
      cwd,
      env: consumerEnv(),
      timeoutMs: 120_000,
    })
    if (result.exitCode !== 0) throw new Error(`pnpm pack failed for ${name}:\n${tail(result)}`)
    const packed = JSON.parse(result.output.slice(result.output.indexOf('{'))) as {
      filename: string
      files: { path: string }[]
    }
    if (!packed.files.some((file) => file.path === 'dist/index.js')) {
      throw new Error(`the tarball of ${name} has no dist/index.js (was a build running?)`)
    }
    tarballs[name] = packed.filename
  }
  return tarballs
}

/** The published name of each package folder: the CLI is `dbsafe`, the name users type (`npx dbsafe`). */
export const PACKAGE_NAMES: Readonly<Record<(typeof PACKAGE_FOLDERS)[number], string>> = {
  core: '@dbsafe/core',
  analyzer: '@dbsafe/analyzer',
  'vitest-pool': '@dbsafe/vitest-pool',
  'vitest-reporter': '@dbsafe/vitest-reporter',
  cli: 'dbsafe',
}

/** The file name `pnpm pack` gives a package's tarball, without the version: `@dbsafe/core` → `dbsafe-core-`. */
const tarballPrefix = (name: string) => `${name.replace(/^@/, '').replace('/', '-')}-`

/** The tarball of `name` in `entries` (`dbsafe-core-0.1.0.tgz`, `dbsafe-0.1.0.tgz`), by its name's prefix and a version. */
function tarballOf(entries: string[], name: string): string | undefined {
  const prefix = tarballPrefix(name)
  return entries.find(
    (entry) => entry.startsWith(prefix) && /^\d/.test(entry.slice(prefix.length)) && entry.endsWith('.tgz'),
  )
}

/**
 * Tarballs packed earlier into `folder` (`dbsafe-core-<version>.tgz`, `dbsafe-<version>.tgz`, as `pnpm pack`
 * names them): to run the consumer tests against another build, e.g. an older commit's. A commit from before
 * the CLI was renamed has `dbsafe-cli-<version>.tgz`, which then stands in for `dbsafe`.
 */
export function tarballsIn(folder: string): Tarballs {
  const entries = readdirSync(folder)
  const tarballs: Tarballs = {}
  for (const name of Object.values(PACKAGE_NAMES)) {
    const file =
      tarballOf(entries, name) ?? (name === PACKAGE_NAMES.cli ? tarballOf(entries, '@dbsafe/cli') : undefined)
    if (!file) throw new Error(`no ${tarballPrefix(name)}<version>.tgz in ${folder}`)
    tarballs[name] = join(folder, file)
  }
  return tarballs
}
