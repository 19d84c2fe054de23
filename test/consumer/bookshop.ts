import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** examples/bookshop: a 31-file suite written for serial runs. */
export const BOOKSHOP = fileURLToPath(new URL('../../examples/bookshop', import.meta.url))

/** Every test file with the level the analyzer must give it (expected-levels.json). */
export const BOOKSHOP_LEVELS: Record<string, string> = Object.fromEntries(
  Object.entries(
    JSON.parse(readFileSync(join(BOOKSHOP, 'expected-levels.json'), 'utf8')) as Record<
      string,
      { level: string }
    >,
  ).map(([file, { level }]) => [file, level]),
)

/** Its test files. */
export const BOOKSHOP_FILES = Object.keys(BOOKSHOP_LEVELS)

const BASE_TSCONFIG = new URL('../../tsconfig.base.json', import.meta.url)

/** The copy's tsconfig.json extends the repository's base config: inline it, as a standalone project has it. */
export function inlineBaseTsconfig(dir: string): void {
  const path = join(dir, 'tsconfig.json')
  const { extends: _, ...own } = JSON.parse(readFileSync(path, 'utf8'))
  const base = JSON.parse(readFileSync(BASE_TSCONFIG, 'utf8'))
  const merged = { ...own, compilerOptions: { ...base.compilerOptions, ...own.compilerOptions } }
  writeFileSync(path, `${JSON.stringify(merged, null, 2)}\n`)
}

/** Files the default reporter marks as failed (`❯ test/x.test.ts (3 tests | 1 failed)`), from plain output. */
export function failedFilesInOutput(output: string): string[] {
  return [...output.matchAll(/^\s*[❯×✗]\s+(\S+\.test\.ts)/gmu)].map((match) => match[1] as string)
}
