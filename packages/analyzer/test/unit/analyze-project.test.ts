import { isDbsafeError } from '@dbsafe/core'
import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { analyzeTestFile } from './temp-project'

const pool = "import { Pool } from 'pg'\nexport const pool = new Pool()\n"

async function levelOf(files: Record<string, string>, options: { setupFiles?: string[] } = {}) {
  return (await analyzeTestFile(files, options))!
}

test('a hook that calls a helper that calls another helper that truncates is committed cleanup', async () => {
  const analysis = await levelOf({
    'db.ts': pool,
    'tables.ts':
      "import { pool } from './db'\nexport async function truncateTables(names: string[]) {\n  await pool.query('TRUNCATE users, orders')\n}\n",
    'reset.ts':
      "import { truncateTables } from './tables'\nexport const reset = async () => {\n  await truncateTables(['users'])\n}\n",
    'a.test.ts':
      "import { afterEach, test } from 'vitest'\nimport { reset } from './reset'\nafterEach(() => reset())\ntest('x', () => {})\n",
  })
  expect(analysis.level).toBe('shared-writes')
  expect(analysis.reasons[0]).toMatchObject({
    file: 'tables.ts',
    line: 3,
    text: 'TRUNCATE users, orders (committed in afterEach) via reset() at a.test.ts:3',
  })
  expect(analysis.reasons[0]?.via).toEqual(['a.test.ts', 'reset.ts'])
})

test('setup files count for every test file, and their mocks apply', async () => {
  const files = {
    'db.ts': pool,
    'setup.ts':
      "import { afterAll } from 'vitest'\nimport { pool } from './db'\nafterAll(() => pool.query('DELETE FROM sessions'))\n",
    'a.test.ts': "import { test } from 'vitest'\ntest('x', () => {})\n",
  }
  expect((await levelOf(files, { setupFiles: ['setup.ts'] })).level).toBe('shared-writes')
  expect((await levelOf(files)).level).toBe('none')
  const mocked = {
    ...files,
    'setup.ts': `${files['setup.ts']}import { vi } from 'vitest'\nvi.mock('./db')\n`,
  }
  expect((await levelOf(mocked, { setupFiles: ['setup.ts'] })).level).toBe('none')
})

test('row locks from a query builder are isolated-writes', async () => {
  const analysis = await levelOf({
    'a.test.ts':
      "import knex from 'knex'\nimport { test } from 'vitest'\nconst db = knex({ client: 'pg', connection: 'x' })\ntest('x', () => db('jobs').where({ id: 1 }).forUpdate())\n",
  })
  expect(analysis).toMatchObject({ level: 'isolated-writes', clients: ['knex'] })
})

test('an unknown annotation level is reported, the file gets the fallback', async () => {
  const analysis = await levelOf({
    'a.test.ts': "// @db-level readonly\nimport { test } from 'vitest'\ntest('x', () => {})\n",
  })
  expect(analysis).toMatchObject({ level: 'shared-writes', source: 'fallback' })
  expect(analysis).toMatchObject({ invalidAnnotation: 'readonly' })
  expect(analysis.error).toContain('@db-level "readonly" is not a level; did you mean "read-only"?')
})

test('bad options are a config error that says how to fix them', async () => {
  const error = await analyzeProject({ root: '.', files: [], fallbackLevel: 'serial' as never }).catch(
    (caught) => caught,
  )
  expect(isDbsafeError(error, 'DBSAFE_CONFIG_INVALID')).toBe(true)
  expect(error.message).toContain('fallbackLevel "serial" is not a level')
})

test("vi.mock(import('./db')) replaces the module like vi.mock('./db')", async () => {
  const analysis = await levelOf({
    'db.ts': pool,
    'repo.ts': "import { pool } from './db'\nexport const purge = () => pool.query('DELETE FROM sessions')\n",
    'a.test.ts':
      "import { test, vi } from 'vitest'\nimport { purge } from './repo'\nvi.mock(import('./db'), () => ({ pool: { query: vi.fn() } }))\ntest('x', () => purge())\n",
  })
  expect(analysis).toMatchObject({ level: 'none', clients: [] })
})

test('clients name the driver an ORM entry point opens, so the pool knows what it can wrap', async () => {
  const analysis = await levelOf({
    'a.test.ts':
      "import { drizzle } from 'drizzle-orm/postgres-js'\nimport { test } from 'vitest'\nconst db = drizzle(process.env.DATABASE_URL!)\ntest('x', () => db.execute('SELECT 1'))\n",
  })
  expect(analysis.clients).toEqual(['drizzle-orm', 'postgres'])
})

test('a hook that calls a method of a helper object or class is judged by the method body', async () => {
  const files = {
    'db.ts': pool,
    'helpers.ts':
      "import { pool } from './db'\nexport const testDb = {\n  async reset() {\n    await pool.query('TRUNCATE orders')\n  },\n}\nexport class Cleaner {\n  purge = async () => {\n    await pool.query('DELETE FROM sessions')\n  }\n}\n",
  }
  const objectMethod = await levelOf({
    ...files,
    'a.test.ts':
      "import { afterEach, test } from 'vitest'\nimport { testDb } from './helpers'\nafterEach(() => testDb.reset())\ntest('x', () => {})\n",
  })
  expect(objectMethod.reasons[0]).toMatchObject({ level: 'shared-writes', file: 'helpers.ts', line: 4 })
  const classMethod = await levelOf({
    ...files,
    'a.test.ts':
      "import { beforeEach, test } from 'vitest'\nimport { Cleaner } from './helpers'\nconst cleaner = new Cleaner()\nbeforeEach(async () => {\n  await cleaner.purge()\n})\ntest('x', () => {})\n",
  })
  expect(classMethod.reasons[0]).toMatchObject({
    level: 'shared-writes',
    text: expect.stringContaining('via Cleaner.purge()'),
  })
})

test('onTestFinished cleanup counts like afterEach', async () => {
  const analysis = await levelOf({
    'db.ts': pool,
    'a.test.ts':
      "import { onTestFinished, test } from 'vitest'\nimport { pool } from './db'\ntest('x', async () => {\n  onTestFinished(() => pool.query('TRUNCATE carts'))\n})\n",
  })
  expect(analysis.reasons[0]?.text).toBe('TRUNCATE carts (committed in afterEach)')
})

test('SQL listed literally for a loop or test.each is read statement by statement', async () => {
  const analysis = await levelOf({
    'db.ts': pool,
    'a.test.ts': [
      "import { test } from 'vitest'",
      "import { pool } from './db'",
      "test.each([['users', 'SELECT * FROM users'], ['orders', 'SELECT * FROM orders FOR UPDATE']])('%s', (_, sql) => pool.query(sql))",
      "test('loop', async () => {\n  for (const statement of ['SELECT 1', 'SELECT 2']) await pool.query(statement)\n})",
    ].join('\n'),
  })
  expect(analysis).toMatchObject({ level: 'isolated-writes', uncertain: false })
  const sql = analysis.reasons.filter((reason) => reason.kind === 'sql')
  expect(sql.map((reason) => `${reason.line}:${reason.column} ${reason.text}`)).toEqual([
    '3:112 SELECT * FROM orders FOR UPDATE — row locks (FOR UPDATE/SHARE)',
    '3:112 SELECT * FROM users',
    '5:59 SELECT 1',
    '5:59 SELECT 2',
  ])
})

test('imports of non-code files (components, JSON, styles) are not parsed as TypeScript', async () => {
  const analysis = await levelOf({
    'Button.vue': '<template><button /></template>\n',
    'data.json': '{ "a": 1 }\n',
    'a.test.ts':
      "import { test } from 'vitest'\nimport Button from './Button.vue'\nimport data from './data.json'\ntest('x', () => [Button, data])\n",
  })
  expect(analysis).toMatchObject({ level: 'none', reasons: [] })
})

test("SQL imported as text (`import purge from './purge.sql?raw'`) is read from the file", async () => {
  const analysis = await levelOf({
    'db.ts': pool,
    'purge.sql': 'DELETE FROM sessions;\n',
    'a.test.ts':
      "import { afterEach, test } from 'vitest'\nimport { pool } from './db'\nimport purge from './purge.sql?raw'\nafterEach(() => pool.query(purge))\ntest('x', () => {})\n",
  })
  expect(analysis.reasons[0]).toMatchObject({
    level: 'shared-writes',
    text: 'DELETE FROM sessions (from purge.sql) (committed in afterEach)',
  })
})

test('mocking a module that has nothing to do with the database does not make a file `none`', async () => {
  const analysis = await levelOf({
    'logger.ts': 'export const log = (message: string) => console.log(message)\n',
    'a.test.ts':
      "import { createPool } from '@acme/internal-db'\nimport { test, vi } from 'vitest'\nimport { log } from './logger'\nvi.mock('./logger')\nconst db = createPool()\ntest('x', async () => {\n  log('x')\n  await db.query('DELETE FROM sessions')\n})\n",
  })
  expect(analysis).toMatchObject({ level: 'isolated-writes', clients: [] })
})
