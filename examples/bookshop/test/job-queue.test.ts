import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { type JobWorker, startJobWorker } from '../src/job-worker'
import { enqueueJob, type Job, jobCounts } from '../src/jobs'
import { pool, resetDatabase } from './helpers/db'

// Another connection's work shows up within milliseconds on an idle machine; CI machines are shared.
const WAIT = { timeout: 15_000 }

describe('job queue', () => {
  let worker: JobWorker | undefined
  const handled: Job[] = []

  beforeEach(resetDatabase)

  afterEach(async () => {
    await worker?.stop()
    handled.length = 0
  })

  afterAll(async () => {
    await resetDatabase()
    await pool.end()
  })

  test('the worker runs every queued job once, oldest first', async () => {
    worker = await startJobWorker({ queue: 'emails', handle: async (job) => void handled.push(job) })

    for (const orderId of [1, 2, 3, 4, 5]) await enqueueJob('emails', { template: 'order-shipped', orderId })

    // The worker marks a job done after its handler returns: wait for that, not for the handler.
    await vi.waitFor(() => expect(jobCounts('emails')).resolves.toEqual({ done: 5 }), WAIT)
    expect(handled.map((job) => job.payload.orderId)).toEqual([1, 2, 3, 4, 5])
  })

  test('a failing job is marked failed with its error, and the others still run', async () => {
    worker = await startJobWorker({
      queue: 'emails',
      handle: async (job) => {
        if (job.payload.orderId === 2) throw new Error('mail server said no')
        handled.push(job)
      },
    })

    await enqueueJob('emails', { orderId: 1 })
    await enqueueJob('emails', { orderId: 2 })
    await enqueueJob('emails', { orderId: 3 })

    await vi.waitFor(() => expect(jobCounts('emails')).resolves.toEqual({ done: 2, failed: 1 }), WAIT)
    const { rows } = await pool.query(`SELECT last_error FROM jobs WHERE status = 'failed'`)
    expect(rows).toEqual([{ last_error: 'Error: mail server said no' }])
  })

  test('jobs of other queues are left alone', async () => {
    worker = await startJobWorker({ queue: 'emails', handle: async (job) => void handled.push(job) })

    await enqueueJob('exports', { format: 'csv' })
    await enqueueJob('emails', { orderId: 9 })

    await vi.waitFor(() => expect(handled).toHaveLength(1), WAIT)
    await expect(jobCounts('exports')).resolves.toEqual({ pending: 1 })
  })
})
