// `pnpm demo`: what dbsafe makes of the suite, then the suite under dbsafe on an embedded PostgreSQL.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

function step(title, command, args) {
  console.log(`\n\x1b[1m▶ ${title}\x1b[22m\n  $ ${[command, ...args].join(' ')}\n`)
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  return status ?? 1
}

const analyzed = step('Analysis: the database dependency level of every test file, and why', 'dbsafe', [
  'analyze',
  'test/**/*.test.ts',
])
if (analyzed !== 0) process.exit(analyzed)

process.exitCode = step('The suite under dbsafe: each file gets the isolation its level needs', 'vitest', [
  'run',
])
