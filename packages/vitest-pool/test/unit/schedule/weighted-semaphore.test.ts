import { describe, expect, test } from 'vitest'
import { WeightedSemaphore } from '../../../src/schedule/weighted-semaphore'

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('WeightedSemaphore', () => {
  test('grants while the weights fit and queues the rest in order', async () => {
    const semaphore = new WeightedSemaphore(25)
    const first = await semaphore.acquire(10)
    await semaphore.acquire(10)
    const order: string[] = []
    void semaphore.acquire(10).then(() => order.push('third'))
    void semaphore.acquire(1).then(() => order.push('light'))
    await settle()
    expect(order).toEqual([])
    expect(semaphore.used).toBe(20)
    first()
    await settle()
    expect(order).toEqual(['third', 'light'])
    expect(semaphore.used).toBe(21)
  })

  test('a request heavier than the capacity runs alone instead of waiting forever', async () => {
    const semaphore = new WeightedSemaphore(5)
    const release = await semaphore.acquire(50)
    expect(semaphore.used).toBe(5)
    release()
    expect(semaphore.used).toBe(0)
  })
})
