import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseAnalysisManifest } from '@dbsafe/core'
import { afterAll, expect, test } from 'vitest'

const bin = fileURLToPath(new URL('../../../cli/dist/bin.js', import.meta.url))
const examples = fileURLToPath(new URL('../fixtures/public-examples', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'dbsafe-analyze-e2e-'))
cpSync(examples, root, { recursive: true })
afterAll(() => rmSync(root, { recursive: true, force: true }))

function dbsafe(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, 'analyze', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  })
  return { code: result.status, out: result.stdout, err: result.stderr }
}

test('the built `dbsafe analyze` labels every public example, then answers from its cache', () => {
  const labels = JSON.parse(readFileSync(join(root, 'labels.json'), 'utf8')) as Record<
    string,
    { level: string }
  >
  const cold = dbsafe('--json')
  expect(cold.code).toBe(0)
  const manifest = parseAnalysisManifest(JSON.parse(cold.out))
  expect(Object.fromEntries(manifest.files.map((file) => [file.file, file.level]))).toEqual(
    Object.fromEntries(Object.entries(labels).map(([file, label]) => [file, label.level])),
  )
  const cache = JSON.parse(readFileSync(join(root, '.vitest/dbsafe/analyzer-cache.json'), 'utf8'))
  expect(Object.keys(cache.files)).toHaveLength(18)
  const warm = dbsafe('--json')
  expect(warm.out).toBe(cold.out)
})

test('bad input exits 2 with a message that says how to fix it', () => {
  const result = dbsafe('test/nothing-here/*.test.ts')
  expect(result.code).toBe(2)
  expect(result.err).toContain('"test/nothing-here/*.test.ts" matches no file')
  expect(result.err).toContain('How to fix:')
})
