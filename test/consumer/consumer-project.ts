import { cpSync, existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { readCatalog } from './catalog'
import { consumerEnv } from './consumer-env'
import { type InstallOptions, type Manifest, writeInstallConfig } from './install-config'
import type { Tarballs } from './pack-packages'
import type { PackageManager } from './package-managers'
import { type CommandResult, runCommand } from './run-command'
import { removeTempFolder, traversableTempFolder } from './temp-folder'

const INSTALL_TIMEOUT_MS = 10 * 60_000
const VITEST_TIMEOUT_MS = 5 * 60_000

/** A project in a fresh temp folder that uses dbsafe as its users get it: from the packed tarballs. */
export interface ConsumerProject {
  dir: string
  packageManager: PackageManager
  /** `npm install` / `pnpm install` / `yarn install` / `bun install`, then `extraArgs` (e.g. `--force`). */
  install(extraArgs?: string[]): Promise<CommandResult>
  /**
   * `node_modules/.bin/vitest run <args>` in the project, with a clean environment plus `env`; with
   * `viaPackageManager`, `pnpm exec vitest run <args>` (etc.), as a user's `pnpm test` runs it: the
   * package manager then tells dbsafe who it is (`npm_config_user_agent`).
   */
  vitest(
    args: string[],
    env?: Record<string, string>,
    options?: { viaPackageManager?: boolean },
  ): Promise<CommandResult>
  /** Deletes the temp folder (kept with DBSAFE_CONSUMER_KEEP=1). */
  remove(): void
}

/** Files of a template that are never copied: what an install or a run leaves. */
const NOT_COPIED = new Set([
  'node_modules',
  '.vitest',
  'dist',
  'pnpm-lock.yaml',
  'package-lock.json',
  'yarn.lock',
  'bun.lock',
])

/** `catalog:` becomes the repository's catalog range, `workspace:*` of a packed package its tarball. */
function resolveRanges(
  ranges: Record<string, string> | undefined,
  tarballs: Tarballs,
): Record<string, string> {
  const catalog = readCatalog()
  const resolved: Record<string, string> = {}
  for (const [name, range] of Object.entries(ranges ?? {})) {
    if (tarballs[name]) resolved[name] = `file:${tarballs[name]}`
    else if (range.startsWith('catalog:')) resolved[name] = catalog[name] ?? range
    else resolved[name] = range
  }
  return resolved
}

/**
 * Copies `template` (a folder; its package.json, if any, is the starting manifest) into a fresh temp
 * folder, points its @dbsafe/* dependencies at the tarballs and adds `devDependencies`; `install` says how
 * the package manager is configured beyond that (see {@link writeInstallConfig}).
 */
export function createConsumerProject(options: {
  template: string
  packageManager: PackageManager
  tarballs: Tarballs
  devDependencies?: Record<string, string>
  /** Names of files or folders of the template to leave out. */
  skip?: string[]
  install?: InstallOptions
}): ConsumerProject {
  const { template, packageManager, tarballs } = options
  const folder = traversableTempFolder(`dbsafe-consumer-${packageManager.name}-`)
  const dir = join(folder, basename(template))
  const skipped = new Set([...NOT_COPIED, ...(options.skip ?? [])])
  cpSync(template, dir, { recursive: true, filter: (source) => !skipped.has(basename(source)) })

  const templateManifest = join(template, 'package.json')
  const manifest: Manifest = existsSync(templateManifest)
    ? JSON.parse(readFileSync(templateManifest, 'utf8'))
    : { name: basename(template), private: true, type: 'module' }
  manifest.dependencies = resolveRanges(manifest.dependencies, tarballs)
  manifest.devDependencies = resolveRanges(
    { ...manifest.devDependencies, ...options.devDependencies },
    tarballs,
  )
  writeInstallConfig(dir, manifest, packageManager, tarballs, options.install)

  const run = (bin: string, args: string[], env: Record<string, string>, timeoutMs: number) =>
    runCommand(bin, args, { cwd: dir, env: consumerEnv(env), timeoutMs })
  return {
    dir,
    packageManager,
    install: (extraArgs = []) =>
      run(packageManager.bin, [...packageManager.installArgs, ...extraArgs], {}, INSTALL_TIMEOUT_MS),
    vitest: (args, env = {}, { viaPackageManager = false } = {}) =>
      viaPackageManager
        ? run(
            packageManager.bin,
            [...packageManager.execArgs, 'vitest', 'run', ...args],
            env,
            VITEST_TIMEOUT_MS,
          )
        : run(join(dir, 'node_modules', '.bin', 'vitest'), ['run', ...args], env, VITEST_TIMEOUT_MS),
    remove: () => removeTempFolder(folder),
  }
}
