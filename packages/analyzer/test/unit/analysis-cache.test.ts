import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { DBSAFE_DIR } from '@dbsafe/core'
import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { project } from './temp-project'

const helper = (statement: string) =>
  `import { Pool } from 'pg'\nimport { afterEach } from 'vitest'\nexport const pool = new Pool()\nafterEach(() => pool.query('${statement}'))\n`
const testFile =
  "import { test } from 'vitest'\nimport { pool } from '../support/db'\ntest('x', () => pool.query('SELECT 1'))\n"

test('a change in a module two hops away is seen on the next (cached) run', async () => {
  const root = project({
    'support/db.ts': helper('SELECT 1'),
    'support/index.ts': "export * from './db'\n",
    'tests/a.test.ts': testFile.replace('../support/db', '../support/index'),
  })
  const first = await analyzeProject({ root, files: ['tests/a.test.ts'] })
  expect(first.files[0]?.level).toBe('read-only')
  const cacheFile = join(root, DBSAFE_DIR, 'analyzer-cache.json')
  expect(JSON.parse(readFileSync(cacheFile, 'utf8')).files['tests/a.test.ts'].inputs).toEqual([
    'support/db.ts',
    'support/index.ts',
    'tests/a.test.ts',
  ])
  expect(await analyzeProject({ root, files: ['tests/a.test.ts'] })).toEqual(first)

  writeFileSync(join(root, 'support/db.ts'), helper('TRUNCATE orders'))
  const second = await analyzeProject({ root, files: ['tests/a.test.ts'] })
  expect(second.files[0]?.level).toBe('shared-writes')
  expect(second.files[0]?.reasons[0]?.text).toBe('TRUNCATE orders (committed in afterEach)')
})

test('a corrupt cache is ignored and rebuilt', async () => {
  const root = project({ 'support/db.ts': helper('DELETE FROM sessions'), 'tests/a.test.ts': testFile })
  const cacheFile = join(root, DBSAFE_DIR, 'analyzer-cache.json')
  mkdirSync(dirname(cacheFile), { recursive: true })
  writeFileSync(cacheFile, '{"version": "0.1.0-rules.15", "modules": [1, 2')
  const manifest = await analyzeProject({ root, files: ['tests/a.test.ts'] })
  expect(manifest.files[0]?.level).toBe('shared-writes')
  expect(JSON.parse(readFileSync(cacheFile, 'utf8')).modules['support/db.ts'].hash).toBeTypeOf('string')

  writeFileSync(
    cacheFile,
    JSON.stringify({ version: 'other', modules: { 'support/db.ts': { hash: 'x', facts: null } } }),
  )
  expect((await analyzeProject({ root, files: ['tests/a.test.ts'] })).files[0]?.level).toBe('shared-writes')
})

test('options are part of the key: a new config glob applies on a cached run', async () => {
  const root = project({ 'support/db.ts': helper('SELECT 1'), 'tests/a.test.ts': testFile })
  expect((await analyzeProject({ root, files: ['tests/a.test.ts'] })).files[0]?.level).toBe('read-only')
  const configured = await analyzeProject({
    root,
    files: ['tests/a.test.ts'],
    levels: { 'tests/**': 'sequential' },
  })
  expect(configured.files[0]).toMatchObject({ level: 'sequential', source: 'config' })
})

test('deleted files leave the cache on the next write', async () => {
  const root = project({
    'support/db.ts': helper('SELECT 1'),
    'tests/a.test.ts': testFile,
    'tests/b.test.ts': testFile,
  })
  await analyzeProject({ root, files: ['tests/a.test.ts', 'tests/b.test.ts'] })
  rmSync(join(root, 'tests/b.test.ts'))
  writeFileSync(join(root, 'support/db.ts'), helper('SELECT 2'))
  await analyzeProject({ root, files: ['tests/a.test.ts'] })
  const cache = JSON.parse(readFileSync(join(root, DBSAFE_DIR, 'analyzer-cache.json'), 'utf8'))
  expect(Object.keys(cache.files)).toEqual(['tests/a.test.ts'])
  expect(Object.keys(cache.modules).sort()).toEqual(['support/db.ts', 'tests/a.test.ts'])
})
