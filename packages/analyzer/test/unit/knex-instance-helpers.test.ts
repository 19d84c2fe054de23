import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { project } from './temp-project'

/** A helper module that builds a knex instance per connection name, as integration suites' providers do. */
const PROVIDER =
  "const makeKnex = require('knex')\nfunction instanceFor(name) {\n  return makeKnex({ client: 'pg', connection: process.env[name] })\n}\nmodule.exports = { instanceFor }\n"

/** Schema helpers that receive the instance as an untyped parameter. */
const TABLES =
  "async function removeTables(db) {\n  await db.schema.dropTableIfExists('accounts')\n}\nasync function addTables(db) {\n  await db.schema.createTable('accounts', (t) => t.increments())\n}\nmodule.exports = { removeTables, addTables }\n"

test('knex’s schema builder on an instance a provider helper returns changes the schema', async () => {
  const root = project({
    'package.json': JSON.stringify({ name: 'ledger' }),
    'test/util/provider.js': PROVIDER,
    'test/a.spec.js':
      "const { instanceFor } = require('./util/provider')\ndescribe('accounts', () => {\n  let conn\n  before(async () => {\n    conn = instanceFor('PG')\n    await conn.schema.alterTable('accounts', (t) => t.string('name'))\n  })\n  it('reads', async () => {\n    await conn('accounts').select('*')\n  })\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['test/a.spec.js'], cache: false })
  expect(manifest.files[0]).toMatchObject({ level: 'schema-changes', clients: ['knex'] })
})

test('schema helpers that receive the knex instance as a parameter change the schema of their callers', async () => {
  const root = project({
    'package.json': JSON.stringify({ name: 'ledger' }),
    'test/util/provider.js': PROVIDER,
    'test/util/tables.js': TABLES,
    'test/a.spec.js':
      "const { instanceFor } = require('./util/provider')\nconst { removeTables, addTables } = require('./util/tables')\ndescribe('accounts', () => {\n  let db\n  before(async () => {\n    db = instanceFor('PG')\n    await removeTables(db)\n    await addTables(db)\n  })\n  it('reads', async () => {\n    await db('accounts').select('*')\n  })\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['test/a.spec.js'], cache: false })
  expect(manifest.files[0]?.level).toBe('schema-changes')
  expect(manifest.files[0]?.reasons[0]).toMatchObject({ file: 'test/util/tables.js', line: 2 })
})

test('the same helpers with no knex in reach are no evidence', async () => {
  const root = project({
    'package.json': JSON.stringify({ name: 'ledger' }),
    'test/util/tables.js': TABLES,
    'test/a.spec.js':
      "const { addTables } = require('./util/tables')\nit('plans', async () => {\n  const calls = []\n  await addTables({ schema: { createTable: (name) => calls.push(name) } })\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['test/a.spec.js'], cache: false })
  expect(manifest.files[0]).toMatchObject({ level: 'none', clients: [] })
})
