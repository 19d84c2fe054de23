import { expect, test } from 'vitest'
import { ownEntry } from '../../src/scan/own-entry'

test('a name every object inherits is no entry of a record of facts', () => {
  const forwards: Record<string, number[]> = { run: [0] }
  expect(ownEntry(forwards, 'run')).toEqual([0])
  for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__']) {
    expect(ownEntry(forwards, name), name).toBeUndefined()
  }
  expect(ownEntry(JSON.parse('{"constructor":[1]}'), 'constructor')).toEqual([1])
})
