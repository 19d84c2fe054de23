import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type DbLevel, levelRank } from '@dbsafe/core'
import { describe, expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'

const root = fileURLToPath(new URL('../fixtures/corpus', import.meta.url))
const labels = JSON.parse(readFileSync(`${root}/labels.json`, 'utf8')) as Record<
  string,
  { level: DbLevel; why: string }
>

describe('labelled corpus', async () => {
  const manifest = await analyzeProject({ root, files: Object.keys(labels), cache: false })
  const levelOf = (file: string) => manifest.files.find((entry) => entry.file === file)

  test('has at least 120 files across all six levels', () => {
    expect(Object.keys(labels).length).toBeGreaterThanOrEqual(120)
    expect(new Set(Object.values(labels).map((label) => label.level)).size).toBe(6)
  })

  test('no file is under-classified', () => {
    const under = Object.entries(labels)
      .filter(([file, label]) => levelRank(levelOf(file)?.level ?? 'none') < levelRank(label.level))
      .map(([file, label]) => `${file}: ${levelOf(file)?.level} < ${label.level}`)
    expect(under).toEqual([])
  })

  test.each(Object.entries(labels))('%s', (file, label) => {
    const analysis = levelOf(file)
    expect({
      file,
      level: analysis?.level,
      why: label.why,
      reasons: analysis?.reasons.slice(0, 3),
    }).toMatchObject({
      file,
      level: label.level,
    })
  })
})
