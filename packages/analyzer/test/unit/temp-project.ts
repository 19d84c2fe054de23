import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { analyzeProject } from '../../src/index'

/** Writes a throwaway project (path → content) into a new temporary folder and returns its root. */
export function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dbsafe-analyzer-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

/** A module that exports a node-postgres pool (`pool`), for snippets that need a client in reach. */
export const PG_POOL = "import { Pool } from 'pg'\nexport const pool = new Pool()\n"

/** Analyses one test file (`a.test.ts` unless named) of a throwaway project and returns its manifest entry. */
export async function analyzeTestFile(
  files: Record<string, string>,
  options: { file?: string; setupFiles?: string[] } = {},
) {
  const { file = 'a.test.ts', ...rest } = options
  const manifest = await analyzeProject({ root: project(files), files: [file], cache: false, ...rest })
  return manifest.files[0]
}

/** The level the analyzer gives `a.test.ts` of a throwaway project. */
export async function levelOf(files: Record<string, string>): Promise<string | undefined> {
  return (await analyzeTestFile(files))?.level
}
