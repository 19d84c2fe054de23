import { describe, expect, test } from 'vitest'
import { ReadersWriterLock } from '../../../src/schedule/readers-writer-lock'

/** Lets every settled promise run its callbacks. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

function track(promise: Promise<unknown>): { granted: boolean } {
  const state = { granted: false }
  void promise.then(() => {
    state.granted = true
  })
  return state
}

describe('ReadersWriterLock', () => {
  test('shared holders run together', async () => {
    const lock = new ReadersWriterLock()
    const a = track(lock.acquireShared())
    const b = track(lock.acquireShared())
    await settle()
    expect([a.granted, b.granted]).toEqual([true, true])
  })

  test('an exclusive holder waits for shared holders and then runs alone', async () => {
    const lock = new ReadersWriterLock()
    const release = await lock.acquireShared()
    const writer = track(lock.acquireExclusive())
    await settle()
    expect(writer.granted).toBe(false)
    release()
    await settle()
    expect(writer.granted).toBe(true)
  })

  test('writer-preferring: a waiting exclusive request holds back later shared ones', async () => {
    const lock = new ReadersWriterLock()
    const firstReader = await lock.acquireShared()
    const writerPromise = lock.acquireExclusive()
    const lateReader = track(lock.acquireShared())
    firstReader()
    const releaseWriter = await writerPromise
    await settle()
    expect(lateReader.granted).toBe(false)
    releaseWriter()
    await settle()
    expect(lateReader.granted).toBe(true)
  })

  test('releasing twice gives back one hold only', async () => {
    const lock = new ReadersWriterLock()
    const a = await lock.acquireShared()
    await lock.acquireShared()
    a()
    a()
    const writer = track(lock.acquireExclusive())
    await settle()
    expect(writer.granted).toBe(false)
  })
})
