import { closestName, DB_LEVELS, didYouMean } from '@dbsafe/core'
import { expect, test } from 'vitest'

test.each([
  ['sequentail', 'sequential'],
  ['readonly', 'read-only'],
  ['Shared-Writes', 'shared-writes'],
  ['schema-change', 'schema-changes'],
  ['nne', 'none'],
])('%s is taken for %s', (input, expected) => {
  expect(closestName(input, DB_LEVELS)).toBe(expected)
})

test.each(['serial', 'explode', 'x', ''])('%j is close to no level', (input) => {
  expect(closestName(input, DB_LEVELS)).toBeUndefined()
})

test('the closest of several candidates wins; the suggestion ends a message', () => {
  expect(closestName('migrtions', ['seed', 'migrations', 'levels'])).toBe('migrations')
  expect(didYouMean('warm', ['fail', 'warn', 'off'])).toBe('; did you mean "warn"?')
  expect(didYouMean('explode', ['fail', 'warn', 'off'])).toBe('')
})
