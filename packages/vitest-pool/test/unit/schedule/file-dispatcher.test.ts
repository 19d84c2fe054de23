import type { DbLevel } from '@dbsafe/core'
import { describe, expect, test } from 'vitest'
import { Admission } from '../../../src/schedule/admission'
import { FileDispatcher, type Grant, type PlannedFile } from '../../../src/schedule/file-dispatcher'

const settle = () => new Promise((resolve) => setImmediate(resolve))

function file(id: string, level: DbLevel, connections = 1, group = 'node'): PlannedFile {
  return { id, level, connections, group }
}

/** A dispatcher on a fake clock, and a helper that takes a turn and records what it got. */
function setup(files: PlannedFile[], limits = { levelConcurrency: {}, connectionBudget: 30 }) {
  const clock = { now: 0 }
  const admission = new Admission(limits)
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

describe('FileDispatcher', () => {
  test("a worker whose file waits for the lane runs a file that can start instead (Vitest's 2nd sequential file)", async () => {
    const { turn } = setup([
      file('roles', 'sequential'),
      file('slots', 'sequential'),
      file('writer', 'isolated-writes'),
      file('pure', 'none'),
    ])
    const first = turn('roles')
    const second = turn('slots')
    await settle()
    expect([first.grant?.file.id, second.grant?.file.id]).toEqual(['roles', 'pure'])
  })

  test('the next sequential file takes the lane when the first gives it back; database files wait for both', async () => {
    const { turn } = setup([
      file('roles', 'sequential'),
      file('slots', 'sequential'),
      file('writer', 'isolated-writes'),
      file('pure', 'none'),
    ])
    const first = turn('roles')
    const second = turn('slots')
    await settle()
    const third = turn('writer')
    await settle()
    expect(third.done).toBe(false)
    first.grant?.release()
    await settle()
    expect(third.grant?.file.id).toBe('slots')
    const fourth = turn('pure')
    await settle()
    expect(fourth.done).toBe(false)
    third.grant?.release()
    await settle()
    expect(fourth.grant?.file.id).toBe('writer')
    expect(second.grant?.file.id).toBe('pure')
  })

  test('every file runs exactly once, whatever turn it gets', async () => {
    const files = [
      file('a', 'sequential'),
      file('b', 'schema-changes'),
      file('c', 'none'),
      file('d', 'read-only'),
      file('e', 'sequential'),
      file('f', 'none'),
    ]
    const { turn } = setup(files)
    const ran: string[] = []
    const running: Grant[] = []
    for (const { id } of files) {
      const state = turn(id)
      await settle()
      // Two workers: when both are busy, the older finishes before the next turn.
      while (!state.done || running.length >= 2) {
        running.shift()?.release()
        await settle()
      }
      if (state.grant) {
        ran.push(state.grant.file.id)
        running.push(state.grant)
      }
    }
    expect(ran.sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
  })

  test('a file heavier than the free connections is passed over for one that fits', async () => {
    const { turn } = setup(
      [file('big', 'isolated-writes', 20), file('small', 'read-only', 5), file('big2', 'shared-writes', 20)],
      {
        levelConcurrency: {},
        connectionBudget: 30,
      },
    )
    const first = turn('big')
    const second = turn('small')
    const third = turn('big2')
    await settle()
    expect([first.grant?.file.id, second.grant?.file.id, third.done]).toEqual(['big', 'small', false])
  })

  test('files of another group (project or environment) never take each other’s turn', async () => {
    const { turn } = setup([
      file('roles', 'sequential'),
      file('dom', 'none', 1, 'jsdom'),
      file('writer', 'isolated-writes'),
    ])
    const first = turn('roles')
    const second = turn('writer')
    await settle()
    expect([first.grant?.file.id, second.done]).toEqual(['roles', false])
  })

  test('counts how long workers waited and why', async () => {
    const { clock, turn, dispatcher } = setup([
      file('roles', 'sequential'),
      file('writer', 'isolated-writes'),
    ])
    const first = turn('roles')
    const second = turn('writer')
    await settle()
    clock.now = 1500
    first.grant?.release()
    await settle()
    expect(second.grant?.waitedMs).toBe(1500)
    expect(dispatcher.idle()).toEqual({ totalMs: 1500, byReason: { lane: 1500 }, exchanged: 0 })
  })

  test('database files wait for the server to be sized; files without a database start at once', async () => {
    const { turn } = setup([file('writer', 'isolated-writes'), file('pure', 'none')], {
      levelConcurrency: {},
      connectionBudget: undefined as never,
    })
    const first = turn('writer')
    await settle()
    expect(first.grant?.file.id).toBe('pure')
  })

  test('a new plan gives workers still waiting under the old one no file', async () => {
    const { turn, dispatcher } = setup([file('roles', 'sequential'), file('writer', 'isolated-writes')])
    turn('roles')
    const waiting = turn('writer')
    await settle()
    dispatcher.plan([file('x', 'none')])
    await settle()
    expect(waiting).toEqual({ done: true, grant: undefined })
  })
})

describe('FileDispatcher with a server of their own for sequential files', () => {
  /** {@link setup}, with sequential files on a server of their own, not up yet. */
  function ownServer(files: PlannedFile[]) {
    const harness = setup(files)
    harness.admission.ownSequentialServer()
    return harness
  }

  test('until that server is up, sequential files wait (server) and database files run on the main server', async () => {
    const { turn, dispatcher, clock } = ownServer([
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
    const { turn, admission } = ownServer([
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
    const { turn, admission } = ownServer([
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
    const { turn, admission } = ownServer([file('roles', 'sequential'), file('writer', 'isolated-writes')])
    const first = turn('roles')
    await settle()
    expect(first.grant?.file.id).toBe('writer')
    admission.sequentialServerFailed()
    expect(admission.hasOwnSequentialServer).toBe(false)
    const second = turn('writer')
    await settle()
    // The lane: it waits until no other database file runs.
    expect(second.done).toBe(false)
    first.grant?.release()
    await settle()
    expect(second.grant?.file.id).toBe('roles')
  })

  test('when sequential files wait for each other, one more own server starts, up to the capacity', async () => {
    let grown = 0
    const { turn, admission } = setup([
      file('roles', 'sequential'),
      file('slots', 'sequential'),
      file('dbs', 'sequential'),
      file('w', 'isolated-writes'),
    ])
    admission.ownSequentialServer({ capacity: 2, grow: () => grown++ })
    admission.sequentialServerUp()
    const a = turn('roles')
    const b = turn('slots')
    await settle()
    // slots waits for roles: one more server starts (once, however often the dispatcher looks).
    expect([a.grant?.file.id, b.grant?.file.id]).toEqual(['roles', 'w'])
    expect(grown).toBe(1)
    const c = turn('dbs')
    await settle()
    expect(c.done).toBe(false)
    admission.sequentialServerUp()
    await settle()
    expect(c.grant?.file.id).toBe('slots')
    expect([a.grant?.release.server, c.grant?.release.server]).toEqual([0, 1])
    // At the capacity: dbs waits for one of the two, and no third server starts.
    const d = turn('w')
    await settle()
    expect(d.done).toBe(false)
    expect(grown).toBe(1)
    c.grant?.release()
    await settle()
    expect(d.grant?.file.id).toBe('dbs')
    expect(d.grant?.release.server).toBe(1)
  })

  test('one more own server that could not start: sequential files share the ones that run', async () => {
    let grown = 0
    const { turn, admission } = setup([file('roles', 'sequential'), file('slots', 'sequential')])
    admission.ownSequentialServer({ capacity: 4, grow: () => grown++ })
    admission.sequentialServerUp()
    const a = turn('roles')
    const b = turn('slots')
    await settle()
    expect(grown).toBe(1)
    admission.sequentialServerFailed()
    expect(admission.hasOwnSequentialServer).toBe(true)
    a.grant?.release()
    await settle()
    expect(b.grant?.file.id).toBe('slots')
    expect(b.grant?.release.server).toBe(0)
    expect(grown).toBe(1)
  })
})
