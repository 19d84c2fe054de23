// `pnpm bench provision`: what database lifecycle costs, measured side by side in one run.
// A generated project (TABLES tables with a foreign-key chain, an index each and SEED_ROWS seed rows each,
// one migration file per table) is provisioned on the embedded PostgreSQL 18 (a fresh cache dir, so the first
// run includes initdb) and, when DBSAFE_TEST_ADMIN_URL is set, on that server too. Per server it prints:
//   - first run vs second run: createProvisioner + ensureTemplate + one lease; the second reuses the server's
//     cached cluster (embedded) and the template, and must cost ≤ 10% of the first;
//   - the clone strategy the run's own clones chose, and the median/p90 per-worker clone for each strategy
//     (target ≤ 50 ms);
//   - a lease from the warm pool and a reuse of a clean worker database (target ≤ 5 ms);
//   - the proof behind a clean release (nothing committed, settings unchanged), per path.
// Prints figures; asserts nothing. CLONES=<n> sets the samples per strategy (default 15).
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ProvisionerOptions } from '@dbsafe/vitest-pool'
import { dropPrefixedDatabases, quantile } from './bench-support.ts'
import { cleanReleaseTimes } from './measure-clean-release.ts'
import { calibrate, cloneTimes, measureFirstAndSecondRun, warmLeases } from './measure-provisioning.ts'

const TABLES = Number(process.env.TABLES ?? 40)
const SEED_ROWS = Number(process.env.SEED_ROWS ?? 50)
const CLONES = Number(process.env.CLONES ?? 15)

const ms = (value: number): string => `${value.toFixed(1)} ms`

function writeProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'dbsafe-bench-provision-'))
  mkdirSync(join(root, 'migrations'))
  for (let t = 0; t < TABLES; t++) {
    const parent = t > 0 ? `, parent_id bigint REFERENCES t${t - 1}(id)` : ''
    writeFileSync(
      join(root, 'migrations', `${String(t).padStart(3, '0')}_t${t}.sql`),
      `CREATE TABLE t${t} (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, created_at timestamptz DEFAULT now()${parent});\n` +
        `CREATE INDEX t${t}_created ON t${t} (created_at);\n`,
    )
  }
  const seed = Array.from({ length: TABLES }, (_, t) => {
    const parent = t > 0 ? ', parent_id' : ''
    const parentValue = t > 0 ? ', 1' : ''
    return `INSERT INTO t${t} (name${parent}) SELECT 'row ' || i${parentValue} FROM generate_series(1, ${SEED_ROWS}) i;`
  })
  writeFileSync(join(root, 'seed.sql'), `${seed.join('\n')}\n`)
  return root
}

async function benchServer(label: string, base: ProvisionerOptions): Promise<void> {
  console.log(`\n== ${label}`)
  const { first, second } = await measureFirstAndSecondRun(base)
  const version = first.provisioner.server.versionNum
  const adminUrl = second.provisioner.server.adminUrl
  console.log(`server ${version}, template: ${TABLES} tables, ${TABLES * SEED_ROWS} seed rows`)
  console.log(
    `first run   ${ms(first.startMs)} = server ${ms(first.serverMs)} + template ${ms(first.templateMs)} (build ${first.template.buildMs} ms); first lease ${ms(first.leaseMs)}`,
  )
  console.log(
    `second run  ${ms(second.startMs)} = server ${ms(second.serverMs)} + template ${ms(second.templateMs)} (reused=${!second.template.built}, migrations applied ${second.template.migrationsApplied}); first lease ${ms(second.leaseMs)}`,
  )
  console.log(
    `second / first run start = ${((100 * second.startMs) / first.startMs).toFixed(1)}%  (target ≤ 10%)`,
  )
  const running = { ...base, url: adminUrl }
  try {
    const calibration = await calibrate(running)
    console.log(
      `calibration from the run's own clones picked ${calibration.strategy} after ${calibration.leases} leases: ${Object.entries(
        calibration.cloneMs,
      )
        .map(([strategy, value]) => `${strategy} ${value} ms`)
        .join(', ')}`,
    )
    for (const strategy of ['WAL_LOG', 'FILE_COPY', 'FILE_COPY_CLONE'] as const) {
      if (strategy !== 'WAL_LOG' && version < 150000) continue
      if (strategy === 'FILE_COPY_CLONE' && version < 180000) continue
      const times = await cloneTimes(running, strategy, CLONES)
      console.log(
        typeof times === 'string'
          ? `clone ${strategy.padEnd(15)} unavailable: ${times}`
          : `clone ${strategy.padEnd(15)} median ${ms(quantile(times, 0.5))}  p90 ${ms(quantile(times, 0.9))}  (n=${times.length}, target median ≤ 50 ms)`,
      )
    }
    const { warm, reuse } = await warmLeases(running, CLONES)
    console.log(`lease from warm pool   median ${ms(quantile(warm, 0.5))}  p90 ${ms(quantile(warm, 0.9))}`)
    console.log(`reuse clean worker db  median ${ms(quantile(reuse, 0.5))}  p90 ${ms(quantile(reuse, 0.9))}`)
    const proof = await cleanReleaseTimes(running, CLONES)
    for (const [path, times] of Object.entries(proof)) {
      console.log(
        `release clean, ${path.padEnd(7)} median ${ms(quantile(times, 0.5))}  p90 ${ms(quantile(times, 0.9))}  (proof ${path === 'quick' ? 'from statistics alone' : 'counting committed changes'})`,
      )
    }
  } finally {
    await dropPrefixedDatabases(adminUrl, base.databasePrefix!)
    await second.provisioner.close()
  }
}

const root = writeProject()
const cacheDir = mkdtempSync(join(tmpdir(), 'dbsafe-bench-cache-'))
const common = { root, migrations: 'migrations', seed: 'seed.sql', onLog: () => {} }
try {
  await benchServer('embedded PostgreSQL (cold cache dir)', {
    ...common,
    databasePrefix: `dbsafe_bench_${randomBytes(3).toString('hex')}`,
    embedded: { cacheDir },
  })
  const external = process.env.DBSAFE_TEST_ADMIN_URL
  if (external) {
    await benchServer(`external server`, {
      ...common,
      url: external,
      databasePrefix: `dbsafe_bench_${randomBytes(3).toString('hex')}`,
    })
  }
} finally {
  rmSync(root, { recursive: true, force: true })
  rmSync(cacheDir, { recursive: true, force: true })
}
