// Synthetic histories with known truth, for the replay benchmark and the unit tests.
import type { HistoryFileRecord, HistoryRun, HistoryState, HistoryTest } from '@dbsafe/core'

/** A seeded uniform random number generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A standard normal draw (Box–Muller). */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

/** One synthetic test and its truth. */
export interface SyntheticTest {
  name: string
  /** Median milliseconds. */
  baseMs: number
  /** Run-to-run coefficient of variation (log-normal sigma). */
  noise: number
  /** Chance that one attempt fails for no reason (0 for a healthy test). */
  flakeRate: number
  /** From this run index on, the test is `slowdownFactor` times slower. */
  slowdownFrom?: number
  slowdownFactor?: number
  /** Runs in [from, to) fail on every attempt: a real break, fixed later (not flaky). */
  brokenFrom?: number
  brokenTo?: number
}

/** One synthetic file. */
export interface SyntheticFile {
  file: string
  /** Fixed cost of the file (collect + setup) in ms. */
  overheadMs: number
  tests: SyntheticTest[]
}

/** How a run is drawn. */
export interface RunDraw {
  index: number
  /** Retries per test (Vitest `retry`). */
  retries: number
  /** Suite-wide slowness factor of this run's runner. */
  drift?: number
  /** When set, this share of tests fails on every attempt (an infrastructure failure). */
  infraFailShare?: number
  commit: string
  branch?: string
}

/** Draws one run of a synthetic suite. */
export function drawRun(files: readonly SyntheticFile[], draw: RunDraw, random: () => number): HistoryRun {
  const drift = draw.drift ?? 1
  const records = files.map((file): HistoryFileRecord => {
    const tests = file.tests.map((test): HistoryTest => {
      const slow =
        test.slowdownFrom !== undefined && draw.index >= test.slowdownFrom ? (test.slowdownFactor ?? 1) : 1
      const durationMs = Math.max(0.1, test.baseMs * slow * drift * Math.exp(test.noise * gaussian(random)))
      const broken =
        test.brokenFrom !== undefined &&
        draw.index >= test.brokenFrom &&
        draw.index < (test.brokenTo ?? Infinity)
      const infra = draw.infraFailShare !== undefined && random() < draw.infraFailShare
      const attempts: HistoryState[] = []
      for (let attempt = 0; attempt <= draw.retries; attempt++) {
        const failed = broken || infra || random() < test.flakeRate
        attempts.push(failed ? 'failed' : 'passed')
        if (!failed) break
      }
      const state = attempts[attempts.length - 1] as HistoryState
      const record: HistoryTest = {
        name: test.name,
        state,
        durationMs: Math.round(durationMs * 10) / 10,
        retries: attempts.length - 1,
      }
      if (attempts.length > 1) record.attempts = attempts
      return record
    })
    const runMs = tests.reduce((sum, test) => sum + test.durationMs, 0)
    return {
      project: '',
      file: file.file,
      state: tests.some((t) => t.state === 'failed') ? 'failed' : 'passed',
      environmentMs: 0,
      prepareMs: 0,
      collectMs: file.overheadMs * drift,
      setupMs: 0,
      runMs,
      tests,
    }
  })
  return {
    runId: `run-${draw.index}`,
    attempt: 1,
    merged: false,
    startedAt: new Date(Date.UTC(2026, 0, 1) + draw.index * 3_600_000).toISOString(),
    wallMs: records.reduce((sum, f) => sum + f.collectMs + f.runMs, 0),
    reporterMs: 0,
    commit: draw.commit,
    branch: draw.branch ?? 'main',
    defaultBranch: (draw.branch ?? 'main') === 'main',
    ci: 'github-actions',
    nodeVersion: 'v24',
    vitestVersion: '5.1.1',
    workers: 4,
    status: records.some((f) => f.state === 'failed') ? 'failed' : 'passed',
    files: records,
  }
}

/** A suite of `fileCount` files with `testsPerFile` tests each; log-normal durations (heavy tail). */
export function makeSuite(
  random: () => number,
  options: {
    fileCount: number
    testsPerFile: number
    medianTestMs?: number
    spread?: number
    noise?: () => number
  },
): SyntheticFile[] {
  const median = options.medianTestMs ?? 40
  const spread = options.spread ?? 1
  return Array.from({ length: options.fileCount }, (_, f) => {
    const fileScale = Math.exp(spread * gaussian(random))
    return {
      file: `tests/file-${String(f).padStart(4, '0')}.test.ts`,
      overheadMs: 50 + 150 * random(),
      tests: Array.from({ length: options.testsPerFile }, (_, t) => ({
        name: `suite ${f} > test ${t}`,
        baseMs: median * fileScale * Math.exp(0.5 * gaussian(random)),
        noise: options.noise ? options.noise() : 0.1,
        flakeRate: 0,
      })),
    }
  })
}
