import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach } from 'vitest'
import { dropPrefixedDatabases, prefixedDatabases } from '../../../../../test/utils/prefixed-databases'
import { createProvisioner, type RunProvisioner } from '../../../src/provision/create-provisioner'
import type { ProvisionerOptions } from '../../../src/provision/provisioner-options'

/** A database prefix no other test or engineer uses: every database a test's provisioners create starts with it. */
export function uniquePrefix(): string {
  return `dbsafe_p${randomBytes(4).toString('hex')}`
}

/** A temporary project root with the given files (path → content); removed after the test. */
export async function projectWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'dbsafe-project-'))
  await writeFiles(root, files)
  cleanups.push(() => rm(root, { recursive: true, force: true }))
  return root
}

/** A project of one `books` table, with a seed of two books. */
export const BOOKS_PROJECT: Record<string, string> = {
  'migrations/001_books.sql': 'CREATE TABLE books (id serial PRIMARY KEY, title text NOT NULL);',
  'seed.sql': "INSERT INTO books (title) VALUES ('Dune'), ('Emma');",
}

/**
 * Provisioner options for a new project of `files` (see {@link projectWith}) on `url`, under a prefix no one else
 * uses, migrated from its `migrations` folder; `more` adds to them or overrides them.
 */
export async function projectOptions(
  url: string,
  files: Record<string, string>,
  more: Partial<ProvisionerOptions> = {},
): Promise<ProvisionerOptions & { databasePrefix: string }> {
  const root = await projectWith(files)
  return {
    root,
    url,
    migrations: 'migrations',
    ...more,
    databasePrefix: more.databasePrefix ?? uniquePrefix(),
  }
}

/** Writes (or overwrites) files under root. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), content)
  }
}

/**
 * A provisioner that is closed after the test (and whose databases, template included, are dropped then).
 * Tests default to WAL_LOG and no warm pool, so only the tests about calibration and warm leases pay for them.
 */
export async function provisionerFor(
  options: ProvisionerOptions,
  /** Where to clean up when `options.url` goes through a proxy that the test cuts. Default: `options.url`. */
  cleanupUrl = options.url,
): Promise<RunProvisioner> {
  const provisioner = await createProvisioner({
    onLog: () => {},
    warmDatabases: 0,
    cloneStrategy: 'WAL_LOG',
    ...options,
  })
  cleanups.push(async () => {
    await provisioner.close()
    if (cleanupUrl && options.databasePrefix) await dropPrefixed(cleanupUrl, options.databasePrefix)
  })
  return provisioner
}

/** A provisioner (closed after the test) for a new project of `files`, with the options it got: see {@link projectOptions}. */
export async function projectProvisioner(
  url: string,
  files: Record<string, string>,
  more: Partial<ProvisionerOptions> = {},
): Promise<{
  provisioner: RunProvisioner
  databasePrefix: string
  options: ProvisionerOptions & { databasePrefix: string }
}> {
  const options = await projectOptions(url, files, more)
  return { provisioner: await provisionerFor(options), databasePrefix: options.databasePrefix, options }
}

/** Names of the databases on the server that start with `prefix_`. */
export async function databasesWithPrefix(adminUrl: string, prefix: string): Promise<string[]> {
  return (await prefixedDatabases(adminUrl, prefix)).map((database) => database.name)
}

/** Drops every database of a test's own unique prefix (templates and spares included). */
async function dropPrefixed(adminUrl: string, prefix: string): Promise<void> {
  if (!prefix.startsWith('dbsafe_p'))
    throw new Error(`refusing to clean up a prefix this test did not make: ${prefix}`)
  await dropPrefixedDatabases(adminUrl, prefix)
}

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
