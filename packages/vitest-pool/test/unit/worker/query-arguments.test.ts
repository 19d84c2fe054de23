import { describe, expect, test } from 'vitest'
import { normalizeQueryArguments } from '../../../src/worker/query-arguments'

describe('normalizeQueryArguments', () => {
  const callback = () => {}

  test('text, values and callback', () => {
    expect(normalizeQueryArguments('SELECT $1', [1], callback)).toMatchObject({
      text: 'SELECT $1',
      values: [1],
      config: { text: 'SELECT $1', values: [1] },
      callback,
    })
    expect(normalizeQueryArguments('SELECT 1', callback, undefined)).toMatchObject({
      values: undefined,
      callback,
    })
  })

  test('a config object is copied without its callback', () => {
    const config = { text: 'SELECT 1', rowMode: 'array', callback }
    const call = normalizeQueryArguments(config, undefined, undefined)
    expect(call.config).toEqual({ text: 'SELECT 1', rowMode: 'array', values: undefined })
    expect(call.callback).toBe(callback)
    expect(config.callback).toBe(callback)
  })

  test('a submittable is passed through', () => {
    const cursor = { text: 'SELECT 1', submit: () => {} }
    expect(normalizeQueryArguments(cursor, undefined, undefined)).toMatchObject({
      submittable: cursor,
      text: 'SELECT 1',
    })
  })

  test('a missing query throws like pg', () => {
    expect(() => normalizeQueryArguments(undefined, undefined, undefined)).toThrow(TypeError)
  })
})
