import { readFile } from 'node:fs/promises'
import type { ClientBase, Pool } from 'pg'

/** Loads the demo data of `seed.sql` into a migrated, empty database. */
export async function seed(db: ClientBase | Pool): Promise<void> {
  await db.query(await readFile(new URL('../seed.sql', import.meta.url), 'utf8'))
}
