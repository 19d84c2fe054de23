import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { analyzeTestFile, project } from './temp-project'

/** A shared suite that runs the store's hooks its caller hands it in beforeAll and afterAll. */
const SUITE =
  "import { afterAll, beforeAll, test } from 'vitest'\nexport function storeSuite(options: { store: { prepare?: () => Promise<void> }; finish?: () => Promise<void> }) {\n  beforeAll(async () => {\n    await options.store.prepare?.()\n  })\n  afterAll(options.finish)\n  test('saves', () => {})\n}\n"

async function levelOf(testFile: string) {
  return analyzeTestFile({ 'suite.ts': SUITE, 'a.test.ts': testFile })
}

test('a delete in a callback that a shared suite runs in beforeAll is committed cleanup', async () => {
  const analysis = await levelOf(
    "import { Pool } from 'pg'\nimport { storeSuite } from './suite'\nconst pool = new Pool()\nstoreSuite({\n  store: {\n    prepare: async () => {\n      await pool.query('DELETE FROM carts')\n    },\n  },\n})\n",
  )
  expect(analysis?.level).toBe('shared-writes')
  expect(analysis?.reasons[0]).toMatchObject({ file: 'a.test.ts', line: 7 })
  expect(analysis?.reasons[0]?.text).toMatch(/committed in beforeAll/)
})

test('an insert in a function handed as a parameter the suite runs in afterAll is committed too', async () => {
  const analysis = await levelOf(
    "import { Pool } from 'pg'\nimport { storeSuite } from './suite'\nconst pool = new Pool()\nstoreSuite({\n  store: {},\n  async finish() {\n    await pool.query(\"INSERT INTO audit (note) VALUES ('done')\")\n  },\n})\n",
  )
  expect(analysis?.level).toBe('shared-writes')
})

test('a callback the suite never runs in a hook keeps its level', async () => {
  const analysis = await levelOf(
    "import { Pool } from 'pg'\nimport { storeSuite } from './suite'\nconst pool = new Pool()\nstoreSuite({\n  store: {},\n  lookup: async () => {\n    await pool.query('DELETE FROM carts WHERE id = 1')\n  },\n})\n",
  )
  expect(analysis?.level).toBe('isolated-writes')
})

test('callbacks held in a constant and a suite that destructures its options count the same', async () => {
  const root = project({
    'suite.ts':
      "import { beforeAll, test } from 'vitest'\nexport function cartSuite(options: { carts: { empty(): Promise<void> } }) {\n  const { carts } = options\n  beforeAll(() => carts.empty())\n  test('adds', () => {})\n}\n",
    'a.test.ts':
      "import { Pool } from 'pg'\nimport { cartSuite } from './suite'\nconst pool = new Pool()\nconst carts = {\n  empty: async () => {\n    await pool.query('TRUNCATE carts')\n  },\n}\ncartSuite({ carts })\n",
  })
  const manifest = await analyzeProject({ root, files: ['a.test.ts'], cache: false })
  expect(manifest.files[0]?.level).toBe('shared-writes')
})
