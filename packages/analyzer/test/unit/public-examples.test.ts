import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'

const root = fileURLToPath(new URL('../fixtures/public-examples', import.meta.url))
const labels = JSON.parse(readFileSync(`${root}/labels.json`, 'utf8')) as Record<string, { level: string }>

describe('public examples of levels.md', async () => {
  const manifest = await analyzeProject({ root, files: Object.keys(labels), cache: false })
  test.each(Object.entries(labels))('%s is %s', (file, label) => {
    const analysis = manifest.files.find((entry) => entry.file === file)
    expect({ file, level: analysis?.level, reasons: analysis?.reasons.slice(0, 2) }).toMatchObject({
      file,
      level: label.level,
    })
  })
})
