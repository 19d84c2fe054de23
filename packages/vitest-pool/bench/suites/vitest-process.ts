// Runs `vitest run` as a user would (its own process, its own config) and reads the outcome from its output.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'

/** The outcome of one run. */
export interface RunOutcome {
  wallMs: number
  /** Test files Vitest counted, and the failed ones (`FAIL  path` lines, deduplicated). */
  files: number
  failedFiles: string[]
  /** Errors Vitest caught outside any test (`Errors  N errors`): a worker that could not start, a crash. */
  unhandledErrors: number
  /** Vitest's exit code. */
  code: number
  output: string
}

const VITEST_BIN = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs')

/**
 * `vitest run <args>` in `root` with `env` added; never throws for a failing suite. `options.vitestBin` runs
 * another Vitest (a project's own `node_modules/vitest/vitest.mjs`) and `options.baseEnv` replaces this
 * process's environment underneath `env`.
 */
export function runVitest(
  root: string,
  args: readonly string[],
  env: Record<string, string>,
  options: { vitestBin?: string; baseEnv?: NodeJS.ProcessEnv } = {},
): Promise<RunOutcome> {
  const started = performance.now()
  const child = spawn(process.execPath, [options.vitestBin ?? VITEST_BIN, 'run', ...args], {
    cwd: root,
    env: { ...(options.baseEnv ?? process.env), ...env, FORCE_COLOR: '0', NO_COLOR: '1', CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      const text = stripVTControlCharacters(output)
      const summary = /Test Files\s+(.*)\((\d+)\)/.exec(text)
      const failedFiles = [
        ...new Set([...text.matchAll(/FAIL\s+(\S+\.[cm]?[jt]sx?)\b/g)].map((match) => match[1] as string)),
      ]
      const failedCount = Number(/(\d+) failed/.exec(summary?.[1] ?? '')?.[1] ?? 0)
      resolve({
        wallMs: performance.now() - started,
        files: summary ? Number(summary[2]) : 0,
        // A run that never printed its summary (a crash) counts every file as failed.
        failedFiles: summary
          ? failedFiles.length >= failedCount
            ? failedFiles
            : [...failedFiles, `${failedCount - failedFiles.length} more`]
          : ['(no summary: the run crashed)'],
        unhandledErrors: Number(/Errors\s+(\d+) errors?/.exec(text)?.[1] ?? 0),
        code: code ?? 1,
        output: text,
      })
    })
  })
}
