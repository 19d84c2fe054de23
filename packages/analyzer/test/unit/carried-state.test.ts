import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { project } from './temp-project'

async function analyse(files: Record<string, string>) {
  const root = project(files)
  const manifest = await analyzeProject({ root, files: ['a.test.ts'], cache: false })
  return manifest.files[0]
}

const PRELUDE = "import { expect, test } from 'vitest'\nimport { Pool } from 'pg'\nconst pool = new Pool()\n"

test('a later test that queries with what an earlier test wrote and read back relies on committed rows', async () => {
  const analysis = await analyse({
    'a.test.ts': `${PRELUDE}let order: { id: number }
test('places', async () => {
  const { rows } = await pool.query('INSERT INTO orders (total) VALUES (5) RETURNING id')
  order = rows[0]
})
test('finds', async () => {
  const found = await pool.query('SELECT total FROM orders WHERE id = $1', [order.id])
  expect(found.rows).toHaveLength(1)
})
`,
  })
  expect(analysis?.level).toBe('shared-writes')
  expect(analysis?.reasons[0]).toMatchObject({ file: 'a.test.ts', line: 7 })
})

test('a later test that awaits an assertion on a query made with the handed value counts too', async () => {
  const analysis = await analyse({
    'a.test.ts': `${PRELUDE}let order: { id: number }
test('places', async () => {
  order = (await pool.query('INSERT INTO orders (total) VALUES (5) RETURNING id')).rows[0]
})
test('finds', async () => {
  await expect(pool.query('SELECT total FROM orders WHERE id = $1', [order.id])).resolves.toBeTruthy()
})
`,
  })
  expect(analysis?.level).toBe('shared-writes')
})

test('the same hand-over in a file that only reads needs nothing committed', async () => {
  const analysis = await analyse({
    'a.test.ts': `${PRELUDE}let order: { id: number }
test('first', async () => {
  const { rows } = await pool.query('SELECT id FROM orders LIMIT 1')
  order = rows[0]
})
test('again', async () => {
  await pool.query('SELECT total FROM orders WHERE id = $1', [order.id])
})
`,
  })
  expect(analysis?.level).toBe('read-only')
})

test('a value kept for assertions only, never queried with, is no hand-over', async () => {
  const analysis = await analyse({
    'a.test.ts': `${PRELUDE}let placed = 0
test('places', async () => {
  const { rowCount } = await pool.query('INSERT INTO orders (total) VALUES (5)')
  placed = rowCount ?? 0
})
test('counts', () => {
  expect(placed).toBe(1)
})
`,
  })
  expect(analysis?.level).toBe('isolated-writes')
})

test('tests registered by a shared suite function hand over state like the file’s own', async () => {
  const analysis = await analyse({
    'suite.ts': `import { test } from 'vitest'
export function accountSuite(store: { open(name: string): Promise<{ id: string }>; find(id: string): Promise<unknown> }) {
  let account = { id: '' }
  test('opens', async () => {
    const opened = await store.open('ada')
    account = opened
  })
  test('finds', async () => {
    await store.find(account.id)
  })
}
`,
    'a.test.ts': `import { Pool } from 'pg'
import { accountSuite } from './suite'
const pool = new Pool()
accountSuite({
  open: async (name) => (await pool.query('INSERT INTO accounts (name) VALUES ($1) RETURNING id', [name])).rows[0],
  find: (id) => pool.query('SELECT * FROM accounts WHERE id = $1', [id]),
})
`,
  })
  expect(analysis?.level).toBe('shared-writes')
  expect(analysis?.reasons[0]?.file).toBe('suite.ts')
})
