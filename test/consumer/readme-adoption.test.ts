import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type ConsumerProject, createConsumerProject } from './consumer-project'
import { npm, type PackageManager, pnpmLatest } from './package-managers'
import { readReadmeInstructions } from './readme-instructions'
import { type CommandResult, tail } from './run-command'
import { tarballs } from './tarballs'

const README_APP = fileURLToPath(new URL('./fixtures/readme-app', import.meta.url))

// A team's serial suite (four files that each count on being alone with the seed), adopting dbsafe by
// doing what the README says and nothing else: its install command, its vitest.config.ts, and its
// install-script row for the package manager. The packed tarballs stand in for the registry.
describe.each([
  { label: 'npm', packageManager: npm, row: 'npm 11.16+' as const },
  { label: 'the latest pnpm', packageManager: pnpmLatest, row: 'pnpm 11+' as const },
])('a new project follows the README with $label', ({ packageManager, row }) => {
  const readme = readReadmeInstructions()
  let project: ConsumerProject
  let pm: PackageManager
  let install: CommandResult
  let run: CommandResult

  beforeAll(async () => {
    pm = await packageManager()
    project = createConsumerProject({
      template: README_APP,
      packageManager: pm,
      tarballs: tarballs(),
      devDependencies: Object.fromEntries(readme.packages.map((name) => [name, 'workspace:*'])),
      install: { allowBuilds: false }, // only what the README's row says, below
    })
    if (row) {
      const { where, what } = readme.installScriptRow(row)
      const file = join(project.dir, where)
      if (where === 'package.json') {
        const manifest = JSON.parse(readFileSync(file, 'utf8'))
        writeFileSync(file, JSON.stringify({ ...manifest, ...JSON.parse(`{${what}}`) }, null, 2))
      } else {
        expect(where).toBe('pnpm-workspace.yaml')
        appendFileSync(file, `${what}\n`)
      }
    }
    writeFileSync(join(project.dir, 'vitest.config.ts'), readme.vitestConfig)
    install = await project.install()
    run = await project.vitest([], {}, { viaPackageManager: true })
  })

  afterAll(() => project?.remove())

  test('installs, and the suite passes in parallel with every file isolated', () => {
    expect(install.exitCode, tail(install)).toBe(0)
    expect(install.output, 'no install script left unreviewed').not.toMatch(/not yet covered by allowScripts/)
    expect(run.exitCode, tail(run)).toBe(0)
    expect(run.output).toMatch(/Test Files\s+6 passed \(6\)/)
  })

  test("dbsafe's reporter summarises the run", () => {
    expect(run.output, tail(run)).toMatch(/dbsafe: 6 files, 6 tests \(6 passed, 0 failed/)
  })
})
