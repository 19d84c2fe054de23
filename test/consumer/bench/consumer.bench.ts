// `pnpm bench consumer [runs]`: repeat runs of a consumer project, the "Done when" of issue 10. The
// levels-app fixture is installed from the packed packages once with npm and once with the latest pnpm,
// then run `runs` times each (default 10) through its own Vitest CLI with worker reuse on, the reporter's
// history kept between runs as a user's is. Each run is checked file by file (passed, on its own
// database, at its level); at the end a table: runs, runs where every file passed and was isolated,
// files failed, and the median run time. It runs test/consumer/repeat-runs.test.ts in the repository's
// `consumer` Vitest project (which packs the packages), so a run that is not clean also fails the bench.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const runs = process.argv[2] ?? '10'
if (!/^[1-9]\d*$/.test(runs)) {
  console.error(`Usage: pnpm bench consumer [runs]  (runs: a positive integer, not "${runs}")`)
  process.exit(2)
}
const result = spawnSync(
  join(root, 'node_modules', '.bin', 'vitest'),
  ['run', '--project', 'consumer', 'test/consumer/repeat-runs.test.ts'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, DBSAFE_CONSUMER_REPEATS: runs } },
)
process.exit(result.status ?? 1)
