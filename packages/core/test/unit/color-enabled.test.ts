import { describe, expect, test } from 'vitest'
import { colorEnabled } from '../../src/color-enabled'

describe('colorEnabled', () => {
  test.each([
    [{}, true, true],
    [{}, false, false],
    [{}, undefined, false],
    [{ TERM: 'dumb' }, true, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, true, false],
  ])('env %o, terminal %s → %s', (env, stdoutIsTTY, expected) => {
    expect(colorEnabled({ env, stdoutIsTTY })).toBe(expected)
  })
})
