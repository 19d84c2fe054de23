import type { WorkerRequest } from 'vitest/node'

type StartRequest = Extract<WorkerRequest, { type: 'start' }>

/**
 * How test files share worker processes. With `freshModulesPerFile`, the project runs with
 * `isolate: false` (Vitest hands the next file to a worker that is already up instead of forking a
 * new one) while each worker still resets its module graph before every file, as under
 * `isolate: true`: the application's modules are evaluated again and read the new file's
 * `DATABASE_URL`. Set by the plugin when it turns isolation off for the user.
 */
export interface WorkerReuse {
  freshModulesPerFile: boolean
}

/**
 * The `start` request with `isolate: true` in the worker's own config: the worker runtime then
 * resets modules and mocks before each file. The main process keeps `isolate: false`, which is what
 * lets it reuse the process.
 */
export function withFreshModulesPerFile(request: StartRequest): StartRequest {
  return {
    ...request,
    context: { ...request.context, config: { ...request.context.config, isolate: true } },
  }
}
