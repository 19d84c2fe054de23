import { describe, expect, test } from 'vitest'
import { Admission } from '../../../src/schedule/admission'
import { FileDispatcher, type Grant, type PlannedFile } from '../../../src/schedule/file-dispatcher'
import { FileScheduler } from '../../../src/schedule/file-scheduler'

const settle = () => new Promise((resolve) => setImmediate(resolve))

function file(id: string, level: PlannedFile['level']): PlannedFile {
  return { id, level, connections: 1, group: 'node' }
}

/** A dispatcher whose sequential files run on a server of their own (not up yet), on a fake clock. */
function setup(files: PlannedFile[]) {
  const clock = { now: 0 }
  const admission = new Admission({ levelConcurrency: {}, connectionBudget: 30 })
  admission.ownSequentialServer()
  const dispatcher = new FileDispatcher(admission, () => clock.now)
  dispatcher.plan(files)
  const turn = (token: string) => {
    const state: { grant?: Grant; done: boolean } = { done: false }
    void dispatcher.take(token).then((grant) => {
      state.grant = grant
      state.done = true
    })
    return state
  }
  return { clock, admission, dispatcher, turn }
}

describe('sequential files on a server of their own', () => {
  test('until that server is up, sequential files wait (server) and database files run on the main server', async () => {
    const { turn, dispatcher, clock } = setup([
      file('roles', 'sequential'),
      file('writer', 'isolated-writes'),
      file('schema', 'schema-changes'),
    ])
    const first = turn('roles')
    const second = turn('writer')
    await settle()
    expect([first.grant?.file.id, second.grant?.file.id]).toEqual(['writer', 'schema'])
    const third = turn('schema')
    await settle()
    expect(third.done).toBe(false)
    clock.now = 800
    expect(dispatcher.idle().byReason).toEqual({ server: 800 })
  })

  test('once it is up, a sequential file starts whatever runs on the main server; one at a time there', async () => {
    const { turn, admission } = setup([
      file('roles', 'sequential'),
      file('slots', 'sequential'),
      file('writer', 'isolated-writes'),
      file('reader', 'read-only'),
    ])
    const a = turn('writer')
    await settle()
    expect(a.grant?.file.id).toBe('writer')
    admission.sequentialServerUp()
    const b = turn('roles')
    const c = turn('slots')
    const d = turn('reader')
    await settle()
    // roles starts beside writer; slots waits for roles on the own server, so reader takes its turn.
    expect([b.grant?.file.id, c.grant?.file.id]).toEqual(['roles', 'reader'])
    expect(d.done).toBe(false)
    a.grant?.release()
    await settle()
    expect(d.done).toBe(false)
    b.grant?.release()
    await settle()
    expect(d.grant?.file.id).toBe('slots')
    expect(admission.running).toBe(1)
  })

  test('a sequential file that waits for the own server does not hold back database files', async () => {
    const { turn, admission } = setup([
      file('roles', 'sequential'),
      file('slots', 'sequential'),
      file('w', 'isolated-writes'),
    ])
    admission.sequentialServerUp()
    const first = turn('roles')
    const second = turn('slots')
    await settle()
    expect([first.grant?.file.id, second.grant?.file.id]).toEqual(['roles', 'w'])
  })

  test('an own server that could not start gives sequential files the lane on the main server again', async () => {
    const { turn, admission } = setup([file('roles', 'sequential'), file('writer', 'isolated-writes')])
    const first = turn('roles')
    await settle()
    expect(first.grant?.file.id).toBe('writer')
    admission.sharedSequentialLane()
    expect(admission.hasOwnSequentialServer).toBe(false)
    const second = turn('writer')
    await settle()
    // The lane: it waits until no other database file runs.
    expect(second.done).toBe(false)
    first.grant?.release()
    await settle()
    expect(second.grant?.file.id).toBe('roles')
  })

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

  test('the shared lane is unchanged without a server of their own', async () => {
    const admission = new Admission({ levelConcurrency: {}, connectionBudget: 30 })
    const writer = admission.hold('isolated-writes', 1)
    expect(admission.blocker('sequential', 1)).toBe('lane')
    writer()
    admission.hold('sequential', 1)
    expect(admission.blocker('read-only', 1)).toBe('lane')
  })
})
