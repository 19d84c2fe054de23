// One real `vitest run` of the fault project, in a process of its own, with its output captured.
import { type ChildProcess, spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FAULT_PROJECT } from './fault-fixture.ts'

const VITEST_CLI = join(dirname(fileURLToPath(import.meta.resolve('vitest/package.json'))), 'vitest.mjs')

/** Variables a run must not inherit from the process that starts it. */
const INHERITED_OUT = /^(DBSAFE_|FAULT_|DATABASE_URL$|PG(HOST|PORT|USER|PASSWORD|DATABASE)$|VITEST)/

/** How one run ended. */
export interface RunExit {
  /** Exit code; null when killed by a signal. */
  code: number | null
  signal: NodeJS.Signals | null
  /** When it exited (Date.now()). */
  at: number
}

/** A run in progress. */
export interface VitestRun {
  readonly child: ChildProcess
  readonly startedAt: number
  /** stdout and stderr so far, interleaved. */
  output(): string
  readonly exited: Promise<RunExit>
  /** Resolves once the output matches `pattern`; rejects after `timeoutMs` or when the run exits first. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>
  /** `kill -9` of Vitest's main process (its workers see their parent gone and exit). */
  kill9(): void
}

/** Starts `vitest run` on the fault project. `env` holds the run's FAULT_* variables and DBSAFE_URL (or none). */
export function startVitestRun(env: Record<string, string>): VitestRun {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !INHERITED_OUT.test(key)),
  )
  const child = spawn(process.execPath, [VITEST_CLI, 'run', '--config', 'vitest.config.mjs'], {
    cwd: FAULT_PROJECT,
    env: { ...inherited, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  const listeners = new Set<() => void>()
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8')
    for (const listener of listeners) listener()
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  const exited = new Promise<RunExit>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() }))
  })
  let gone = false
  void exited.then(() => {
    gone = true
    for (const listener of listeners) listener()
  })
  return {
    child,
    startedAt: Date.now(),
    output: () => text,
    exited,
    waitForOutput: (pattern, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(text)) done(resolve)
          else if (gone) done(() => reject(new Error(`the run exited before its output matched ${pattern}`)))
        }
        const timer = setTimeout(
          () => done(() => reject(new Error(`the output did not match ${pattern} within ${timeoutMs} ms`))),
          timeoutMs,
        )
        const done = (settle: () => void) => {
          clearTimeout(timer)
          listeners.delete(check)
          settle()
        }
        listeners.add(check)
        check()
      }),
    kill9: () => {
      if (!gone) child.kill('SIGKILL')
    },
  }
}
