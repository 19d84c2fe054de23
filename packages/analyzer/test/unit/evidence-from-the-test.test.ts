import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { project } from './temp-project'

test('a client library developed in the workspace is recognised by name, not followed into its internals', async () => {
  const root = project({
    'pnpm-workspace.yaml': "packages:\n  - 'orm'\n  - 'integration'\n",
    'orm/package.json':
      '{ "name": "drizzle-orm", "exports": { "./node-postgres": "./dist/node-postgres.js" } }',
    'orm/src/node-postgres.ts':
      "import { migrateMysql } from './mysql-dialect'\nexport function drizzle(client: unknown) { return { client, migrateMysql } }\n",
    'orm/src/mysql-dialect.ts':
      "export async function migrateMysql(session: { execute(sql: string): Promise<void> }) {\n  await session.execute('CREATE TABLE IF NOT EXISTS __migrations (id int)')\n}\n",
    'integration/package.json': '{ "name": "integration" }',
    'integration/a.test.ts':
      "import { drizzle } from 'drizzle-orm/node-postgres'\nimport { Client } from 'pg'\nimport { test } from 'vitest'\nconst db = drizzle(new Client())\ntest('x', async () => {\n  await db.execute('SELECT 1')\n})\n",
  })
  const manifest = await analyzeProject({ root: `${root}/integration`, files: ['a.test.ts'], cache: false })
  expect(manifest.files[0]).toMatchObject({ level: 'read-only', clients: ['drizzle-orm', 'pg'] })
})

test('among equal evidence, the deciding reason is the test file’s own', async () => {
  const root = project({
    'a-db.ts':
      "import { Pool } from 'pg'\nexport const pool = new Pool()\nexport const drop = () => pool.query('DROP TABLE IF EXISTS a_logs')\n",
    'a.test.ts':
      "import { test } from 'vitest'\nimport { pool } from './a-db'\ntest('x', async () => {\n  await pool.query('DROP SCHEMA IF EXISTS reports CASCADE')\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['a.test.ts'], cache: false })
  expect(manifest.files[0]?.reasons[0]).toMatchObject({ level: 'schema-changes', file: 'a.test.ts', line: 4 })
})
