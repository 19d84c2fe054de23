import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { estimateFileCosts, logicalRuns, planShards, readHistoryFile } from '@dbsafe/vitest-reporter'
import { expect, test } from 'vitest'
import { copySuite, runSuite } from './run-suite'

const planLine = (stdout: string) => {
  const match =
    /shard (\d)\/2: (\d+) of (\d+) files, predicted .*?plan ([0-9a-f]{12}), history ([0-9a-f]{12})/.exec(
      stdout,
    )
  if (!match) throw new Error(`no plan line in:\n${stdout}`)
  return {
    index: Number(match[1]),
    files: Number(match[2]),
    total: Number(match[3]),
    plan: match[4],
    history: match[5],
  }
}

test('two shards plus --merge-reports give one merged history, balanced and disjoint shards', async () => {
  const root = copySuite()
  // History to plan from: two unsharded runs.
  await runSuite(root, { env: { DBSAFE_RUN_ID: 'seed-1' } })
  await runSuite(root, { env: { DBSAFE_RUN_ID: 'seed-2' } })

  // What the shards should do, computed here from the same snapshot.
  const snapshot = logicalRuns(await readHistoryFile(join(root, '.vitest/dbsafe/history.json')))
  const keys = (snapshot[0]?.files ?? []).map((f) => f.file)
  const expected = planShards(estimateFileCosts(keys, snapshot), 2)

  const env = { DBSAFE_RUN_ID: 'ci-7', DBSAFE_RUN_ATTEMPT: '1' }
  // Shard 2 names the reporter by package, as `--reporter=@dbsafe/vitest-reporter` does: a second module copy.
  const one = await runSuite(root, { env, shard: '1/2', blob: true })
  const two = await runSuite(root, { env, shard: '2/2', blob: true, byName: true })
  const plan1 = planLine(one.stdout)
  const plan2 = planLine(two.stdout)
  expect(plan1.plan).toBe(plan2.plan)
  expect(plan1.history).toBe(plan2.history)
  expect(plan1.files + plan2.files).toBe(7)

  const shardDir = join(root, '.vitest/dbsafe/shards')
  expect(readdirSync(shardDir).sort()).toEqual(['ci-7-1-1-of-2.json', 'ci-7-1-2-of-2.json'])
  const part1 = (await readHistoryFile(join(shardDir, 'ci-7-1-1-of-2.json'))).runs[0]
  const part2 = (await readHistoryFile(join(shardDir, 'ci-7-1-2-of-2.json'))).runs[0]
  const files1 = part1?.files.map((f) => f.file) ?? []
  const files2 = part2?.files.map((f) => f.file) ?? []
  expect(files1.filter((f) => files2.includes(f))).toEqual([])
  expect(part1?.plan?.hash).toBe(plan1.plan)
  // Each shard ran exactly its part of the longest-first plan, and the plan is balanced to within one file.
  expect(plan1.plan).toBe(expected.hash)
  expect([...files1].sort()).toEqual([...(expected.shards[0]?.files ?? [])].sort())
  expect([...files2].sort()).toEqual([...(expected.shards[1]?.files ?? [])].sort())
  const [a, b] = expected.shards.map((shard) => shard.predictedMs) as [number, number]
  const longest = Math.max(...estimateFileCosts(keys, snapshot).map((item) => item.estimateMs))
  expect(Math.abs(a - b)).toBeLessThanOrEqual(longest)

  const merged = await runSuite(root, { env: { DBSAFE_RUN_ID: 'merge-job' }, mergeReports: true })
  expect(merged.stdout).toContain('every file ran exactly once under one plan')
  expect(merged.exitCode).not.toBe(1)
  const history = await readHistoryFile(join(root, '.vitest/dbsafe/history.json'))
  const runs = logicalRuns(history)
  expect(runs.map((r) => r.runId)).toEqual(['seed-1', 'seed-2', 'ci-7'])
  const whole = runs[2]
  expect(whole?.merged).toBe(true)
  expect(whole?.plan?.hash).toBe(expected.hash)
  expect(whole?.files.map((f) => f.file).sort()).toEqual([...files1, ...files2].sort())

  // Merging the same blobs again changes nothing.
  await runSuite(root, { env: { DBSAFE_RUN_ID: 'merge-job' }, mergeReports: true })
  const again = await readHistoryFile(join(root, '.vitest/dbsafe/history.json'))
  expect(again.runs.length).toBe(history.runs.length)
})

test('the merge run fails when a shard is missing', async () => {
  const root = copySuite()
  await runSuite(root, { env: { DBSAFE_RUN_ID: 'seed-1' } })
  await runSuite(root, { env: { DBSAFE_RUN_ID: 'ci-8' }, shard: '1/2', blob: true })
  const merged = await runSuite(root, { env: { DBSAFE_RUN_ID: 'merge-job' }, mergeReports: true })
  expect(merged.stderr).toMatch(/DBSAFE_SHARD_MISMATCH|shard 2 of 2 missing/)
  expect(merged.exitCode).toBe(1)
})
