import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { clientPackageOf } from './client-packages'

/** The `name` field of the package.json in `dir`, if there is a readable one. */
function manifestName(dir: string): string | undefined {
  try {
    const name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name
    return typeof name === 'string' ? name : undefined
  } catch {
    return undefined
  }
}

/**
 * The client package that a relative specifier loads by its folder: a client library's own tests import the
 * package under test as `require('../')`, `import Pool from '..'` or `require('../index.js')`, and that is the
 * library (`pg-pool`), recognised by its package.json name like an import from node_modules. Undefined for
 * bare specifiers and for folders that are not a client package.
 */
export function packageUnderTest(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined
  const target = resolve(dirname(fromFile), specifier)
  const folder = /(^|\/)index(\.[cm]?[jt]s)?$/.test(specifier) ? dirname(target) : target
  const name = manifestName(folder)
  return name === undefined ? undefined : clientPackageOf(name)
}
