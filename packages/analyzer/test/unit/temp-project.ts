import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** Writes a throwaway project (path → content) into a new temporary folder and returns its root. */
export function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dbsafe-analyzer-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}
