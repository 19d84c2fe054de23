import type { DbLevel } from '@dbsafe/core'
import { describe, expect, test } from 'vitest'
import { FileScheduler } from '../../../src/schedule/file-scheduler'

const settle = () => new Promise((resolve) => setImmediate(resolve))

function admitted(scheduler: FileScheduler, level: DbLevel, connections = 1) {
  const state = { granted: false, release: () => {} }
  void scheduler.admit(level, connections).then((release) => {
    state.granted = true
    state.release = release
  })
  return state
}

describe('FileScheduler', () => {
  const limits = { levelConcurrency: { 'schema-changes': 1 }, connectionBudget: 30 }

  test('database files wait until the server has told its connection budget', async () => {
    const scheduler = new FileScheduler({ levelConcurrency: {} })
    const writer = admitted(scheduler, 'isolated-writes')
    const noDatabase = admitted(scheduler, 'none')
    await settle()
    expect([writer.granted, noDatabase.granted]).toEqual([false, true])
    scheduler.admission.setConnectionBudget(30)
    await settle()
    expect(writer.granted).toBe(true)
  })

  test('a sequential file waits for running database files; none files keep starting meanwhile', async () => {
    const scheduler = new FileScheduler(limits)
    const reader = admitted(scheduler, 'read-only')
    await settle()
    const sequential = admitted(scheduler, 'sequential')
    const writer = admitted(scheduler, 'isolated-writes')
    const noDatabase = admitted(scheduler, 'none')
    await settle()
    expect({
      reader: reader.granted,
      sequential: sequential.granted,
      writer: writer.granted,
      none: noDatabase.granted,
    }).toEqual({
      reader: true,
      sequential: false,
      writer: false,
      none: true,
    })
    reader.release()
    await settle()
    expect([sequential.granted, writer.granted]).toEqual([true, false])
    sequential.release()
    await settle()
    expect(writer.granted).toBe(true)
  })

  test('a cap the user set limits files of that level only', async () => {
    const scheduler = new FileScheduler(limits)
    const first = admitted(scheduler, 'schema-changes')
    const second = admitted(scheduler, 'schema-changes')
    const other = admitted(scheduler, 'shared-writes')
    await settle()
    expect([first.granted, second.granted, other.granted]).toEqual([true, false, true])
    first.release()
    await settle()
    expect(second.granted).toBe(true)
  })

  test('the connection budget holds files back while their connections would not fit', async () => {
    const scheduler = new FileScheduler(limits)
    const a = admitted(scheduler, 'isolated-writes', 20)
    const b = admitted(scheduler, 'isolated-writes', 20)
    await settle()
    expect([a.granted, b.granted]).toEqual([true, false])
    a.release()
    await settle()
    expect(b.granted).toBe(true)
  })
})

describe('FileScheduler with a server of their own for sequential files', () => {
  test('outside the plan (a rerun at sequential), admit follows the same rule: no drain of the main server', async () => {
    const scheduler = new FileScheduler({ levelConcurrency: {}, connectionBudget: 30 })
    scheduler.admission.ownSequentialServer()
    const granted: string[] = []
    void scheduler.admit('sequential', 10).then(() => granted.push('sequential'))
    void scheduler.admit('isolated-writes', 10).then(() => granted.push('writer'))
    await settle()
    expect(granted).toEqual(['writer'])
    scheduler.admission.sequentialServerUp()
    await settle()
    expect(granted).toEqual(['writer', 'sequential'])
  })
})
