import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ConsumerProject } from './consumer-project'
import { GUARD_APP_EXPECTED, type GuardRun, installGuardApp, runGuardApp } from './guard-app'
import type { PackageManager } from './package-managers'
import { tail } from './run-command'

const FILES = Object.keys(GUARD_APP_EXPECTED).sort()

/**
 * The runtime guard as users get it: the guard-app fixture installed with `packageManager` from the packed
 * tarballs, run twice through its own Vitest CLI. In the first run every file the analyzer got wrong ends green
 * (rerun at the level it needs when it failed), is reported with its evidence and fix, and is learned; the second
 * run starts each at its learned level, with nothing misclassified and nothing rerun.
 */
export function describeGuardApp(label: string, packageManager: () => Promise<PackageManager>): void {
  describe(`the runtime guard on guard-app installed with ${label}`, () => {
    let project: ConsumerProject
    let first: GuardRun
    let second: GuardRun

    beforeAll(async () => {
      const installed = await installGuardApp(await packageManager())
      project = installed.project
      expect(installed.install.exitCode, tail(installed.install)).toBe(0)
      first = await runGuardApp(project)
      console.log(`consumer: guard-app first run took ${first.result.ms} ms, exit ${first.result.exitCode}`)
      second = await runGuardApp(project)
      console.log(
        `consumer: guard-app second run took ${second.result.ms} ms, exit ${second.result.exitCode}`,
      )
    })

    afterAll(() => project?.remove())

    test('the first run ends green: every misclassified file passed (after its rerun, if it needed one)', () => {
      const states = Object.fromEntries(FILES.map((file) => [file, first.files[file]?.state]))
      expect({ exitCode: first.result.exitCode, states }, tail(first.result, 120)).toEqual({
        exitCode: 0,
        states: Object.fromEntries(FILES.map((file) => [file, 'passed'])),
      })
    })

    test('each file is reported with the level it ran at, the level it needs, its evidence and its fix', () => {
      for (const [file, expected] of Object.entries(GUARD_APP_EXPECTED)) {
        const finding = first.files[file]?.misclassified
        expect(finding, `${file}\n${tail(first.result, 120)}`).toMatchObject({
          ranAt: expected.ranAt,
          needs: expected.needs,
          fix: expect.stringContaining(`@db-level ${expected.needs}`),
        })
        expect(finding?.evidence.length, file).toBeGreaterThan(0)
        expect(finding?.rerun, file).toEqual(
          expected.rerun ? { level: expected.rerun, state: 'passed' } : undefined,
        )
        expect(first.result.output, file).toContain(file)
      }
      expect(first.result.output).toContain(`Misclassified (${FILES.length})`)
    })

    test('what postgres.js did is seen from the server: the DDL it committed, the LISTEN it left waiting', () => {
      const evidence = (file: string) => first.files[file]?.misclassified?.evidence ?? []
      expect(evidence('tests/schema-sync.test.ts')).toContainEqual(
        expect.objectContaining({
          kind: 'ddl',
          source: 'server',
          text: expect.stringContaining('CREATE TABLE'),
        }),
      )
      expect(evidence('tests/listen-notify.test.ts')).toContainEqual(
        expect.objectContaining({
          kind: 'notify',
          source: 'server',
          text: expect.stringContaining('listen'),
        }),
      )
    })

    test('the learned levels are keyed by content and say what each file needs', () => {
      for (const [file, expected] of Object.entries(GUARD_APP_EXPECTED)) {
        expect(first.learned.files[file], file).toMatchObject({
          level: expected.needs,
          ranAt: expected.ranAt,
        })
      }
    })

    test('the second run starts every file at its learned level: all green, nothing misclassified or rerun', () => {
      const seen = Object.fromEntries(
        FILES.map((file) => {
          const { state, level, source, misclassified } = second.files[file] ?? {}
          return [file, { state, level, source, misclassified }]
        }),
      )
      expect({ exitCode: second.result.exitCode, seen }, tail(second.result, 120)).toEqual({
        exitCode: 0,
        seen: Object.fromEntries(
          Object.entries(GUARD_APP_EXPECTED).map(([file, expected]) => [
            file,
            { state: 'passed', level: expected.needs, source: 'learned', misclassified: undefined },
          ]),
        ),
      })
      expect(second.result.output).not.toContain('Misclassified')
    })
  })
}
