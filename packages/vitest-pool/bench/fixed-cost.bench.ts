// `pnpm bench fixed-cost --old <checkout> [--new <checkout>] [--rounds N] [--suite examples/bookshop]`
// The fixed cost of a dbsafe run before and after a change: `vitest run` of the suite (default examples/bookshop,
// its own config: the plugin on its embedded server) in two checkouts, each installed and built (the old one
// typically `git archive <commit> | tar -x -C <dir>`, then `pnpm install --frozen-lockfile && pnpm build` there;
// the new one defaults to this checkout). Every run has DBSAFE_TIMINGS=1 and its own TMPDIR per checkout, so each
// checkout keeps its own cached embedded cluster (what one run leaves to the reaper is its own checkout's next
// run's). One discarded warm-up run per checkout, then interleaved rounds (the order alternating). Prints each
// run's `first-file` (process start → first file sent), `close` and their sum (the fixed cost), and the wall
// time, then the medians and the median of the per-round ratios new/old. Asserts nothing: figures move with the
// machine's other load, the ratios of one round less.
import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { median } from './bench-support.ts'

const { values } = parseArgs({
  options: {
    old: { type: 'string' },
    new: { type: 'string', default: fileURLToPath(new URL('../../..', import.meta.url)) },
    rounds: { type: 'string', default: '5' },
    suite: { type: 'string', default: 'examples/bookshop' },
  },
})
if (!values.old) {
  console.error('Usage: pnpm bench fixed-cost --old <checkout> [--new <checkout>] [--rounds N] [--suite dir]')
  process.exit(2)
}
const ROUNDS = Number(values.rounds)
const SIDES = { old: resolve(values.old), new: resolve(values.new as string) } as const
type Side = keyof typeof SIDES

/** One run's figures, in milliseconds (NaN when the run did not print them). */
interface Figures {
  firstFileMs: number
  closeMs: number
  fixedMs: number
  wallMs: number
  passed: boolean
}

/** A phase's duration from the `dbsafe timings` table (`  close         0.61s  at   8.05s  …`). */
function phaseMs(output: string, phase: string): number {
  const match = new RegExp(`^\\s+${phase}\\s+([\\d.]+)s\\s+at`, 'm').exec(output)
  return match ? Number(match[1]) * 1000 : Number.NaN
}

function runSuite(side: Side): Promise<Figures> {
  const checkout = SIDES[side]
  const root = join(checkout, values.suite as string)
  // The postgres system user (as root) must pass through the folder of the cached cluster.
  const tmp = join('/tmp', `dbsafe-fixed-cost-${side}`)
  mkdirSync(tmp, { recursive: true })
  chmodSync(tmp, 0o755)
  const vitest = join(root, 'node_modules/vitest/vitest.mjs')
  if (!existsSync(vitest)) throw new Error(`${vitest} is missing: install that checkout first`)
  const started = performance.now()
  const child = spawn(process.execPath, [vitest, 'run'], {
    cwd: root,
    env: { ...process.env, DBSAFE_TIMINGS: '1', TMPDIR: tmp, FORCE_COLOR: '0', NO_COLOR: '1', CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  return new Promise((done, fail) => {
    child.on('error', fail)
    child.on('close', (code) => {
      const firstFileMs = phaseMs(output, 'first-file')
      const closeMs = phaseMs(output, 'close')
      done({
        firstFileMs,
        closeMs,
        fixedMs: firstFileMs + closeMs,
        wallMs: performance.now() - started,
        passed: code === 0 && /Test Files\s+\d+ passed/.test(output),
      })
    })
  })
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)}s`

async function run(side: Side, round: number): Promise<Figures> {
  const figures = await runSuite(side)
  console.log(
    `  round ${round}  ${side.padEnd(3)}  first-file ${s(figures.firstFileMs).padStart(6)}  close ${s(figures.closeMs).padStart(6)}  ` +
      `fixed ${s(figures.fixedMs).padStart(6)}  wall ${s(figures.wallMs).padStart(6)}${figures.passed ? '' : '  FAILED'}`,
  )
  return figures
}

console.log(`fixed cost of ${values.suite}: old ${SIDES.old}, new ${SIDES.new}; ${ROUNDS} round(s)`)
await run('old', 0)
await run('new', 0)
const results: Record<Side, Figures[]> = { old: [], new: [] }
for (let round = 1; round <= ROUNDS; round++) {
  const order: Side[] = round % 2 ? ['old', 'new'] : ['new', 'old']
  for (const side of order) results[side].push(await run(side, round))
}
const metrics = ['firstFileMs', 'closeMs', 'fixedMs', 'wallMs'] as const
console.log('\nmedians (old → new) and the median of the per-round ratios new/old')
for (const metric of metrics) {
  const old = results.old.map((figures) => figures[metric])
  const fresh = results.new.map((figures) => figures[metric])
  const ratios = fresh.map((value, i) => value / (old[i] as number))
  console.log(
    `  ${metric.replace('Ms', '').padEnd(9)} ${s(median(old)).padStart(6)} → ${s(median(fresh)).padStart(6)}   ×${median(ratios).toFixed(2)}` +
      `   (per round: ${ratios.map((ratio) => ratio.toFixed(2)).join(' ')})`,
  )
}
const failed = (side: Side) => results[side].filter((figures) => !figures.passed).length
console.log(`  failed runs: old ${failed('old')}, new ${failed('new')}`)
