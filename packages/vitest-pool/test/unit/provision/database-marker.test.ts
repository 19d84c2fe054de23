import { describe, expect, it } from 'vitest'
import {
  formatRunMarker,
  formatSpareMarker,
  isSealed,
  markerMatchesName,
  parseRunMarker,
  parseSpareMarker,
  runDatabaseName,
  templateName,
} from '../../../src/provision/database-marker'
import { shouldReap } from '../../../src/provision/reaper'

const run = { runId: '0badcafe', runKey: 0x0badcafe }

describe('run markers', () => {
  it('round-trips and names databases after the run', () => {
    const marker = parseRunMarker(formatRunMarker(run, 'clone'))
    expect(marker).toMatchObject({
      dbsafe: 'run',
      runId: '0badcafe',
      runKey: 0x0badcafe,
      role: 'clone',
      pid: process.pid,
    })
    expect(runDatabaseName('dbsafe', run.runId, 'clone', 3)).toBe('dbsafe_0badcafe_c3')
    expect(runDatabaseName('dbsafe', run.runId, 'read-only', 0)).toBe('dbsafe_0badcafe_ro')
    expect(templateName('dbsafe', 'ab'.repeat(32))).toBe('dbsafe_tpl_abababababababab')
  })

  it('rejects comments that are not dbsafe run markers', () => {
    expect(parseRunMarker(null)).toBeUndefined()
    expect(parseRunMarker('my precious database')).toBeUndefined()
    expect(parseRunMarker('{"dbsafe":"run","runId":"../x","runKey":1,"createdAt":"x"}')).toBeUndefined()
    expect(parseRunMarker('{"dbsafe":"template","fingerprint":"x"}')).toBeUndefined()
  })

  it('requires the name to carry the prefix and the marker run id', () => {
    const marker = parseRunMarker(formatRunMarker(run, 'clone'))!
    expect(markerMatchesName('dbsafe', 'dbsafe_0badcafe_c1', marker)).toBe(true)
    expect(markerMatchesName('dbsafe', 'dbsafe_12345678_c1', marker)).toBe(false)
    expect(markerMatchesName('dbsafe', 'app_0badcafe_c1', marker)).toBe(false)
  })
})

describe('spare markers', () => {
  const seal = {
    settings: 'ab'.repeat(32),
    sessions: 3,
    statsReset: null,
    changes: { modified: 0, analyzed: 0 },
  }
  const spare = (role: 'clone' | 'read-only') =>
    formatSpareMarker({ template: 'dbsafe_tpl_ab', build: '16384@2026-01-01T00:00:00.000Z', role, seal })

  it('round-trips, and only a complete spare marker parses', () => {
    expect(parseSpareMarker(spare('read-only'))).toMatchObject({
      dbsafe: 'spare',
      template: 'dbsafe_tpl_ab',
      build: '16384@2026-01-01T00:00:00.000Z',
      role: 'read-only',
      seal,
    })
    expect(parseSpareMarker(formatRunMarker(run, 'clone'))).toBeUndefined()
    expect(
      parseSpareMarker('{"dbsafe":"spare","template":"t","role":"admin","sparedAt":"x"}'),
    ).toBeUndefined()
    expect(parseSpareMarker('not json')).toBeUndefined()
    expect(parseRunMarker(spare('clone'))).toBeUndefined()
  })

  it('counts a marker without a build or a seal (written before seals existed) as unsealed', () => {
    const sealed = parseSpareMarker(spare('clone'))
    const legacy = parseSpareMarker('{"dbsafe":"spare","template":"t","role":"clone","sparedAt":"x"}')
    expect(sealed && isSealed(sealed)).toBe(true)
    expect(legacy).toBeDefined()
    expect(legacy && isSealed(legacy)).toBe(false)
    const noCount = parseSpareMarker(
      JSON.stringify({ ...JSON.parse(spare('clone')), seal: { settings: 'x', statsReset: null } }),
    )
    expect(noCount && isSealed(noCount)).toBe(false)
  })
})

describe('shouldReap', () => {
  const marker = parseRunMarker(formatRunMarker(run, 'clone'))!
  it('never drops a live run’s database', () => {
    expect(shouldReap({ name: 'x', marker, runAlive: true }, 0, Date.now())).toBe(false)
  })
  it('drops a dead run’s database, and a kept one only after its retention', () => {
    expect(shouldReap({ name: 'x', marker, runAlive: false }, 0, Date.now())).toBe(true)
    const kept = { ...marker, keptAt: '2026-01-01T00:00:00.000Z' }
    const keptAt = Date.parse(kept.keptAt)
    expect(shouldReap({ name: 'x', marker: kept, runAlive: false }, 60_000, keptAt + 1_000)).toBe(false)
    expect(shouldReap({ name: 'x', marker: kept, runAlive: false }, 60_000, keptAt + 61_000)).toBe(true)
  })
})
