// `pnpm demo`: the bookshop suite, written to run one file at a time, run three ways side by side —
// serial, Vitest's default pool on one database, and dbsafe — after what dbsafe reads in each file.
import { availableParallelism, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { styleText } from 'node:util'
import { startEmbeddedServer } from '@dbsafe/vitest-pool'
import { analyzeByLevel } from './demo-analysis.mjs'
import { runVitest } from './demo-run.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const color = process.stdout.isTTY && !process.env.NO_COLOR
const style = (format, text) => (color ? styleText(format, text) : text)
const write = (text) => process.stdout.write(text)
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`
const clip = (text, width) => (text.length > width ? `${text.slice(0, width - 1)}…` : text)

console.log(
  style(
    'bold',
    'dbsafe demo · examples/bookshop: 31 test files written to run one at a time on one database',
  ),
)

console.log(style('bold', '\n1. What dbsafe reads in each file') + style('dim', '  (dbsafe analyze)'))
for (const { level, count, example } of analyzeByLevel(root)) {
  const detail = example?.reason ?? ''
  console.log(`   ${level.padEnd(16)}${String(count).padStart(2)}  ${style('dim', clip(detail, 88))}`)
}

console.log(style('bold', '\n2. The same suite three ways, on an embedded PostgreSQL 18'))
const server = await startEmbeddedServer()
const baseEnv = { ...process.env, BOOKSHOP_SERVER_URL: server.adminUrl }
delete baseEnv.DATABASE_URL // the baselines TRUNCATE the database they are given: only ever a new one
const runs = [
  {
    label: 'serial: one database, fileParallelism: false',
    args: ['--config', 'vitest.serial.config.ts'],
    env: baseEnv,
  },
  {
    label: "Vitest's default pool: one database, 4 workers",
    args: ['--config', 'vitest.shared.config.ts'],
    env: baseEnv,
  },
  { label: 'dbsafe: each file isolated as its level needs', args: [], env: process.env },
]
let serialMs
let dbsafeRun
try {
  for (const run of runs) {
    write(`   ${run.label.padEnd(48)}`)
    const result = await runVitest(root, run.args, run.env)
    serialMs ??= result.wallMs
    const failed = `${result.failed} of ${result.total} files failed`
    const verdict =
      result.failed > 0 || result.code !== 0
        ? style('red', failed.padEnd(24))
        : style('green', failed.padEnd(24))
    write(`${seconds(result.wallMs).padStart(7)}   ${verdict} ×${(result.wallMs / serialMs).toFixed(2)}\n`)
    if (result.failedFiles.length > 0) {
      const names = result.failedFiles.map((f) => f.replace(/^test\/|\.test\.ts$/g, ''))
      console.log(style('dim', `      files corrupt each other's data: ${clip(names.join(', '), 80)}`))
    }
    if (result.total === 0) console.log(result.output)
    if (run.args.length === 0) dbsafeRun = result
  }
} finally {
  await server.stop()
}

const [load] = loadavg()
if (load > availableParallelism()) {
  console.log(
    style(
      'yellow',
      `   the machine is busy (load ${load.toFixed(1)} on ${availableParallelism()} cores): times from one run each are rough`,
    ),
  )
}

const summary = /^dbsafe: .*$/m.exec(dbsafeRun.output)?.[0]
console.log(
  style('bold', "\n3. dbsafe's reporter") + style('dim', '  (every run: history, flaky tests, slowdowns)'),
)
if (summary) console.log(`   ${summary.replace(/^dbsafe: /, '')}`)
console.log(
  `   full summary: pnpm --filter @dbsafe/example-bookshop test · report: examples/bookshop/.vitest/dbsafe/report.html`,
)
console.log(
  `   why a level: pnpm --filter @dbsafe/example-bookshop exec dbsafe analyze --explain test/reporting-role.test.ts`,
)
process.exitCode = dbsafeRun.code
