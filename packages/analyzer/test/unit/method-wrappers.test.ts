import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { project } from './temp-project'

/** A project class whose method forwards its statement to a pg pool. */
const STORE =
  "import pg from 'pg'\nexport default class Store {\n  private pool = new pg.Pool()\n  async run(text: string, values?: unknown[]) {\n    return this.pool.query(text, values)\n  }\n}\n"

test('a method of a project class called on a value a helper returns is read as a wrapper', async () => {
  const root = project({
    'src/store.ts': STORE,
    'test/support.ts': `import Store from '../src/store'
async function open(): Promise<Store> {
  return new Store()
}
export async function provision(name: string) {
  const store = await open()
  await store.run(\`CREATE DATABASE \${name}\`)
}
`,
    'test/a.test.ts':
      "import { beforeAll, test } from 'vitest'\nimport { provision } from './support'\nbeforeAll(() => provision('scratch'))\ntest('x', () => {})\n",
  })
  const manifest = await analyzeProject({ root, files: ['test/a.test.ts'], cache: false })
  expect(manifest.files[0]?.level).toBe('sequential')
  expect(manifest.files[0]?.reasons[0]).toMatchObject({ file: 'test/support.ts', line: 7 })
  expect(manifest.files[0]?.reasons[0]?.text).toMatch(/CREATE DATABASE/)
})

test('a function that hands its statement to such a method is a wrapper too', async () => {
  const root = project({
    'src/store.ts': STORE,
    'test/a.test.ts':
      "import { test } from 'vitest'\nimport Store from '../src/store'\nconst store = new Store()\nfunction exec(statement: string) {\n  return store.run(statement)\n}\ntest('x', async () => {\n  await exec('DROP ROLE auditor')\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['test/a.test.ts'], cache: false })
  expect(manifest.files[0]?.level).toBe('sequential')
})

test('a method called on a parameter that holds such a value is read the same', async () => {
  const root = project({
    'src/store.ts': STORE,
    'test/a.test.ts':
      "import { test } from 'vitest'\nimport Store from '../src/store'\nasync function revoke(store: Store) {\n  await store.run('DROP ROLE auditor')\n}\ntest('x', async () => {\n  await revoke(new Store())\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['test/a.test.ts'], cache: false })
  expect(manifest.files[0]?.level).toBe('sequential')
})

test('a method that no reachable module defines as a wrapper is not evidence', async () => {
  const root = project({
    'src/store.ts': STORE,
    'test/a.test.ts':
      "import { test } from 'vitest'\nimport Store from '../src/store'\nconst store = new Store()\ntest('x', async () => {\n  store.log('DROP ROLE auditor')\n  await store.run('SELECT 1')\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['test/a.test.ts'], cache: false })
  expect(manifest.files[0]?.level).toBe('read-only')
})
