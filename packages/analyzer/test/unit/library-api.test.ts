import { describe, expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { LIBRARY_TABLES } from './library-api-rows'
import { project } from './temp-project'

/** Each row's file: the library's prelude, then the row's code (inside a test unless it stands on its own). */
function rowFile(prelude: string, code: string, topLevel: boolean): string {
  const hooks = /\b(before|after)(Each|All)\(/.test(code)
  const body = topLevel || hooks ? code : `test('row', async () => {\n  ${code.replace(/\n/g, '\n  ')}\n})`
  const extra = hooks && !topLevel ? "\ntest('row', () => {})" : ''
  return `import { afterAll, afterEach, beforeAll, beforeEach, test } from 'vitest'\n${prelude}${body}${extra}\n`
}

const files: Record<string, string> = {}
const cases: Array<{ library: string; file: string; code: string; level: string; clients: string[] }> = []
LIBRARY_TABLES.forEach((table, t) => {
  table.rows.forEach((row, r) => {
    const file = `rows/${t}-${r}.test.ts`
    files[file] = rowFile(table.prelude, row.code, row.topLevel ?? false)
    cases.push({ library: table.library, file, code: row.code, level: row.level, clients: table.clients })
  })
})

describe('each client library’s documented API (docs/analyzer.md, "Client libraries")', async () => {
  const root = project(files)
  const manifest = await analyzeProject({ root, files: Object.keys(files), cache: false })
  test.each(cases)('$library: $code → $level', ({ file, code, level, clients }) => {
    const analysis = manifest.files.find((entry) => entry.file === file)
    expect({
      code,
      level: analysis?.level,
      clients: analysis?.clients,
      reason: analysis?.reasons[0]?.text,
    }).toMatchObject({
      code,
      level,
      clients,
    })
  })
})
