import { statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { clientPackageOf } from '../scan/client-packages'
import { packageUnderTest } from '../scan/package-under-test'
import { expandAlias, type PathAliases } from './tsconfig-paths'
import type { WorkspacePackage } from './workspace-packages'

/** Where an import specifier leads. */
export type Resolution =
  | { type: 'module'; path: string }
  | { type: 'package'; name: string }
  | { type: 'asset' }
  | { type: 'unresolved' }

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']
const CODE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/
const BUILTINS = new Set(builtinModules)

/** The package name of a bare specifier (`@scope/name/sub` → `@scope/name`). */
export function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier)
}

/** Resolves specifiers like a bundler: relative files, tsconfig `paths`, workspace packages; others are packages. */
export class ModuleResolver {
  readonly #aliases: PathAliases
  readonly #workspace: Map<string, WorkspacePackage>
  readonly #files = new Map<string, boolean>()
  readonly #resolved = new Map<string, Resolution>()

  constructor(aliases: PathAliases, workspace: Map<string, WorkspacePackage>) {
    this.#aliases = aliases
    this.#workspace = workspace
  }

  #isFile(path: string): boolean {
    let known = this.#files.get(path)
    if (known === undefined) {
      try {
        known = statSync(path).isFile()
      } catch {
        known = false
      }
      this.#files.set(path, known)
    }
    return known
  }

  /** The source file for a path without or with an extension (`./db`, `./db.js` → `./db.ts`, `./db/index.ts`). */
  #file(base: string): string | undefined {
    if (CODE.test(base)) {
      if (this.#isFile(base)) return base
      const stem = base.replace(/\.(m|c)?jsx?$/, '')
      for (const extension of EXTENSIONS) if (this.#isFile(stem + extension)) return stem + extension
      return undefined
    }
    if (this.#isFile(base)) return base
    for (const extension of EXTENSIONS) if (this.#isFile(base + extension)) return base + extension
    for (const extension of EXTENSIONS) {
      const index = join(base, `index${extension}`)
      if (this.#isFile(index)) return index
    }
    return undefined
  }

  #workspaceEntry(pkg: WorkspacePackage, subpath: string): string | undefined {
    const candidates: string[] = []
    const exportsField = pkg.manifest.exports
    const key = subpath ? `./${subpath}` : '.'
    const target =
      typeof exportsField === 'string' && !subpath
        ? exportsField
        : exportsField && typeof exportsField === 'object'
          ? (exportsField as Record<string, unknown>)[key]
          : undefined
    const collect = (value: unknown) => {
      if (typeof value === 'string') candidates.push(value)
      else if (value && typeof value === 'object') for (const inner of Object.values(value)) collect(inner)
    }
    collect(target)
    if (!subpath) {
      for (const field of [pkg.manifest.source, pkg.manifest.module, pkg.manifest.main, pkg.manifest.types]) {
        if (field) candidates.push(field)
      }
      candidates.push('src/index.ts', 'index.ts')
    } else {
      candidates.push(`src/${subpath}`, subpath)
    }
    for (const candidate of candidates) {
      const absolute = resolve(pkg.dir, candidate)
      const direct = candidate.endsWith('.d.ts') ? undefined : this.#file(absolute)
      if (direct) return direct
      const asSource = resolve(
        pkg.dir,
        candidate.replace(/^\.?\/?(dist|lib|build)\//, 'src/').replace(/\.d\.ts$/, '.ts'),
      )
      const fromSource = this.#file(asSource)
      if (fromSource) return fromSource
    }
    return undefined
  }

  /** Where `specifier`, imported from `fromFile`, leads (memoised per folder and specifier). */
  resolve(specifier: string, fromFile: string): Resolution {
    const key = specifier.startsWith('.') ? `${dirname(fromFile)}\0${specifier}` : specifier
    let resolution = this.#resolved.get(key)
    if (!resolution) {
      resolution = this.#resolveUncached(specifier, fromFile)
      this.#resolved.set(key, resolution)
    }
    return resolution
  }

  #resolveUncached(specifier: string, fromFile: string): Resolution {
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      // `require('../')` in a client library's own tests: the library, recognised by name and not followed.
      const library = packageUnderTest(fromFile, specifier)
      if (library) return { type: 'package', name: library }
      const path = this.#file(resolve(dirname(fromFile), specifier))
      if (!path) return { type: 'unresolved' }
      // JSON, styles, SQL, Vue/Svelte components…: loaded by plugins, not TypeScript the analyzer can read.
      return CODE.test(path) ? { type: 'module', path } : { type: 'asset' }
    }
    if (specifier.startsWith('node:') || BUILTINS.has(specifier)) return { type: 'package', name: specifier }
    for (const candidate of expandAlias(this.#aliases, specifier)) {
      const path = this.#file(candidate)
      if (path) return CODE.test(path) ? { type: 'module', path } : { type: 'asset' }
    }
    const name = packageName(specifier)
    const pkg = this.#workspace.get(name)
    // A client library developed in the same workspace (drizzle-orm's own integration tests) is recognised by
    // name, as from node_modules: its internals for every dialect are not the test's evidence.
    if (pkg && clientPackageOf(name) === undefined) {
      // `require('@acme/lib/package.json')`: an asset of the package, like a relative JSON import.
      const path = this.#workspaceEntry(pkg, specifier.slice(name.length + 1))
      if (path) return CODE.test(path) ? { type: 'module', path } : { type: 'asset' }
    }
    return { type: 'package', name: specifier }
  }
}
