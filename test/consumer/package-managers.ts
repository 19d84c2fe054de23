import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { consumerEnv } from './consumer-env'
import { runCommand, tail } from './run-command'
import { TOOLCHAIN_CACHE } from './toolchain-cache'

/** A package manager that installs consumer projects. */
export interface PackageManager {
  name: 'npm' | 'pnpm'
  version: string
  /** Executable to run. */
  bin: string
  /** e.g. `pnpm 12.23.0`. */
  label: string
}

const ROOT_PACKAGE_JSON = new URL('../../package.json', import.meta.url)

async function output(bin: string, args: string[]): Promise<string> {
  const result = await runCommand(bin, args, { cwd: TOOLCHAIN_CACHE, env: consumerEnv(), timeoutMs: 120_000 })
  if (result.exitCode !== 0) throw new Error(`could not run ${bin}:\n${tail(result)}`)
  return result.output.trim()
}

/** npm as it comes with the Node that runs the tests. */
export async function npm(): Promise<PackageManager> {
  mkdirSync(TOOLCHAIN_CACHE, { recursive: true })
  const version = await output('npm', ['--version'])
  return { name: 'npm', version, bin: 'npm', label: `npm ${version}` }
}

/**
 * pnpm `version`, installed from the npm registry into the toolchain cache the way scripts/toolchain.sh
 * does (so the repository's own pnpm is found there already).
 */
async function pnpmVersion(version: string): Promise<PackageManager> {
  const prefix = join(TOOLCHAIN_CACHE, `pnpm-${version}`)
  const bin = join(prefix, 'node_modules', '.bin', 'pnpm')
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true })
    await output('npm', [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `pnpm@${version}`,
    ])
  }
  return { name: 'pnpm', version: await output(bin, ['--version']), bin, label: `pnpm ${version}` }
}

/** The pnpm the repository pins (`packageManager`), i.e. pnpm 10. */
export function pnpmPinned(): Promise<PackageManager> {
  const pinned = JSON.parse(readFileSync(ROOT_PACKAGE_JSON, 'utf8')).packageManager as string
  return pnpmVersion(pinned.split('@')[1] as string)
}

/** The newest pnpm on the registry (`pnpm@latest`), cached by its version. */
export async function pnpmLatest(): Promise<PackageManager> {
  mkdirSync(TOOLCHAIN_CACHE, { recursive: true })
  return pnpmVersion(await output('npm', ['view', 'pnpm@latest', 'version']))
}
