import { Client } from 'pg'
import { claimNextJob, finishJob, JOBS_CHANNEL, type Job } from './jobs'

export interface JobWorkerOptions {
  queue: string
  handle: (job: Job) => Promise<void>
  /** How often to look for jobs when no notification arrives. Default: 1000 ms. */
  pollIntervalMillis?: number
}

export interface JobWorker {
  stop(): Promise<void>
}

/**
 * Runs jobs of one queue on a dedicated connection, as the `worker` process does in production:
 * it drains the queue whenever NOTIFY jobs arrives, and polls in case a notification was missed.
 */
export async function startJobWorker(options: JobWorkerOptions): Promise<JobWorker> {
  const client = new Client({
    connectionString: process.env.DATABASE_URL,
    application_name: 'bookshop-worker',
  })
  await client.connect()
  let stopped = false
  let draining: Promise<void> = Promise.resolve()

  const drain = async () => {
    for (
      let job = await claimNextJob(client, options.queue);
      job;
      job = await claimNextJob(client, options.queue)
    ) {
      try {
        await options.handle(job)
        await finishJob(client, job.id)
      } catch (error) {
        await finishJob(client, job.id, error)
      }
    }
  }
  const wake = () => {
    if (!stopped) draining = draining.then(drain)
  }

  client.on('notification', (message) => {
    if (message.payload === options.queue) wake()
  })
  await client.query(`LISTEN ${JOBS_CHANNEL}`)
  const timer = setInterval(wake, options.pollIntervalMillis ?? 1000)
  wake()

  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await draining
      await client.end()
    },
  }
}
