import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { project } from './temp-project'

async function analyse(code: string) {
  const root = project({
    'a.test.ts': `import { test } from 'vitest'\nimport pg from 'pg'\nimport Cursor from 'pg-cursor'\nimport QueryStream from 'pg-query-stream'\nconst pool = new pg.Pool()\n${code}\n`,
  })
  const manifest = await analyzeProject({ root, files: ['a.test.ts'], cache: false })
  return manifest.files[0]
}

test.each([
  ["pool.query(new QueryStream('SELECT sku FROM stock WHERE qty > $1', [0]))", 'read-only'],
  ["pool.query(new Cursor('UPDATE stock SET qty = 0 RETURNING sku'))", 'isolated-writes'],
  ["pool.query(new pg.Query({ text: 'DELETE FROM stock', values: [] }))", 'isolated-writes'],
  ["pool.query({ text: 'SELECT sku FROM stock WHERE sku = $1', values: ['a'] })", 'read-only'],
  [
    "const LOW = 'SELECT sku FROM stock WHERE qty < 3'\ntest('x', () => { pool.query(new Cursor(LOW, null, { rowMode: 'array' })) })",
    'read-only',
  ],
])('a query object built from constant SQL is read: %s', async (code, level) => {
  expect((await analyse(code))?.level).toBe(level)
})

test('each test’s own query object is read, not another test’s of the same name', async () => {
  const analysis = await analyse(
    "test('a', () => {\n  const job = new Cursor('CREATE TEMPORARY TABLE scratch (n int)')\n  pool.query(job)\n})\ntest('b', () => {\n  const job = new Cursor('SELECT 1')\n  pool.query(job)\n})",
  )
  expect(analysis?.level).toBe('isolated-writes')
})

test('a query object whose text is not a constant stays uncertain', async () => {
  const analysis = await analyse('test(\'x\', () => { pool.query(new Cursor(process.env.REPORT ?? "")) })')
  expect(analysis).toMatchObject({ level: 'shared-writes', uncertain: true })
})

test('a member of a query built from constant SQL in the same file is that query (neon queryData)', async () => {
  const root = project({
    'a.test.ts':
      "import { test } from 'vitest'\nimport { neon, Pool } from '@neondatabase/serverless'\nconst sql = neon(process.env.DATABASE_URL ?? '')\nconst pool = new Pool()\nconst probes = [sql`SELECT 1 AS one`, sql`SELECT now() AS at`]\nconst cleanup = sql`DELETE FROM carts`\ntest('x', async () => {\n  for (const probe of probes) await pool.query(probe.queryData)\n  await pool.query(cleanup.queryData)\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['a.test.ts'], cache: false })
  expect(manifest.files[0]).toMatchObject({ level: 'isolated-writes', uncertain: false })
})

test('a parameter that shadows a module constant is read from its rows, not from the constant', async () => {
  const analysis = await analyse(
    "const statement = 'SELECT 1'\ntest.each([['DELETE FROM carts']])('%s', async (statement) => {\n  await pool.query(statement)\n})",
  )
  expect(analysis?.level).toBe('isolated-writes')
})

test('a query config whose text is a shorthand property is read from that variable', async () => {
  const analysis = await analyse(
    "test('x', async () => {\n  const text = 'DELETE FROM carts WHERE id = $1'\n  await pool.query({ text, values: [1] })\n})",
  )
  expect(analysis?.level).toBe('isolated-writes')
})
