import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  BOOKSHOP,
  BOOKSHOP_FILES,
  BOOKSHOP_LEVELS,
  failedFilesInOutput,
  inlineBaseTsconfig,
} from './bookshop'
import { type ConsumerProject, createConsumerProject } from './consumer-project'
import { npm } from './package-managers'
import { recordedLevels } from './reporter-history'
import { type CommandResult, tail } from './run-command'
import { tarballs } from './tarballs'

describe('examples/bookshop installed with npm from the tarballs', () => {
  let project: ConsumerProject
  let run: CommandResult

  beforeAll(async () => {
    project = createConsumerProject({
      template: BOOKSHOP,
      packageManager: await npm(),
      tarballs: tarballs(),
      skip: ['test-e2e'],
    })
    inlineBaseTsconfig(project.dir)
    const install = await project.install()
    console.log(`consumer: bookshop ${project.packageManager.label} install took ${install.ms} ms`)
    expect(install.exitCode, tail(install)).toBe(0)
    run = await project.vitest([])
    console.log(`consumer: bookshop vitest run took ${run.ms} ms, exit ${run.exitCode}`)
  })

  afterAll(() => project?.remove())

  test('its own vitest CLI runs every file of the suite, and every file passes', () => {
    const failed = failedFilesInOutput(run.output)
    const summary = /Test Files\s+(.*)/.exec(run.output)?.[1]?.trim()
    expect({ exitCode: run.exitCode, failed, summary }, tail(run, 120)).toEqual({
      exitCode: 0,
      failed: [],
      summary: `${BOOKSHOP_FILES.length} passed (${BOOKSHOP_FILES.length})`,
    })
  })

  test('every file ran with its dbsafe context, at its expected level, as the reporter recorded it', () => {
    // Passing is not enough: files that miss their context can pass on another file's database.
    expect(recordedLevels(project.dir), tail(run, 40)).toEqual(BOOKSHOP_LEVELS)
  })
})
