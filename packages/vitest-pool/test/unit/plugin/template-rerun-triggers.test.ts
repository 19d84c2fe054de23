import { matchesGlob } from 'node:path'
import { expect, test } from 'vitest'
import { templateRerunTriggers, watchTemplateInputs } from '../../../src/plugin/template-rerun-triggers'

const root = '/project'

test('a migration folder, a seed file and templateInputs become absolute globs', () => {
  const triggers = templateRerunTriggers(
    { migrations: './db/migrations', seed: 'seed.sql', templateInputs: ['src/schema/*.ts'] },
    root,
  )
  const matches = (file: string) => triggers.some((trigger) => matchesGlob(file, trigger))
  expect(matches('/project/db/migrations/001_books.sql')).toBe(true)
  expect(matches('/project/db/migrations/nested/002_x.sql')).toBe(true)
  expect(matches('/project/seed.sql')).toBe(true)
  expect(matches('/project/src/schema/books.ts')).toBe(true)
  expect(matches('/project/src/app.ts')).toBe(false)
  expect(matches('/project/db/other.sql')).toBe(false)
})

test('function steps contribute only their templateInputs', () => {
  expect(
    templateRerunTriggers({ migrations: async () => {}, templateInputs: ['migrations/**'] }, root),
  ).toEqual(['/project/migrations/**'])
  expect(templateRerunTriggers({}, root)).toEqual([])
})

test('watchTemplateInputs adds the triggers to Vitest once', () => {
  const vitest = { config: { forceRerunTriggers: ['**/package.json/**'] } } as unknown as Parameters<
    typeof watchTemplateInputs
  >[0]
  watchTemplateInputs(vitest, { seed: 'seed.sql' }, '/project')
  watchTemplateInputs(vitest, { seed: 'seed.sql' }, '/project')
  expect(vitest.config.forceRerunTriggers).toEqual(['**/package.json/**', '/project/seed.sql'])
})
