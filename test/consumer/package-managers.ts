import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { consumerEnv } from './consumer-env'
import { runCommand, tail } from './run-command'
import { TOOLCHAIN_CACHE } from './toolchain-cache'

/** A package manager that installs consumer projects. */
export interface PackageManager {
  name: 'npm' | 'pnpm' | 'yarn' | 'bun'
  version: string
  /** Executable to run. */
  bin: string
  /** e.g. `pnpm 12.23.0`. */
  label: string
  /** Arguments of a fresh install in a project without a lockfile. */
  installArgs: string[]
  /** Arguments before `vitest run …` to run the project's vitest through the package manager. */
  execArgs: string[]
}

/** The major version of a package manager (`12` for pnpm 12.23.0). */
export const majorOf = ({ version }: Pick<PackageManager, 'version'>) => Number(version.split('.')[0])

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
  return {
    name: 'npm',
    version,
    bin: 'npm',
    label: `npm ${version}`,
    installArgs: ['install', '--no-audit', '--no-fund', '--loglevel=error'],
    execArgs: ['exec', '--'],
  }
}

/**
 * The executable `bin` of the npm package `spec` (`pnpm@10.34.8`, `bun@latest`), installed from the npm
 * registry into the toolchain cache the way scripts/toolchain.sh installs pnpm (so the repository's own
 * pnpm is found there already), in a folder named after the package and its version.
 */
async function toolFromNpm(pkg: string, version: string, bin: string): Promise<string> {
  mkdirSync(TOOLCHAIN_CACHE, { recursive: true })
  const exact = /^\d/.test(version) ? version : await output('npm', ['view', `${pkg}@${version}`, 'version'])
  const prefix = join(TOOLCHAIN_CACHE, `${pkg.replace(/^@/, '').replace('/', '-')}-${exact}`)
  const path = join(prefix, 'node_modules', '.bin', bin)
  if (!existsSync(path)) {
    mkdirSync(prefix, { recursive: true })
    await output('npm', [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `${pkg}@${exact}`,
    ])
  }
  return path
}

async function pnpmVersion(version: string): Promise<PackageManager> {
  const bin = await toolFromNpm('pnpm', version, 'pnpm')
  const exact = await output(bin, ['--version'])
  return {
    name: 'pnpm',
    version: exact,
    bin,
    label: `pnpm ${exact}`,
    installArgs: ['install', '--no-frozen-lockfile'],
    execArgs: ['exec'],
  }
}

/** The pnpm the repository pins (`packageManager`), i.e. pnpm 10. */
export function pnpmPinned(): Promise<PackageManager> {
  const pinned = JSON.parse(readFileSync(ROOT_PACKAGE_JSON, 'utf8')).packageManager as string
  return pnpmVersion(pinned.split('@')[1] as string)
}

/** The newest pnpm on the registry (`pnpm@latest`), cached by its version. */
export function pnpmLatest(): Promise<PackageManager> {
  return pnpmVersion('latest')
}

async function yarnFrom(pkg: string): Promise<PackageManager> {
  const bin = await toolFromNpm(pkg, 'latest', 'yarn')
  const version = await output(bin, ['--version'])
  return {
    name: 'yarn',
    version,
    bin,
    label: `yarn ${version}`,
    installArgs: majorOf({ version }) >= 2 ? ['install'] : ['install', '--non-interactive'],
    execArgs: ['run'],
  }
}

/** Yarn 1 (classic), the `yarn` package on npm. */
export function yarnClassic(): Promise<PackageManager> {
  return yarnFrom('yarn')
}

/** The newest Yarn (Berry), from its npm distribution `@yarnpkg/cli-dist`. */
export function yarnBerry(): Promise<PackageManager> {
  return yarnFrom('@yarnpkg/cli-dist')
}

/** The newest bun: the `bun` package on npm, whose binary comes in an optional dependency per platform. */
export async function bun(): Promise<PackageManager> {
  const bin = await toolFromNpm('bun', 'latest', 'bun')
  const version = await output(bin, ['--version'])
  return { name: 'bun', version, bin, label: `bun ${version}`, installArgs: ['install'], execArgs: ['x'] }
}
