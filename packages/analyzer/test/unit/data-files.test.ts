import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { project } from './temp-project'

async function analysed(files: Record<string, string>) {
  const root = project(files)
  const manifest = await analyzeProject({ root, files: ['a.test.ts'], cache: false })
  return manifest.files[0]!
}

const MANIFEST = '{\n  "name": "@acme/gadgets",\n  "version": "1.0.0",\n  "main": "./index.ts"\n}\n'

test("a workspace package's package.json, required or imported as JSON, is no module that fails to parse", async () => {
  const file = await analysed({
    'package.json': '{\n  "name": "acme",\n  "workspaces": ["packages/*"]\n}\n',
    'packages/gadgets/package.json': MANIFEST,
    'packages/gadgets/index.ts': 'export const gadgets = 1\n',
    'a.test.ts':
      "import { expect, test } from 'vitest'\nimport meta from '@acme/gadgets/package.json' with { type: 'json' }\nconst manifest = require('@acme/gadgets/package.json')\ntest('x', () => {\n  expect(manifest.version).toBe(meta.version)\n})\n",
  })
  expect({ level: file.level, uncertain: file.uncertain }).toEqual({ level: 'none', uncertain: false })
})

test('JSON reached through a tsconfig path alias is an asset as well', async () => {
  const file = await analysed({
    'tsconfig.json': '{ "compilerOptions": { "paths": { "#data/*": ["./data/*"] } } }\n',
    'data/rows.json': '{\n  "rows": [1, 2]\n}\n',
    'a.test.ts':
      "import { expect, test } from 'vitest'\nimport data from '#data/rows.json'\ntest('x', () => {\n  expect(data.rows).toHaveLength(2)\n})\n",
  })
  expect({ level: file.level, uncertain: file.uncertain }).toEqual({ level: 'none', uncertain: false })
})

test('a file that imports JSON keeps the evidence of its code', async () => {
  const file = await analysed({
    'db.ts': "import { Pool } from 'pg'\nexport const pool = new Pool()\n",
    'fixtures/rows.json': '[{ "id": 1 }]\n',
    'a.test.ts':
      "import { test } from 'vitest'\nimport rows from './fixtures/rows.json'\nimport { pool } from './db'\ntest('x', async () => {\n  for (const row of rows) await pool.query('INSERT INTO gadgets (id) VALUES ($1)', [row.id])\n})\n",
  })
  expect(file.level).toBe('isolated-writes')
})
