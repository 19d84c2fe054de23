import { describe, expect, test } from 'vitest'
import { runContextFromEnv } from '../../src/run-context'

describe('run context from the environment', () => {
  test('GitHub Actions: run id, attempt, commit, branch; pull requests are never the default branch', () => {
    const push = runContextFromEnv({
      GITHUB_ACTIONS: 'true',
      GITHUB_RUN_ID: '99',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_SHA: 'abc',
      GITHUB_REF_NAME: 'main',
    })
    expect(push).toEqual({
      runId: '99',
      attempt: 2,
      commit: 'abc',
      branch: 'main',
      defaultBranch: true,
      ci: 'github-actions',
    })
    const pr = runContextFromEnv({
      GITHUB_ACTIONS: 'true',
      GITHUB_RUN_ID: '100',
      GITHUB_HEAD_REF: 'feature',
      GITHUB_REF_NAME: '12/merge',
    })
    expect(pr).toMatchObject({ branch: 'feature', defaultBranch: false })
  })

  test('DBSAFE_* variables win; DBSAFE_DEFAULT_BRANCH names the default branch', () => {
    const context = runContextFromEnv({
      CI: 'true',
      CIRCLECI: 'true',
      CIRCLE_BRANCH: 'trunk',
      DBSAFE_RUN_ID: 'mine',
      DBSAFE_DEFAULT_BRANCH: 'trunk',
    })
    expect(context).toEqual({
      runId: 'mine',
      attempt: 1,
      branch: 'trunk',
      defaultBranch: true,
      ci: 'circleci',
    })
  })

  test('local runs get a fresh random id and no commit', () => {
    const a = runContextFromEnv({})
    const b = runContextFromEnv({})
    expect(a.ci).toBe('local')
    expect(a.runId).not.toBe(b.runId)
    expect(a.commit).toBeUndefined()
  })
})
