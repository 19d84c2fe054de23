import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type CommandContext, emptyLearnedLevels, type LearnedLevels, writeLearnedLevels } from '@dbsafe/core'
import { describe, expect, test } from 'vitest'
import { analyzeProject } from '../../src/analyze-project'
import { analyzeCommand } from '../../src/index'
import { project } from './temp-project'

const FILES = {
  'src/db.ts': "import pg from 'pg'\nexport const pool = new pg.Pool()\n",
  'test/queue.test.ts':
    "import { test } from 'vitest'\nimport { pool } from '../src/db'\ntest('q', () => pool.query('SELECT 1'))\n",
  'test/annotated.test.ts':
    "// @db-level read-only\nimport { test } from 'vitest'\nimport { pool } from '../src/db'\ntest('a', () => pool.query('SELECT 1'))\n",
}

/** What a run of the guard taught about `file`, for the given content key. */
function learned(file: string, contentKey: string): LearnedLevels {
  return {
    ...emptyLearnedLevels(),
    files: {
      [file]: {
        contentKey,
        level: 'shared-writes',
        ranAt: 'read-only',
        evidence: [
          {
            level: 'shared-writes',
            kind: 'notify',
            text: 'LISTEN jobs',
            at: 'src/db.ts:9:3',
            source: 'client',
          },
        ],
        seenAt: '2026-12-01T10:00:00.000Z',
        runId: 'r1',
      },
    },
  }
}

async function analyse(root: string, file: string) {
  const manifest = await analyzeProject({ root, files: [file] })
  return manifest.files[0]!
}

describe('learned levels', () => {
  test('a file seen needing more than analysis found gets the learned level, with the observed evidence first', async () => {
    const root = project(FILES)
    const before = await analyse(root, 'test/queue.test.ts')
    expect(before).toMatchObject({ level: 'read-only', source: 'analysis', contentKey: expect.any(String) })
    writeLearnedLevels(root, learned('test/queue.test.ts', before.contentKey!))
    const after = await analyse(root, 'test/queue.test.ts')
    expect(after).toMatchObject({ level: 'shared-writes', source: 'learned', uncertain: false })
    expect(after.reasons[0]).toEqual({
      level: 'shared-writes',
      kind: 'observed',
      file: 'src/db.ts',
      line: 9,
      column: 3,
      text: 'seen at run time (2026-12-01): LISTEN jobs',
    })
    expect(after.reasons.slice(1)).toEqual(before.reasons)
  })

  test('an edit of the file or of a module it imports makes what was learned stale', async () => {
    const root = project(FILES)
    const before = await analyse(root, 'test/queue.test.ts')
    writeLearnedLevels(root, learned('test/queue.test.ts', before.contentKey!))
    writeFileSync(join(root, 'src/db.ts'), `${FILES['src/db.ts']}// edited\n`)
    const after = await analyse(root, 'test/queue.test.ts')
    expect(after.contentKey).not.toBe(before.contentKey)
    expect(after).toMatchObject({ level: 'read-only', source: 'analysis' })
  })

  test('an annotation is obeyed, whatever was learned', async () => {
    const root = project(FILES)
    const before = await analyse(root, 'test/annotated.test.ts')
    writeLearnedLevels(root, learned('test/annotated.test.ts', before.contentKey!))
    expect(await analyse(root, 'test/annotated.test.ts')).toMatchObject({
      level: 'read-only',
      source: 'annotation',
    })
  })

  test('`dbsafe analyze --explain` says the level was learned, and shows a recommended lower level', async () => {
    const root = project(FILES)
    const { contentKey } = await analyse(root, 'test/queue.test.ts')
    writeLearnedLevels(root, {
      ...learned('test/queue.test.ts', contentKey!),
      recommendations: {
        'test/annotated.test.ts': {
          contentKey: (await analyse(root, 'test/annotated.test.ts')).contentKey!,
          ranAt: 'read-only',
          level: 'none',
          runs: 3,
          counts: {},
        },
      },
    })
    let out = ''
    const context: CommandContext = {
      cwd: root,
      env: { NO_COLOR: '1' },
      stdout: (text) => {
        out += text
      },
      stderr: () => {},
    }
    expect(await analyzeCommand(['test/*.test.ts', '--explain', 'test/queue.test.ts'], context)).toBe(0)
    expect(out).toContain('test/queue.test.ts: shared-writes (decided by learned)')
    expect(out).toContain('→ shared-writes   observed   src/db.ts:9:3')
    expect(out).toContain('seen at run time (2026-12-01): LISTEN jobs')
    out = ''
    expect(await analyzeCommand(['test/*.test.ts', '--explain', 'test/annotated.test.ts'], context)).toBe(0)
    expect(out).toContain(
      'recommended: none — its last 3 runs at read-only passed and never needed more (nothing on its database).',
    )
  })
})
