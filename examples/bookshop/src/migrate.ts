import { readdir, readFile } from 'node:fs/promises'
import type { ClientBase } from 'pg'

const MIGRATIONS_DIR = new URL('../migrations/', import.meta.url)

/** The migration files, in the order they are applied (by file name). */
export async function migrationFiles(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql')).sort()
}

export async function applyMigration(client: ClientBase, file: string): Promise<void> {
  await client.query(await readFile(new URL(file, MIGRATIONS_DIR), 'utf8'))
}

/** Brings an empty database (or schema, through `search_path`) to the current schema. */
export async function migrate(client: ClientBase): Promise<void> {
  for (const file of await migrationFiles()) await applyMigration(client, file)
}
