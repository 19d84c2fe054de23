// `pnpm bench transaction`: the per-test cost of transaction-per-test, measured inside real Vitest runs.
// The same generated test files run with the wrapper, with the wrapper but no statement savepoints, and
// without any wrapper, alternating, R rounds. Two workloads of N tests through a pg Pool: `read` (two
// SELECTs: the wrapper's pure cost) and `write` (an INSERT and a SELECT: without the wrapper each
// INSERT commits, and a commit waits for the WAL flush, which a rolled-back transaction never does).
// Vitest's test duration includes the beforeEach/afterEach hooks, so the difference is the whole overhead.
// Prints figures; asserts nothing. Server: DBSAFE_BENCH_ADMIN_URL (default: local PostgreSQL on 5432).
import {
  measureTransactionOverhead,
  VARIANTS,
  type Variant,
  WORKLOADS,
  type Workload,
} from './measure-transaction-overhead.ts'

const TESTS = Number(process.env.BENCH_TESTS ?? 400)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const adminUrl = process.env.DBSAFE_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

const workloads = Object.keys(WORKLOADS) as Workload[]
const variants = Object.keys(VARIANTS) as Variant[]
console.log(`\ntransaction per test: ${TESTS} tests per file, ${ROUNDS} rounds, variants alternating`)
console.log(`server: ${adminUrl.replace(/:[^:@/]*@/, ':***@')}`)
const perTest = await measureTransactionOverhead({
  adminUrl,
  tests: TESTS,
  rounds: ROUNDS,
  workloads,
  variants,
})
for (const workload of workloads) {
  const base = perTest[workload].none
  console.log(`\nworkload ${workload}: ${WORKLOADS[workload]}; SELECT count(*) FROM items`)
  console.log('variant'.padEnd(52), 'ms/test'.padStart(8), 'overhead'.padStart(10), 'ratio'.padStart(7))
  for (const variant of variants) {
    const ms = perTest[workload][variant]
    console.log(
      VARIANTS[variant].padEnd(52),
      ms.toFixed(3).padStart(8),
      `${(ms - base).toFixed(3)} ms`.padStart(10),
      `${(ms / base).toFixed(2)}×`.padStart(7),
    )
  }
}
console.log(
  '\ntarget: overhead ≤ 1 ms per test (median test of each run, median of rounds; durations include hooks)',
)
