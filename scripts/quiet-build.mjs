// `pnpm demo`'s build: one line when it works, the whole build output when it does not.
import { spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'

const started = performance.now()
const result = spawnSync('pnpm', ['-r', '--filter', './packages/*', 'build'], {
  encoding: 'utf8',
  shell: process.platform === 'win32',
})
if (result.status !== 0) {
  process.stdout.write(result.stdout ?? '')
  process.stderr.write(result.stderr ?? '')
  console.error(`\nThe build failed (exit ${result.status ?? result.signal}); its output is above.`)
  process.exit(result.status ?? 1)
}
console.log(`built the dbsafe packages in ${((performance.now() - started) / 1000).toFixed(1)} s`)
