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
