import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { project } from './temp-project'

const prelude =
  "import { readFileSync } from 'node:fs'\nimport { Pool } from 'pg'\nimport { test } from 'vitest'\nconst pool = new Pool()\n"

test.each([
  [
    'pool.query(buildStatement(process.env.TABLE))',
    '`buildStatement(process.env.TABLE)` is built at run time',
  ],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the row is code with a template
  ['pool.query(`${process.env.VERB} FROM users`)', 'process.env.VERB} FROM users` is assembled at run time'],
  [
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row is code with a template
    "pool.query(readFileSync(`sql/${process.env.NAME}.sql`, 'utf8'))",
    'process.env.NAME}.sql` is chosen at run time',
  ],
  ['pool.query(statement)', '`statement` is not a constant the analyzer can read'],
])('an uncertain reason says what could not be read: %s', async (call, said) => {
  const root = project({
    'a.test.ts': `${prelude}declare const buildStatement: (t?: string) => string\nlet statement: string\ntest('x', async () => {\n  await ${call}\n})\n`,
  })
  const [analysis] = (await analyzeProject({ root, files: ['a.test.ts'], cache: false })).files
  expect(analysis).toMatchObject({ level: 'shared-writes', uncertain: true })
  expect(analysis?.reasons[0]?.text).toContain(said)
})
