import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { project } from './temp-project'

/** A client library's own folder: its package.json names it, its tests load it by a relative path. */
function library(name: string, testFile: string): string {
  return project({
    'package.json': JSON.stringify({ name, main: 'index.js' }),
    'index.js':
      "const { Client } = require('pg')\nmodule.exports = class Pool {\n  constructor() {\n    this.Client = Client\n  }\n}\n",
    'test/a.test.js': testFile,
  })
}

test('a client library’s own tests that load it by its folder reach that client', async () => {
  const root = library(
    'pg-pool',
    "const { test } = require('vitest')\nconst Pool = require('../')\ntest('x', async () => {\n  const pool = new Pool()\n  await pool.query('SELECT 1')\n})\n",
  )
  const manifest = await analyzeProject({ root, files: ['test/a.test.js'], cache: false })
  expect(manifest.files[0]).toMatchObject({ level: 'read-only', clients: ['pg-pool'] })
})

test('an ESM import of the folder and of its index file count the same', async () => {
  const root = library(
    'pg-pool',
    "import { test } from 'vitest'\nimport Pool from '../index.js'\ntest('x', async () => {\n  const pool = new Pool()\n  await pool.query('DELETE FROM jobs')\n})\n",
  )
  const manifest = await analyzeProject({ root, files: ['test/a.test.js'], cache: false })
  expect(manifest.files[0]).toMatchObject({ level: 'isolated-writes', clients: ['pg-pool'] })
})

test('a folder whose package is not a client library is followed as project code', async () => {
  const root = library(
    'job-runner',
    "const { test } = require('vitest')\nconst Runner = require('../')\ntest('x', () => {\n  new Runner()\n})\n",
  )
  const manifest = await analyzeProject({ root, files: ['test/a.test.js'], cache: false })
  expect(manifest.files[0]).toMatchObject({ level: 'none', clients: [] })
})

test('a pool given a stand-in Client written in the test (pg-pool’s Client option) opens no connection', async () => {
  const root = library(
    'pg-pool',
    "const { test } = require('vitest')\nconst Pool = require('../')\ntest('x', (done) => {\n  const pool = new Pool({\n    Client: function () {\n      return { connect: (cb) => cb(new Error('offline')), on() {} }\n    },\n  })\n  pool.connect(() => done())\n})\n",
  )
  const manifest = await analyzeProject({ root, files: ['test/a.test.js'], cache: false })
  expect(manifest.files[0]).toMatchObject({ level: 'none', clients: [] })
})

/** A client library's checkout with only its tests present: `files` publishes `lib`, which is not there. */
function checkout(name: string, files: Record<string, string>): string {
  return project({
    'package.json': JSON.stringify({ name, main: 'lib/main.js', files: ['lib', 'types/index.d.ts'] }),
    ...files,
  })
}

test('a published file of a client library loaded by path is that library, even when its source is absent', async () => {
  const root = checkout('pg-promise', {
    'spec/support/connect.js':
      "const makeLib = require('../../lib/main')\nmodule.exports = () => makeLib()({ database: 'app' })\n",
    'spec/users.spec.js':
      "const { test } = require('vitest')\nconst connect = require('./support/connect')\ntest('x', async () => {\n  await connect().any('SELECT id FROM users')\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['spec/users.spec.js'], cache: false })
  expect(manifest.files[0]).toMatchObject({ level: 'read-only', clients: ['pg-promise'] })
})

test('a file under a folder that `files` publishes counts too (require of a dialect inside lib/)', async () => {
  const root = checkout('knex', {
    'spec/dialect.spec.js':
      "const { test } = require('vitest')\nconst makeKnex = require('../lib/index.js')\ntest('x', async () => {\n  const db = makeKnex({ client: 'pg', connection: process.env.DATABASE_URL })\n  await db.schema.createTable('gadgets', (t) => t.increments())\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['spec/dialect.spec.js'], cache: false })
  expect(manifest.files[0]).toMatchObject({ level: 'schema-changes', clients: ['knex'] })
})

test('the library’s own test helpers, even inside a published src, are followed as project code', async () => {
  const root = project({
    'package.json': JSON.stringify({ name: 'slonik', main: './dist/index.js', files: ['./src', './dist'] }),
    'src/helpers.test/runner.ts':
      "import pg from 'pg'\nexport const admin = new pg.Pool()\nexport const reset = () => admin.query('DROP DATABASE IF EXISTS scratch')\n",
    'src/suite.test/reset.test.ts':
      "import { test } from 'vitest'\nimport { reset } from '../helpers.test/runner.js'\ntest('x', async () => {\n  await reset()\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['src/suite.test/reset.test.ts'], cache: false })
  expect(manifest.files[0]).toMatchObject({ level: 'sequential', clients: ['pg'] })
})

test('a module of a package that is not a client library is followed, published or not', async () => {
  const root = checkout('report-builder', {
    'lib/main.js': "module.exports = () => 'report'\n",
    'spec/a.spec.js':
      "const { test } = require('vitest')\nconst build = require('../lib/main')\ntest('x', () => {\n  build()\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['spec/a.spec.js'], cache: false })
  expect(manifest.files[0]).toMatchObject({ level: 'none', clients: [] })
})

test('Sequelize v7 (`@sequelize/core`) is the sequelize client', async () => {
  const root = project({
    'package.json': JSON.stringify({ name: 'shop' }),
    'test/support.ts':
      "import { Sequelize } from '@sequelize/core'\nimport { PostgresDialect } from '@sequelize/postgres'\nexport const sequelize = new Sequelize({ dialect: PostgresDialect })\n",
    'test/model.test.ts':
      "import { test } from 'vitest'\nimport { sequelize } from './support'\ntest('x', async () => {\n  await sequelize.sync({ force: true })\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['test/model.test.ts'], cache: false })
  expect(manifest.files[0]).toMatchObject({ level: 'schema-changes', clients: ['sequelize'] })
})
