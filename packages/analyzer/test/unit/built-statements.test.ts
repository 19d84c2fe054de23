import { expect, test } from 'vitest'
import { levelOf } from './temp-project'

const TAG_BUILDER =
  'export const buildTag = () => (parts: TemplateStringsArray, ...values: unknown[]) => ({ text: parts.join("?"), values })\n'

test('a statement a tag only builds, with no client in reach, is a builder that cannot reach a server', async () => {
  const level = await levelOf({
    'query-text.ts': TAG_BUILDER,
    'a.test.ts':
      "import { expect, test } from 'vitest'\nimport { buildTag } from './query-text'\nconst sql = buildTag()\ntest('x', () => {\n  const built = sql`DROP TABLE carts`\n  expect(built.text).toContain('carts')\n})\n",
  })
  expect(level).toBe('none')
})

test('the same built statement counts once a client is in reach', async () => {
  const level = await levelOf({
    'query-text.ts': TAG_BUILDER,
    'db.ts': "import { Pool } from 'pg'\nexport const pool = new Pool()\n",
    'a.test.ts':
      "import { test } from 'vitest'\nimport './db'\nimport { buildTag } from './query-text'\nconst sql = buildTag()\nexport const purge = () => sql`DELETE FROM carts`\ntest('x', () => {})\n",
  })
  expect(level).toBe('isolated-writes')
})

test('an awaited tag, and a tag that is a package’s own client, count without a known client', async () => {
  const awaited = await levelOf({
    'query-text.ts': TAG_BUILDER,
    'a.test.ts':
      "import { test } from 'vitest'\nimport { buildTag } from './query-text'\nconst sql = buildTag()\ntest('x', async () => {\n  await sql`DELETE FROM carts`\n})\n",
  })
  const fromPackage = await levelOf({
    'a.test.ts':
      "import { test } from 'vitest'\nimport { sql } from '@vercel/postgres'\nconst purge = () => sql`DELETE FROM carts`\ntest('x', async () => {\n  await purge()\n})\n",
  })
  expect({ awaited, fromPackage }).toEqual({ awaited: 'isolated-writes', fromPackage: 'isolated-writes' })
})

test('a client library’s builder tag imported from its package builds, without a client, nothing that runs', async () => {
  const level = await levelOf({
    'a.test.ts':
      "import { expect, test } from 'vitest'\nimport { sql } from 'slonik'\ntest('x', () => {\n  const built = sql.fragment`DELETE FROM carts`\n  expect(built.sql).toContain('carts')\n})\n",
  })
  expect(level).toBe('none')
})
