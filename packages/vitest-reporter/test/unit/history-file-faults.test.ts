import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DbsafeError, isDbsafeError } from '@dbsafe/core'
import { describe, expect, test } from 'vitest'
import { corruptHistoryWarning } from '../../src/corrupt-history-warning'
import { FileHistoryStore, readHistoryFile, writeHistoryFile } from '../../src/file-history-store'
import { fileSystemProblem } from '../../src/file-system-problem'
import { run } from './helpers'

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'dbsafe-history-faults-'))
}

describe('a corrupt history file', () => {
  test('is moved aside whole, never overwritten, and a new history starts with the run', async () => {
    const dir = await folder()
    const path = join(dir, 'history.json')
    await writeFile(path, '{"format":"dbsafe-history", trailing garbage')
    const seen: { error: DbsafeError; movedTo: string }[] = []
    const store = new FileHistoryStore(path, 'history.json', { onCorrupt: (problem) => seen.push(problem) })
    const history = await store.append(
      [run({ runId: 'after-corruption', startedAt: new Date().toISOString() })],
      {},
    )
    expect(history.runs.map((r) => r.runId)).toEqual(['after-corruption'])
    expect((await readHistoryFile(path)).runs.map((r) => r.runId)).toEqual(['after-corruption'])
    expect(seen).toHaveLength(1)
    expect(isDbsafeError(seen[0]?.error, 'DBSAFE_HISTORY_CORRUPT')).toBe(true)
    expect(await readFile(seen[0]?.movedTo ?? '', 'utf8')).toBe(
      '{"format":"dbsafe-history", trailing garbage',
    )
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  test('without onCorrupt (the history command) it is an error and the file stays as it is', async () => {
    const dir = await folder()
    const path = join(dir, 'history.json')
    await writeFile(path, '[1, 2')
    const error = await new FileHistoryStore(path).append([run({ runId: 'x' })], {}).catch((caught) => caught)
    expect(isDbsafeError(error, 'DBSAFE_HISTORY_CORRUPT')).toBe(true)
    expect(await readFile(path, 'utf8')).toBe('[1, 2')
  })

  test('the warning is one line: what is wrong, where the file went, what to do', () => {
    const dir = '/repo'
    const error = new Error(
      '/repo/.vitest/dbsafe/history.json is not valid JSON, so dbsafe cannot read its history.\n  How to fix: move it',
    )
    const line = corruptHistoryWarning(error, '/repo/.vitest/dbsafe/history.json.corrupt-2025', dir)
    expect(line).toBe(
      'dbsafe: /repo/.vitest/dbsafe/history.json is not valid JSON, so dbsafe cannot read its history. It was moved to .vitest/dbsafe/history.json.corrupt-2025 (not overwritten) and a new history starts with this run; restore it from a backup to keep its runs, or delete it.',
    )
  })
})

describe('a history folder that cannot be written', () => {
  test('a path through a regular file is a file-system problem named by code, call and path', async () => {
    const dir = await folder()
    await writeFile(join(dir, 'blocked'), 'a file, not a folder')
    const write = (path: string) =>
      writeHistoryFile(join(dir, path), { schemaVersion: 1, runs: [] }).catch((caught) => caught)
    expect(fileSystemProblem(await write('blocked/dbsafe/history.json'), dir)).toBe(
      'ENOTDIR: mkdir blocked/dbsafe',
    )
    expect(fileSystemProblem(await write('blocked/history.json'), dir)).toBe('EEXIST: mkdir blocked')
    expect(fileSystemProblem(Object.assign(new Error('x'), { code: 'EACCES' }), dir)).toBe('EACCES')
  })

  test('any other error is not taken for one (it is a bug to surface)', () => {
    expect(fileSystemProblem(new TypeError('undefined is not a function'), '/')).toBeUndefined()
    expect(
      fileSystemProblem(Object.assign(new Error('x'), { code: 'DBSAFE_HISTORY_CORRUPT' }), '/'),
    ).toBeUndefined()
  })
})
