import { fileCostMs, type HistoryRun } from '@dbsafe/core'
import type { FlakyFinding } from './flaky'
import type { ShardRunPlan } from './plan-registry'

/** A suggestion and the evidence behind it. */
export interface Recommendation {
  /** The file the suggestion is about (root-relative), when there is one. */
  file?: string
  /** What to do, one sentence. */
  text: string
  /** Why, one line a person can check. */
  evidence: string
}

const HOOK_CLEANUP =
  /\b(TRUNCATE|DELETE|deleteMany|destroy|clear)\b.*\b(before|after)(Each|All)\b|\b(before|after)(Each|All)\b.*\b(TRUNCATE|DELETE)\b/i

/**
 * The measured reset of a file as evidence, only when there is one to cite: a missing or zero measurement
 * (a reused database, a run without the pool's timings) proves nothing, and "reset took 0 ms" argues against
 * the very recommendation it backs.
 */
function resetCost(provisionMs: number | undefined): string {
  if (provisionMs === undefined || !(provisionMs >= 1)) return ''
  return `; the reset took ${Math.round(provisionMs)} ms this run`
}

/**
 * Suggestions from one run: files held at a strong level by a fixable cause, files that run alone,
 * uncertain levels, tests to quarantine, a file too long for its shard, and thin shard history.
 */
export function recommend(
  run: HistoryRun,
  flaky: readonly FlakyFinding[],
  plan?: ShardRunPlan,
): Recommendation[] {
  const out: Recommendation[] = []
  for (const file of [...run.files].sort((a, b) => fileCostMs(b) - fileCostMs(a))) {
    const reason = file.reason ?? ''
    if (file.level === 'shared-writes' && !file.uncertain && HOOK_CLEANUP.test(reason)) {
      out.push({
        file: file.file,
        text: `${file.file} is shared-writes only because of its cleanup hook; with rollback isolation (isolated-writes) that cleanup is unnecessary and the file skips the per-file reset`,
        evidence: `${reason}${resetCost(file.provisionMs)}`,
      })
    } else if (file.level === 'sequential' && !file.ownServer) {
      out.push({
        file: file.file,
        text: `${file.file} runs alone (sequential) for ${(fileCostMs(file) / 1000).toFixed(1)}s, blocking every other database file; move the server-wide statements to globalSetup or a separate project`,
        evidence: reason || 'level sequential',
      })
    } else if (file.uncertain && file.source !== 'learned') {
      out.push({
        file: file.file,
        text: `${file.file} got ${file.level ?? 'its level'} by fallback; make its SQL static or add \`// @db-level <level>\` so it can get cheaper isolation`,
        evidence: reason || 'evidence could not be read statically',
      })
    }
  }
  for (const file of run.files) {
    const leaks = file.connections?.leaks ?? 0
    const late = file.connections?.lateQueries ?? 0
    if (leaks || late) {
      out.push({
        file: file.file,
        text: `${file.file} leaves database work behind its tests: release every checked-out connection and await every query`,
        evidence: `${leaks} connection${leaks === 1 ? '' : 's'} still checked out at the end of a test, ${late} quer${late === 1 ? 'y' : 'ies'} after the test ended`,
      })
    }
  }
  for (const finding of flaky.filter((f) => f.tier === 'certain' && f.isNew).slice(0, 5)) {
    out.push({
      file: finding.file,
      text: `fix or quarantine "${finding.name}" in ${finding.file}: it is flaky`,
      evidence: finding.evidence,
    })
  }
  if (plan) {
    const budget = plan.totalMs / plan.count
    const floor = [...run.files].sort((a, b) => fileCostMs(b) - fileCostMs(a))[0]
    if (floor && fileCostMs(floor) >= 0.7 * (budget || Infinity)) {
      out.push({
        file: floor.file,
        text: `split ${floor.file}: it alone sets the floor of every shard`,
        evidence: `${(fileCostMs(floor) / 1000).toFixed(1)}s ≥ 70% of the ${(budget / 1000).toFixed(1)}s per-shard budget`,
      })
    }
    if (plan.knownShare < 2 / 3) {
      out.push({
        text: 'shards were planned mostly from file sizes: keep the history file from a merged run and restore it before sharding',
        evidence: `only ${Math.round(plan.knownShare * 100)}% of ${plan.files} files had recorded durations (history ${plan.snapshot})`,
      })
    }
  }
  return out
}
