// A generated suite of N test files written the way a team writes them for one shared database run serially:
// files that only compute, files that read the seed, files that write rows of their own (unique names), files that
// reset the tables in their hooks and count rows, files that change the schema, and a few that act on the whole
// server (a role, terminating the database's other sessions). Deterministic: file i is always the same.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const MIGRATION = `CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL UNIQUE, qty int NOT NULL DEFAULT 0);
CREATE TABLE events (id serial PRIMARY KEY, item_id int REFERENCES items(id), kind text NOT NULL);
`
const SEED = `INSERT INTO items (name, qty) SELECT 'seed-' || g, g FROM generate_series(1, 200) AS g;
INSERT INTO events (item_id, kind) SELECT g, 'created' FROM generate_series(1, 200) AS g;
`

const DB = `import pg from 'pg'

/** The application's pool, on DATABASE_URL as it is when the file loads. */
export const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3 })

/** Puts the tables back to the seed (committed: the way a serial suite cleans up). */
export async function resetTables(): Promise<void> {
  await pool.query('TRUNCATE items, events RESTART IDENTITY CASCADE')
  await pool.query(\`INSERT INTO items (name, qty) SELECT 'seed-' || g, g FROM generate_series(1, 200) AS g\`)
  await pool.query(\`INSERT INTO events (item_id, kind) SELECT g, 'created' FROM generate_series(1, 200) AS g\`)
}
`

type Kind = 'none' | 'reads' | 'own-rows' | 'resets' | 'schema' | 'role' | 'terminate'

/** The kind of file i: about 20% compute, 25% read, 30% own rows, 17% reset, 6% schema, 2 server-wide. */
function kindOf(index: number, count: number): Kind {
  if (index === 0) return 'role'
  if (index === Math.floor(count / 2)) return 'terminate'
  const slot = index % 100
  if (slot < 20) return 'none'
  if (slot < 45) return 'reads'
  if (slot < 75) return 'own-rows'
  if (slot < 94) return 'resets'
  return 'schema'
}

function fileText(kind: Kind, index: number): string {
  const id = `f${index}`
  const head = `import { afterAll, expect, test } from 'vitest'\nimport { pool } from '../src/db'\n\nafterAll(() => pool.end())\n\n`
  switch (kind) {
    case 'none':
      return `import { expect, test } from 'vitest'\n\ntest('${id} computes', () => {\n  let sum = 0\n  for (let i = 0; i < 200_000; i++) sum += i % 7\n  expect(sum).toBeGreaterThan(0)\n})\n\ntest('${id} formats', () => {\n  expect([3, 1, 2].sort().join(',')).toBe('1,2,3')\n})\n`
    case 'reads':
      return `${head}test('${id} reads the seed', async () => {\n  const { rows } = await pool.query('SELECT count(*)::int AS n FROM items WHERE name LIKE $1', ['seed-%'])\n  expect(rows[0].n).toBe(200)\n})\n\ntest('${id} joins', async () => {\n  await pool.query('SELECT pg_sleep(0.1)')\n  const { rows } = await pool.query("SELECT i.name FROM items i JOIN events e ON e.item_id = i.id WHERE i.id = $1", [${(index % 200) + 1}])\n  expect(rows[0].name).toBe('seed-${(index % 200) + 1}')\n})\n`
    case 'own-rows':
      return `${head}test('${id} writes a row of its own', async () => {\n  await pool.query('INSERT INTO items (name, qty) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET qty = 1', ['${id}-a'])\n  await pool.query('UPDATE items SET qty = qty + 1 WHERE name = $1', ['${id}-a'])\n  const { rows } = await pool.query('SELECT qty FROM items WHERE name = $1', ['${id}-a'])\n  expect(rows[0].qty).toBe(2)\n})\n\ntest('${id} records an event', async () => {\n  await pool.query('SELECT pg_sleep(0.1)')\n  await pool.query("INSERT INTO events (item_id, kind) VALUES (1, $1)", ['${id}'])\n  const { rows } = await pool.query('SELECT count(*)::int AS n FROM events WHERE kind = $1', ['${id}'])\n  expect(rows[0].n).toBeGreaterThanOrEqual(1)\n})\n`
    case 'resets':
      return `import { afterAll, beforeEach, expect, test } from 'vitest'\nimport { pool, resetTables } from '../src/db'\n\nbeforeEach(() => resetTables())\nafterAll(() => pool.end())\n\ntest('${id} adds to a clean table', async () => {\n  await pool.query("INSERT INTO items (name, qty) VALUES ('${id}', 5)")\n  const { rows } = await pool.query('SELECT count(*)::int AS n FROM items')\n  expect(rows[0].n).toBe(201)\n})\n\ntest('${id} sees ids from 1', async () => {\n  await pool.query('SELECT pg_sleep(0.1)')\n  const { rows } = await pool.query("INSERT INTO items (name) VALUES ('${id}-b') RETURNING id")\n  expect(rows[0].id).toBe(201)\n})\n`
    case 'schema':
      return `${head}test('${id} adds a column and drops it', async () => {\n  await pool.query('ALTER TABLE items ADD COLUMN note_${id} text')\n  await pool.query("UPDATE items SET note_${id} = 'x' WHERE id = 1")\n  const { rows } = await pool.query('SELECT note_${id} AS note FROM items WHERE id = 1')\n  expect(rows[0].note).toBe('x')\n  await pool.query('ALTER TABLE items DROP COLUMN note_${id}')\n})\n`
    case 'role':
      return `${head}test('${id} creates the reporting role', async () => {\n  await pool.query('DROP ROLE IF EXISTS bench_reporting')\n  await pool.query('CREATE ROLE bench_reporting NOLOGIN')\n  const { rows } = await pool.query("SELECT count(*)::int AS n FROM pg_roles WHERE rolname = 'bench_reporting'")\n  expect(rows[0].n).toBe(1)\n  await pool.query('DROP ROLE bench_reporting')\n})\n`
    case 'terminate':
      return `${head}test('${id} recovers after the sessions of its database were terminated', async () => {\n  await pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')\n  await pool.query('SELECT pg_sleep(0.2)')\n  const { rows } = await pool.query('SELECT 1 AS one')\n  expect(rows[0].one).toBe(1)\n})\n`
  }
}

/** Writes a suite of `count` files into `root` (replacing what was there). */
export function writeGeneratedSuite(root: string, count: number): void {
  rmSync(root, { recursive: true, force: true })
  for (const dir of ['migrations', 'src', 'tests']) mkdirSync(join(root, dir), { recursive: true })
  writeFileSync(join(root, 'migrations/001_items.sql'), MIGRATION)
  writeFileSync(join(root, 'seed.sql'), SEED)
  writeFileSync(join(root, 'src/db.ts'), DB)
  for (let index = 0; index < count; index++) {
    const name = `file-${String(index).padStart(3, '0')}.test.ts`
    writeFileSync(join(root, 'tests', name), fileText(kindOf(index, count), index))
  }
}
