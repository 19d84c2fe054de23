import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { project } from './temp-project'

async function analyze(testFile: string) {
  const root = project({ 'package.json': JSON.stringify({ name: 'exporter' }), 'test/a.test.js': testFile })
  const manifest = await analyzeProject({ root, files: ['test/a.test.js'], cache: false })
  return manifest.files[0]
}

test('a function that forwards its parameter to a query is a wrapper, whatever constants other tests name alike', async () => {
  const file = await analyze(`const { test } = require('vitest')
const pg = require('pg')
function run(text) {
  const client = new pg.Client()
  return client.query(text)
}
test('reads', async () => {
  const text = 'SELECT 1'
  await run(text)
})
test('signals', async () => {
  await run('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()')
})
`)
  expect(file?.level).toBe('sequential')
  expect(file?.reasons.some((reason) => reason.kind === 'uncertain')).toBe(false)
})

test('a wrapper handing its parameter to another wrapper is followed, beside a constant of the same name', async () => {
  const file = await analyze(`const { test } = require('vitest')
const pg = require('pg')
const client = new pg.Client()
function send(statement) {
  return client.query(statement)
}
function sendTwice(statement) {
  return send(statement).then(() => send(statement))
}
test('a', async () => {
  const statement = 'SELECT 2'
  await send(statement)
  await sendTwice('CREATE INDEX orders_day ON orders (day)')
})
`)
  expect(file?.level).toBe('schema-changes')
  expect(file?.reasons.some((reason) => reason.kind === 'uncertain')).toBe(false)
})

test('a query object a call builds from a statement (pg-copy-streams under any name) runs that statement', async () => {
  const file = await analyze(`const { test } = require('vitest')
const pg = require('pg')
const exportTo = require('pg-copy-streams').to
const client = new pg.Client()
test('export', async () => {
  const text = 'COPY (SELECT id, total FROM invoices) TO STDOUT'
  client.query(exportTo(text))
})
`)
  expect(file?.level).toBe('read-only')
  expect(file?.reasons[0]?.text).toMatch(/^COPY \(SELECT id, total FROM invoices\) TO STDOUT/)
})

test('COPY … FROM STDIN through the wrapper call writes rows', async () => {
  const file = await analyze(`const { test } = require('vitest')
const pg = require('pg')
const { from: ingest } = require('pg-copy-streams')
const client = new pg.Client()
test('import', async () => {
  client.query(ingest('COPY invoices (id, total) FROM STDIN'))
})
`)
  expect(file?.level).toBe('isolated-writes')
})

test('a function that builds the query object from its parameter is a wrapper: its callers’ statements count', async () => {
  const file = await analyze(`const { test } = require('vitest')
const pg = require('pg')
const { to } = require('pg-copy-streams')
function exportRows(text, done) {
  const client = new pg.Client()
  const stream = client.query(to(text))
  stream.on('end', done)
}
test('export', (done) => {
  const text = 'COPY invoices TO STDOUT'
  exportRows(text, done)
})
test('export all', (done) => {
  exportRows('COPY (SELECT * FROM invoices) TO STDOUT', done)
})
`)
  expect(file?.level).toBe('read-only')
  expect(file?.reasons.some((reason) => reason.kind === 'uncertain')).toBe(false)
})

test('a call that builds the statement from something unreadable stays uncertain', async () => {
  const file = await analyze(`const { test } = require('vitest')
const pg = require('pg')
const { to } = require('pg-copy-streams')
const client = new pg.Client()
test('export', async () => {
  client.query(to(process.env.EXPORT_STATEMENT))
})
`)
  expect(file).toMatchObject({ level: 'shared-writes' })
  expect(file?.reasons[0]?.kind).toBe('uncertain')
})

test('a method of the text itself (text.replace(…, a SQL fragment)) is not a query object built from a statement', async () => {
  const file = await analyze(`const { test } = require('vitest')
const pg = require('pg')
const client = new pg.Client()
test('report', async () => {
  const text = 'SELECT * FROM totals'
  await client.query(text.replace('SELECT *', process.env.COLUMNS))
})
`)
  expect(file).toMatchObject({ level: 'shared-writes' })
  expect(file?.reasons[0]?.kind).toBe('uncertain')
})
