import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { logicalRuns, readHistoryFile } from '@dbsafe/vitest-reporter'
import { expect, test } from 'vitest'
import { copySuite } from './run-suite'
import { asUserProject, vitestCli } from './run-vitest-cli'

const planHash = (output: string): string | undefined =>
  /dbsafe shard \d\/2: .*plan ([0-9a-f]{12})/.exec(output)?.[1]

test('the documented recipe keeps the dbsafe reporter: real `vitest --shard` runs plus `--merge-reports` check the plan', async () => {
  const root = copySuite()
  asUserProject(root)
  const env = { DBSAFE_RUN_ID: 'ci-42', DBSAFE_RUN_ATTEMPT: '1' }
  const reporters = ['--reporter=default', '--reporter=blob', '--reporter=@dbsafe/vitest-reporter']
  const one = await vitestCli(root, ['run', '--shard=1/2', ...reporters], env)
  const two = await vitestCli(root, ['run', '--shard=2/2', ...reporters], env)
  for (const shard of [one, two]) {
    expect(shard.exitCode, shard.output).toBe(0)
    expect(shard.output).not.toContain('runs without the dbsafe reporter')
    expect(shard.output).toMatch(/dbsafe \(shard \d\/2\): \d+ files/)
  }
  expect(planHash(one.output)).toBe(planHash(two.output))
  expect(readdirSync(join(root, '.vitest/blob')).sort()).toEqual(['blob-1-2.json', 'blob-2-2.json'])
  expect(readdirSync(join(root, '.vitest/dbsafe/shards')).sort()).toEqual([
    'ci-42-1-1-of-2.json',
    'ci-42-1-2-of-2.json',
  ])

  // The merge job: the config's reporters (default + dbsafe), no flags.
  const merged = await vitestCli(root, ['run', '--merge-reports'], { DBSAFE_RUN_ID: 'merge-job' })
  expect(merged.exitCode, merged.output).toBe(0)
  expect(merged.output).toContain('dbsafe (merged shards): 7 files')
  expect(merged.output).toContain('every file ran exactly once under one plan')
  const runs = logicalRuns(await readHistoryFile(join(root, '.vitest/dbsafe/history.json')))
  expect(runs.map((run) => [run.runId, run.merged, run.plan?.hash, run.files.length])).toEqual([
    ['ci-42', true, planHash(one.output), 7],
  ])
})

test('the old recipe (`--reporter=blob --reporter=default`) drops the dbsafe reporter — and now says so, on the shard and on the merge', async () => {
  const root = copySuite()
  asUserProject(root)
  const env = { DBSAFE_RUN_ID: 'ci-43', DBSAFE_RUN_ATTEMPT: '1' }
  const one = await vitestCli(root, ['run', '--shard=1/2', '--reporter=blob', '--reporter=default'], env)
  const two = await vitestCli(root, ['run', '--shard=2/2', '--reporter=blob', '--reporter=default'], env)
  for (const shard of [one, two]) {
    expect(shard.exitCode, shard.output).toBe(0)
    expect(shard.output).toMatch(/dbsafe: shard \d\/2 runs without the dbsafe reporter/)
    expect(shard.output).toContain('--reporter=@dbsafe/vitest-reporter')
    expect(shard.output).not.toMatch(/dbsafe \(shard \d\/2\):/)
  }
  const merged = await vitestCli(root, ['run', '--merge-reports'], { DBSAFE_RUN_ID: 'merge-job' })
  expect(merged.output).toContain(
    'the merged reports carry no dbsafe shard plan, so the shard check was skipped',
  )
  expect(merged.output).not.toContain('every file ran exactly once')
})
