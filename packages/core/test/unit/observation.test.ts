import { describe, expect, test } from 'vitest'
import {
  addEvidence,
  emptyObservation,
  isCompleteObservation,
  MAX_EVIDENCE,
  mergeObservations,
  type ObservedEvidence,
} from '../../src/observation'

const evidence = (level: ObservedEvidence['level'], text: string): ObservedEvidence => ({
  level,
  kind: level === 'read-only' ? 'read' : level === 'isolated-writes' ? 'write' : 'ddl',
  text,
  source: 'client',
})

describe('observations', () => {
  test('stronger evidence replaces weaker, equal evidence is kept while there is room, once each', () => {
    const observation = emptyObservation()
    addEvidence(observation, evidence('read-only', 'SELECT 1'))
    addEvidence(observation, evidence('isolated-writes', 'INSERT a'))
    addEvidence(observation, evidence('read-only', 'SELECT 2'))
    addEvidence(observation, evidence('isolated-writes', 'INSERT a'))
    for (const n of [1, 2, 3, 4]) addEvidence(observation, evidence('isolated-writes', `UPDATE ${n}`))
    expect(observation.level).toBe('isolated-writes')
    expect(observation.evidence.map((e) => e.text)).toEqual(['INSERT a', 'UPDATE 1', 'UPDATE 2'])
    expect(observation.evidence).toHaveLength(MAX_EVIDENCE)
  })

  test('two attempts merge: the stronger level, summed counts, either cut short or unseen client', () => {
    const a = { ...emptyObservation(), counts: { read: 2 }, maxConnections: 3, unseen: ['postgres'] }
    addEvidence(a, evidence('read-only', 'SELECT 1'))
    const b = { ...emptyObservation(), counts: { read: 1, ddl: 1 }, cutShort: true, maxConnections: 2 }
    addEvidence(b, evidence('schema-changes', 'CREATE TABLE t'))
    const merged = mergeObservations(a, b)
    expect(merged).toMatchObject({
      level: 'schema-changes',
      counts: { read: 3, ddl: 1 },
      maxConnections: 3,
      cutShort: true,
      unseen: ['postgres'],
    })
    expect(isCompleteObservation(merged)).toBe(false)
    expect(isCompleteObservation(emptyObservation())).toBe(true)
  })
})
