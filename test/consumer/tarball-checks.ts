import { spawnSync } from 'node:child_process'
import { posix } from 'node:path'

/** What a tarball holds: its paths (without `package/`) and a reader for one of its text files. */
export interface TarballContents {
  files: string[]
  read(path: string): string
}

/** Lists and reads a `.tgz` made by `pnpm pack` (every path under `package/`), with the system's tar. */
export function openTarball(tarball: string): TarballContents {
  const list = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
  if (list.status !== 0) throw new Error(`tar -tzf ${tarball} failed: ${list.stderr}`)
  const files = list.stdout
    .split('\n')
    .filter((line) => line.startsWith('package/') && !line.endsWith('/'))
    .map((line) => line.slice('package/'.length))
  return {
    files,
    read: (path) => {
      const result = spawnSync('tar', ['-xzOf', tarball, `package/${path}`], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      })
      if (result.status !== 0)
        throw new Error(`tar -xzOf ${tarball} package/${path} failed: ${result.stderr}`)
      return result.stdout
    },
  }
}

const REQUIRED_FIELDS = [
  'description',
  'keywords',
  'homepage',
  'bugs',
  'repository',
  'license',
  'engines',
] as const

/** Paths a manifest points at: `exports` targets, `bin` files, `sideEffects` entries, `main`/`types`. */
function pointedAt(manifest: Record<string, unknown>): string[] {
  const paths: string[] = []
  const walk = (value: unknown) => {
    if (typeof value === 'string') paths.push(value)
    else if (value && typeof value === 'object') for (const inner of Object.values(value)) walk(inner)
  }
  walk(manifest.exports)
  walk(manifest.bin)
  if (Array.isArray(manifest.sideEffects)) walk(manifest.sideEffects)
  walk(manifest.main)
  walk(manifest.types)
  return paths.map((path) => posix.normalize(path)).filter((path) => path !== 'package.json')
}

/**
 * What is wrong with a packed package as npm users get it, one line each (empty: nothing): LICENSE and
 * README present, the registry metadata, no `workspace:`/`catalog:` range left, every file the manifest
 * points at shipped, README links that work on npm (no `../` out of the package), and every source map's
 * sources either shipped or inlined.
 */
export function tarballProblems(contents: TarballContents): string[] {
  const problems: string[] = []
  const has = new Set(contents.files)
  const manifest = JSON.parse(contents.read('package.json')) as Record<string, unknown>
  for (const file of ['LICENSE', 'README.md']) if (!has.has(file)) problems.push(`no ${file}`)
  if (
    has.has('LICENSE') &&
    !/^MIT License[\s\S]*Copyright \(c\) 2026 the dbsafe authors/.test(contents.read('LICENSE'))
  )
    problems.push('LICENSE is not the MIT license of the dbsafe authors')
  for (const field of REQUIRED_FIELDS)
    if (manifest[field] === undefined) problems.push(`package.json has no "${field}"`)
  const repository = manifest.repository as { url?: string; directory?: string } | undefined
  if (repository && !repository.directory) problems.push('package.json "repository" has no "directory"')
  const ranges = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) =>
    Object.entries((manifest[field] ?? {}) as Record<string, string>),
  )
  for (const [name, range] of ranges)
    if (/^(workspace|catalog):/.test(range)) problems.push(`dependency ${name} is still "${range}"`)
  for (const path of pointedAt(manifest))
    if (!has.has(path)) problems.push(`package.json points at ${path}, not shipped`)
  if (has.has('README.md')) {
    const readme = contents.read('README.md')
    for (const link of readme.matchAll(/\]\((\.\.\/[^)]*)\)/g))
      problems.push(`README links to ${link[1]}, dead on npm`)
    for (const issue of readme.matchAll(/\bissue #\d+/gi))
      problems.push(`README mentions an internal "${issue[0]}"`)
  }
  for (const map of contents.files.filter((file) => file.endsWith('.map'))) {
    const parsed = JSON.parse(contents.read(map)) as { sources: string[]; sourcesContent?: (string | null)[] }
    parsed.sources.forEach((source, index) => {
      const shipped = has.has(posix.normalize(posix.join(posix.dirname(map), source)))
      if (!shipped && typeof parsed.sourcesContent?.[index] !== 'string')
        problems.push(`${map} points at ${source}, neither shipped nor inlined`)
    })
  }
  return problems
}
