import { expect, test } from 'vitest'
import { analyzeTestFile } from './temp-project'

async function levelOf(code: string): Promise<string | undefined> {
  const files = {
    'a.test.js': `const { beforeEach, test } = require('vitest')\nconst pg = require('pg')\n${code}`,
  }
  return (await analyzeTestFile(files, { file: 'a.test.js' }))?.level
}

/** A helper that checks a client out of the pool it is handed, queries, and gives it back. */
const BORROW =
  "function borrow(pool) {\n  return new Promise((resolve) => {\n    pool.connect((err, client, done) => {\n      client.query('SELECT 1', () => {\n        done()\n        resolve()\n      })\n    })\n  })\n}\n"

test('a second checkout made while the only client of a pool of one is held exhausts it', async () => {
  const code =
    "test('waits', (finish) => {\n  const pool = new pg.Pool({ max: 1 })\n  pool.connect((err, first, release) => {\n    pool.connect((err2) => {\n      release()\n      pool.end(finish)\n    })\n  })\n})\n"
  expect(await levelOf(code)).toBe('sequential')
})

test('a helper handed a small pool and run more times at once than the pool holds exhausts it', async () => {
  const code = `${BORROW}beforeEach(function () {\n  this.pool = new pg.Pool({ max: 2 })\n})\ntest('queue', function () {\n  const pending = []\n  for (let i = 0; i < 5; i++) pending.push(borrow(this.pool))\n  return Promise.all(pending)\n})\n`
  expect(await levelOf(code)).toBe('sequential')
})

test('the same helper waited for turn by turn holds one client at a time', async () => {
  const code = `${BORROW}test('turns', async () => {\n  const pool = new pg.Pool({ max: 1 })\n  for (let i = 0; i < 5; i++) await borrow(pool)\n  await pool.end()\n})\n`
  expect(await levelOf(code)).toBe('read-only')
})

test('concurrent runs of a local function that checks out count against the pool it uses', async () => {
  const code =
    "test('three', async () => {\n  const pool = new pg.Pool({ max: 2 })\n  const run = async () => {\n    const client = await pool.connect()\n    await client.query('SELECT 1')\n    client.release()\n  }\n  await Promise.all([run(), run(), run()])\n})\ntest('two', async () => {\n  const pool = new pg.Pool({ max: 3 })\n  const run = async () => {\n    const client = await pool.connect()\n    client.release()\n  }\n  await Promise.all([run(), run()])\n})\n"
  expect(await levelOf(code)).toBe('sequential')
})

test('each pool is judged in the test that builds it, whatever the variable is called elsewhere', async () => {
  const code =
    "test('small', async () => {\n  const pool = new pg.Pool({ max: 1 })\n  const a = await pool.connect()\n  const b = await pool.connect()\n  a.release()\n  b.release()\n})\ntest('large', async () => {\n  const pool = new pg.Pool({ max: 5 })\n  const c = await pool.connect()\n  c.release()\n})\n"
  expect(await levelOf(code)).toBe('sequential')
  const roomy =
    "test('large', async () => {\n  const pool = new pg.Pool({ max: 3 })\n  const a = await pool.connect()\n  const b = await pool.connect()\n  a.release()\n  b.release()\n})\ntest('small', async () => {\n  const pool = new pg.Pool({ max: 1 })\n  const c = await pool.connect()\n  c.release()\n})\n"
  expect(await levelOf(roomy)).toBe('read-only')
})

test('a pool sized by a constant, or built from options kept in one, is judged by that size', async () => {
  const sized =
    "const SIZE = 1\ntest('two', async () => {\n  const pool = new pg.Pool({ max: SIZE })\n  const a = await pool.connect()\n  const b = await pool.connect()\n  a.release()\n  b.release()\n})\n"
  expect(await levelOf(sized)).toBe('sequential')
  const kept =
    "const small = { max: 2, idleTimeoutMillis: 10 }\ntest('three', async () => {\n  const pool = new pg.Pool(small)\n  const clients = [await pool.connect(), await pool.connect(), await pool.connect()]\n  for (const client of clients) client.release()\n})\n"
  expect(await levelOf(kept)).toBe('sequential')
})

test('queries collected to run at once each hold a client of a small pool; chained ones do not', async () => {
  const together =
    "test('all', async () => {\n  const pool = new pg.Pool({ max: 2 })\n  await Promise.all([pool.query('SELECT 1'), pool.query('SELECT 2'), pool.query('SELECT 3')])\n})\n"
  expect(await levelOf(together)).toBe('sequential')
  const chained =
    "test('chain', () => {\n  const pool = new pg.Pool({ max: 1 })\n  return pool.query('SELECT 1').then(() => pool.query('SELECT 2'))\n})\n"
  expect(await levelOf(chained)).toBe('read-only')
  const roomy =
    "test('fits', async () => {\n  const pool = new pg.Pool({ max: 3 })\n  await Promise.all(Array.from({ length: 3 }, () => pool.query('SELECT 1')))\n})\n"
  expect(await levelOf(roomy)).toBe('read-only')
})

test('queries fanned out by lodash times on a pool of one exhaust it', async () => {
  const code =
    "const _ = require('lodash')\ntest('fan', async () => {\n  const pool = new pg.Pool({ max: 1 })\n  await Promise.all(_.times(4, () => pool.query('SELECT 1')))\n})\n"
  expect(await levelOf(code)).toBe('sequential')
})
