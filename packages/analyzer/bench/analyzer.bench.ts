// `pnpm bench analyzer`: accuracy on the public examples and the labelled corpus, then cold/warm speed on a
// generated 1,000-file project (each timing in a fresh Node process, as the pool would see it).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { analyzeProject } from '@dbsafe/analyzer'
import { DB_LEVELS, levelRank } from '@dbsafe/core'
import { generateProject } from './generate-project.ts'

const here = fileURLToPath(new URL('.', import.meta.url))
const FILES = 1000

if (process.argv[2] === '--child') {
  const root = process.argv[3]!
  const files = Array.from({ length: FILES }, (_, i) => `test/file-${String(i).padStart(4, '0')}.test.ts`)
  const started = performance.now()
  const manifest = await analyzeProject({ root, files })
  const ms = performance.now() - started
  process.stdout.write(JSON.stringify({ ms, processMs: performance.now(), files: manifest.files.length }))
  process.exit(0)
}

async function accuracy(name: string, root: string) {
  const labels = JSON.parse(readFileSync(join(root, 'labels.json'), 'utf8')) as Record<
    string,
    { level: string }
  >
  const manifest = await analyzeProject({ root, files: Object.keys(labels), cache: false })
  const matrix = DB_LEVELS.map(() => DB_LEVELS.map(() => 0))
  let exact = 0
  const under: string[] = []
  for (const entry of manifest.files) {
    const expected = labels[entry.file]!.level as (typeof DB_LEVELS)[number]
    matrix[levelRank(expected)]![levelRank(entry.level)]!++
    if (entry.level === expected) exact++
    if (levelRank(entry.level) < levelRank(expected))
      under.push(`${entry.file} (${entry.level} < ${expected})`)
  }
  const total = manifest.files.length
  console.log(
    `\n${name}: ${exact}/${total} exact (${((exact / total) * 100).toFixed(1)}%), under-classified: ${under.length}`,
  )
  for (const file of under) console.log(`  under: ${file}`)
  const width = 16
  console.log(`  ${'label \\ got'.padEnd(width)}${DB_LEVELS.map((level) => level.padStart(width)).join('')}`)
  DB_LEVELS.forEach((level, row) => {
    console.log(`  ${level.padEnd(width)}${matrix[row]!.map((n) => String(n).padStart(width)).join('')}`)
  })
}

function child(root: string): { ms: number; processMs: number; files: number } {
  return JSON.parse(
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', root], { encoding: 'utf8' }),
  )
}

await accuracy('public examples', join(here, '../test/fixtures/public-examples'))
await accuracy('labelled corpus', join(here, '../test/fixtures/corpus'))

const root = mkdtempSync(join(tmpdir(), 'dbsafe-bench-'))
try {
  generateProject(root, FILES)
  const cold = child(root)
  const warm = child(root)
  writeFileSync(
    join(root, 'src/money.ts'),
    'export function cents(value: number): number {\n  return Math.round(value * 100) | 0\n}\n',
  )
  const oneChanged = child(root)
  const rate = (run: { ms: number }) => `${Math.round((FILES / run.ms) * 1000)} files/s`
  const machine = `${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}`
  console.log(`\ngenerated project: ${FILES} test files, 83 shared modules (${machine})`)
  console.log(
    `  cold (no cache):        ${(cold.ms / 1000).toFixed(2)} s analysis, ${(cold.processMs / 1000).toFixed(2)} s with Node start and imports  (${rate(cold)})`,
  )
  console.log(
    `  warm (nothing changed): ${(warm.ms / 1000).toFixed(3)} s analysis, ${(warm.processMs / 1000).toFixed(2)} s with Node start and imports  (${rate(warm)})`,
  )
  console.log(`  warm (one shared module changed): ${(oneChanged.ms / 1000).toFixed(3)} s analysis`)
  console.log(`  warm / cold: ${(warm.ms / cold.ms).toFixed(3)}; targets: cold <= 20 s, warm <= 1 s`)
} finally {
  rmSync(root, { recursive: true, force: true })
}
