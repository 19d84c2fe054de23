import type { ClientBase } from 'pg'
import { pool } from './db'

export interface Job {
  id: number
  queue: string
  payload: Record<string, unknown>
  attempts: number
}

export const JOBS_CHANNEL = 'jobs'

/** Queues a job and wakes the workers of its queue. */
export async function enqueueJob(queue: string, payload: Record<string, unknown>): Promise<number> {
  const { rows } = await pool.query<{ id: string }>(
    `WITH job AS (INSERT INTO jobs (queue, payload) VALUES ($1, $2) RETURNING id)
     SELECT id, pg_notify('jobs', $1) FROM job`,
    [queue, payload],
  )
  return Number(rows[0]!.id)
}

/** Claims the oldest pending job of `queue`; concurrent workers skip each other's rows. */
export async function claimNextJob(client: ClientBase, queue: string): Promise<Job | undefined> {
  const { rows } = await client.query<Job>(
    `UPDATE jobs SET status = 'running', attempts = attempts + 1
      WHERE id = (SELECT id FROM jobs WHERE queue = $1 AND status = 'pending'
                   ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
      RETURNING id::int, queue, payload, attempts`,
    [queue],
  )
  return rows[0]
}

export async function finishJob(client: ClientBase, jobId: number, error?: unknown): Promise<void> {
  await client.query(`UPDATE jobs SET status = $2, last_error = $3, finished_at = now() WHERE id = $1`, [
    jobId,
    error === undefined ? 'done' : 'failed',
    error === undefined ? null : String(error),
  ])
}

export async function jobCounts(queue: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; count: number }>(
    'SELECT status, count(*)::int AS count FROM jobs WHERE queue = $1 GROUP BY status',
    [queue],
  )
  return Object.fromEntries(rows.map((row) => [row.status, row.count]))
}
