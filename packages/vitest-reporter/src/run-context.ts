import { randomUUID } from 'node:crypto'

/** What the environment says about a run. */
export interface RunContext {
  runId: string
  attempt: number
  commit?: string
  branch?: string
  defaultBranch: boolean
  ci: string
}

/**
 * Reads the CI provider, run id, attempt, commit and branch from environment variables (GitHub Actions,
 * GitLab, CircleCI, Buildkite, generic `CI`). `DBSAFE_RUN_ID`, `DBSAFE_COMMIT`, `DBSAFE_BRANCH` and
 * `DBSAFE_DEFAULT_BRANCH` (default `main`/`master`) override. Local runs get a random run id.
 */
export function runContextFromEnv(env: Record<string, string | undefined>): RunContext {
  const pick = (...names: string[]): string | undefined => {
    for (const name of names) if (env[name]) return env[name]
    return undefined
  }
  const ci = env.GITHUB_ACTIONS
    ? 'github-actions'
    : env.GITLAB_CI
      ? 'gitlab'
      : env.CIRCLECI
        ? 'circleci'
        : env.BUILDKITE
          ? 'buildkite'
          : env.CI && env.CI !== 'false' && env.CI !== '0'
            ? 'ci'
            : 'local'
  const branch = pick(
    'DBSAFE_BRANCH',
    'GITHUB_HEAD_REF',
    'GITHUB_REF_NAME',
    'CI_COMMIT_REF_NAME',
    'CIRCLE_BRANCH',
    'BUILDKITE_BRANCH',
  )
  const defaults = env.DBSAFE_DEFAULT_BRANCH ? [env.DBSAFE_DEFAULT_BRANCH] : ['main', 'master']
  const context: RunContext = {
    runId:
      pick('DBSAFE_RUN_ID', 'GITHUB_RUN_ID', 'CI_PIPELINE_ID', 'CIRCLE_WORKFLOW_ID', 'BUILDKITE_BUILD_ID') ??
      randomUUID(),
    attempt: Number(pick('DBSAFE_RUN_ATTEMPT', 'GITHUB_RUN_ATTEMPT', 'BUILDKITE_RETRY_COUNT') ?? 1) || 1,
    defaultBranch: branch !== undefined && defaults.includes(branch) && !env.GITHUB_HEAD_REF,
    ci,
  }
  const commit = pick('DBSAFE_COMMIT', 'GITHUB_SHA', 'CI_COMMIT_SHA', 'CIRCLE_SHA1', 'BUILDKITE_COMMIT')
  if (commit) context.commit = commit
  if (branch) context.branch = branch
  return context
}
