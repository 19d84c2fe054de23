import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { readJsonc } from './read-jsonc'

/** `compilerOptions.paths` of a tsconfig, with targets made absolute. */
export interface PathAliases {
  /** Pattern (`@app/*`) → absolute targets (`/repo/src/*`). */
  patterns: Array<{ prefix: string; suffix: string; wildcard: boolean; targets: string[] }>
}

interface CompilerOptionsPart {
  baseUrl?: string
  paths?: Record<string, string[]>
}

/** Reads `paths` (following relative `extends`) from a tsconfig; empty when there is none. */
export function readPathAliases(tsconfigPath: string | undefined): PathAliases {
  const aliases: PathAliases = { patterns: [] }
  if (!tsconfigPath || !existsSync(tsconfigPath)) return aliases
  let paths: Record<string, string[]> | undefined
  let pathsBase = dirname(tsconfigPath)
  let baseUrl: string | undefined
  const seen = new Set<string>()
  for (let current: string | undefined = tsconfigPath; current && !seen.has(current); ) {
    seen.add(current)
    const config = readJsonc(current) as
      | { extends?: string; compilerOptions?: CompilerOptionsPart }
      | undefined
    const options = config?.compilerOptions ?? {}
    if (!paths && options.paths) {
      paths = options.paths
      pathsBase = dirname(current)
    }
    if (baseUrl === undefined && options.baseUrl !== undefined)
      baseUrl = resolve(dirname(current), options.baseUrl)
    const parent =
      typeof config?.extends === 'string' && config.extends.startsWith('.') ? config.extends : undefined
    current = parent
      ? resolve(dirname(current), parent.endsWith('.json') ? parent : `${parent}.json`)
      : undefined
  }
  const base = baseUrl ?? pathsBase
  for (const [pattern, targets] of Object.entries(paths ?? {})) {
    const star = pattern.indexOf('*')
    aliases.patterns.push({
      prefix: star >= 0 ? pattern.slice(0, star) : pattern,
      suffix: star >= 0 ? pattern.slice(star + 1) : '',
      wildcard: star >= 0,
      targets: targets.map((target) => resolve(base, target)),
    })
  }
  aliases.patterns.sort((a, b) => b.prefix.length - a.prefix.length)
  return aliases
}

/** The candidate paths an aliased specifier maps to (no extension resolution yet). */
export function expandAlias(aliases: PathAliases, specifier: string): string[] {
  for (const pattern of aliases.patterns) {
    if (!pattern.wildcard) {
      if (specifier === pattern.prefix) return pattern.targets
      continue
    }
    if (specifier.startsWith(pattern.prefix) && specifier.endsWith(pattern.suffix)) {
      const middle = specifier.slice(pattern.prefix.length, specifier.length - pattern.suffix.length)
      return pattern.targets.map((target) => target.replace('*', middle))
    }
  }
  return []
}
