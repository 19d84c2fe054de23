import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { project } from './temp-project'

async function analyze(testFile: string) {
  const root = project({ 'package.json': JSON.stringify({ name: 'cdc' }), 'test/a.test.ts': testFile })
  const manifest = await analyzeProject({ root, files: ['test/a.test.ts'], cache: false })
  return manifest.files[0]
}

test('a pg client opened as a replication connection is sequential, with the option in the reason', async () => {
  const file = await analyze(`import { test } from 'vitest'
import pg from 'pg'
const options = { connectionString: process.env.DATABASE_URL, replication: 'database' }
test('decodes changes', async () => {
  const walsender = new pg.Client(options)
  await walsender.connect()
})
`)
  expect(file?.level).toBe('sequential')
  expect(file?.reasons[0]?.text).toMatch(/replication: 'database' opens a replication connection/)
})

test('replication in the connection string counts the same', async () => {
  const file = await analyze(`import { test } from 'vitest'
import { Client } from 'pg'
test('streams', async () => {
  const walsender = new Client('postgres://localhost/app?replication=database')
  await walsender.connect()
})
`)
  expect(file?.level).toBe('sequential')
})

test('replication commands sent as statements are sequential, also through a wrapper call', async () => {
  const file = await analyze(`import { test } from 'vitest'
import { Client } from 'pg'
import { both } from 'pg-copy-streams'
const client = new Client()
test('slot', async () => {
  await client.query('IDENTIFY_SYSTEM')
  client.query(both('START_REPLICATION SLOT audit LOGICAL 0/0'))
})
`)
  expect(file?.level).toBe('sequential')
  expect(file?.reasons[0]?.text).toMatch(/replication command/)
})

test('replication: false is an ordinary connection', async () => {
  const file = await analyze(`import { test } from 'vitest'
import { Client } from 'pg'
const client = new Client({ replication: false })
test('reads', async () => {
  await client.query('SELECT 1')
})
`)
  expect(file?.level).toBe('read-only')
})

test('an ORM’s read replicas (Sequelize’s replication: { read, write }) are no replication connection', async () => {
  const file = await analyze(`import { test } from 'vitest'
import { Sequelize } from 'sequelize'
const sequelize = new Sequelize({
  dialect: 'postgres',
  replication: { read: [{ host: 'replica' }], write: { host: 'primary' } },
})
test('reads', async () => {
  await sequelize.query('SELECT 1')
})
`)
  expect(file?.level).toBe('read-only')
})
