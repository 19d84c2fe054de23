// `pnpm bench <name> [args]`: runs packages/*/bench/<name>.bench.ts (or test/*/bench/<name>.bench.ts) with Node
// (type stripping) against the built packages.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const [name, ...args] = process.argv.slice(2)
const folders = ['packages', 'test'].flatMap((parent) =>
  readdirSync(parent).map((child) => join(parent, child)),
)
const benches = folders.flatMap((folder) => {
  const dir = join(folder, 'bench')
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.bench.ts'))
        .map((f) => ({ name: f.replace('.bench.ts', ''), path: join(dir, f) }))
    : []
})
const bench = benches.find((b) => b.name === name)
if (!bench) {
  console.error(
    `Usage: pnpm bench <name>\nBenchmarks: ${benches.map((b) => b.name).join(', ') || '(none yet)'}`,
  )
  process.exit(2)
}
const result = spawnSync(process.execPath, [bench.path, ...args], { stdio: 'inherit' })
process.exit(result.status ?? 1)
