import { fileURLToPath } from 'node:url'

/** The @dbsafe/vitest-pool package folder, from its sources (`src/worker/`) or its bundle (`dist/`). */
const PACKAGE_DIR = fileURLToPath(
  new URL(import.meta.url.includes('/src/') ? '../../' : '../', import.meta.url),
)
/** dbsafe's own frames: bundled, or mapped back to the sources by source maps (as Vitest shows them). */
const OWN_DIRS = [`${PACKAGE_DIR}dist/`, `${PACKAGE_DIR}src/`]

/**
 * The first frame of `stack` in the application's own code: not in node_modules, not in Node's
 * internals, not in dbsafe's worker runtime. `file:line:column` (relative to `root` when given), or undefined.
 */
export function applicationFrame(stack: string | undefined, root?: string): string | undefined {
  if (!stack) return undefined
  for (const line of stack.split('\n')) {
    const match = /^\s+at (?:.*? \()?(?:file:\/\/)?(.+?:\d+:\d+)\)?$/.exec(line)
    const location = match?.[1]
    if (!location) continue
    if (
      location.startsWith('node:') ||
      location.includes('/node_modules/') ||
      OWN_DIRS.some((dir) => location.startsWith(dir))
    )
      continue
    return root && location.startsWith(root) ? location.slice(root.length).replace(/^\//, '') : location
  }
  return undefined
}

/** A statement for a message: whitespace collapsed, cut at `max` characters. */
export function describeStatement(sql: string, max = 160): string {
  const flat = sql.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/**
 * Where a statement came from, for evidence: the first frame of the project's own code, and — when that frame is in
 * a helper — the test file's own frame below it: `tests/helpers/db.ts:12:9 (from tests/orders.test.ts:40:5)`.
 */
export function evidenceSite(stack: string | undefined, root: string, testFile: string): string | undefined {
  const first = applicationFrame(stack, root)
  if (!first || !stack || first.startsWith(`${testFile}:`)) return first
  for (const line of stack.split('\n')) {
    const frame = applicationFrame(line, root)
    if (frame?.startsWith(`${testFile}:`)) return `${first} (from ${frame})`
  }
  return first
}
