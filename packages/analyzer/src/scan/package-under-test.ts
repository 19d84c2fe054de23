import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { clientPackageOf } from './client-packages'

interface Manifest {
  name?: unknown
  main?: unknown
  module?: unknown
  exports?: unknown
  files?: unknown
}

/** The package.json in `dir`, if there is a readable one. */
function manifestIn(dir: string): Manifest | undefined {
  const file = join(dir, 'package.json')
  if (!existsSync(file)) return undefined
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8'))
    return parsed && typeof parsed === 'object' ? parsed : undefined
  } catch {
    return undefined
  }
}

/** The nearest folder at or above `dir` that holds a package.json. */
function packageFolder(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (manifestIn(current)) return current
    if (dirname(current) === current) return undefined
  }
}

/** The relative paths a manifest publishes: its `files` entries, its `main`/`module` entry and its `exports` targets. */
function publishedPaths(manifest: Manifest): string[] {
  const paths: string[] = []
  const collect = (value: unknown) => {
    if (typeof value === 'string') paths.push(value)
    else if (Array.isArray(value)) for (const inner of value) collect(inner)
    else if (value && typeof value === 'object') for (const inner of Object.values(value)) collect(inner)
  }
  collect(manifest.files)
  collect(manifest.main)
  collect(manifest.module)
  collect(manifest.exports)
  return paths
    .filter((path) => !path.startsWith('!'))
    .map((path) =>
      path
        .replace(/^\.\//, '')
        .replace(/[*?[{].*$/, '')
        .replace(/\/+$/, ''),
    )
    .filter((path) => path !== '' && path !== '.')
}

/**
 * Test code by the usual conventions (`test/`, `__tests__/`, `*.test.ts`, `*.spec.js`, a `helpers.test/` folder),
 * even where a package publishes its whole `src`: the project's own helpers, followed like any project module.
 */
const TEST_SEGMENT = /^(__)?(tests?|specs?|mocks?|fixtures?)(__)?([-_.].*)?$|\.(test|spec)s?(\.|$)/

/** Whether `target` (relative to its package folder, `/`-separated) is one of the published paths or inside one. */
function isPublished(target: string, published: readonly string[]): boolean {
  if (target.split('/').some((segment) => TEST_SEGMENT.test(segment))) return false
  const stem = target.replace(/\.[cm]?[jt]s$/, '')
  return published.some((path) => {
    const pathStem = path.replace(/(\.d)?\.[cm]?[jt]s$/, '')
    return (
      target === path || stem === pathStem || target.startsWith(`${path}/`) || stem.startsWith(`${path}/`)
    )
  })
}

/**
 * The client package that a relative specifier loads from its own source: a client library's own tests import the
 * package under test by its folder (`require('../')`, `import Pool from '..'`, `require('../index.js')`) or by a
 * file its package.json publishes (`require('../lib/index')`, `require('../../lib')` when `files` lists `lib` or
 * `main` is `lib/index.js`). That is the library, recognised by the name in the nearest package.json like an
 * import from node_modules, whether or not its source is present. Undefined for bare specifiers, for packages
 * that are not a client library, and for the package's own unpublished files (its test helpers).
 */
export function packageUnderTest(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined
  const target = resolve(dirname(fromFile), specifier)
  const folder = /(^|\/)index(\.[cm]?[jt]s)?$/.test(specifier) ? dirname(target) : target
  const own = manifestIn(folder)
  if (own) return typeof own.name === 'string' ? clientPackageOf(own.name) : undefined
  const pkg = packageFolder(dirname(target))
  const manifest = pkg === undefined ? undefined : manifestIn(pkg)
  if (pkg === undefined || typeof manifest?.name !== 'string') return undefined
  const library = clientPackageOf(manifest.name)
  if (library === undefined) return undefined
  const inside = relative(pkg, target).split(sep).join('/')
  return isPublished(inside, publishedPaths(manifest)) ? library : undefined
}
