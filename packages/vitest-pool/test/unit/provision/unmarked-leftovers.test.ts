import { describe, expect, it } from 'vitest'
import { isTemplateName, unmarkedRunKey } from '../../../src/provision/unmarked-leftovers'

describe('unmarkedRunKey', () => {
  it('reads the run key from a clone or read-only database name of the exact shape', () => {
    expect(unmarkedRunKey('dbsafe', 'dbsafe_0badf00d_c12')).toBe(0x0badf00d)
    expect(unmarkedRunKey('dbsafe', 'dbsafe_7fffffff_ro')).toBe(0x7fffffff)
  })

  it('is undefined for any other name', () => {
    for (const name of [
      'dbsafe_orders',
      'dbsafe_0badf00d_c1x',
      'dbsafe_0badf00d_c0',
      'dbsafe_0badf00d_c',
      'dbsafe_0BADF00D_c1',
      'dbsafe_8badf00d_c1', // above the 31-bit keys runs use
      'dbsafe_0badf00d_r1',
      'other_0badf00d_c1',
      'xdbsafe_0badf00d_c1',
      'dbsafe_tpl_0123456789abcdef',
    ]) {
      expect(unmarkedRunKey('dbsafe', name), name).toBeUndefined()
    }
  })
})

describe('isTemplateName', () => {
  it('accepts exactly <prefix>_tpl_<16 hex>', () => {
    expect(isTemplateName('dbsafe', 'dbsafe_tpl_0123456789abcdef')).toBe(true)
    expect(isTemplateName('dbsafe', 'dbsafe_tpl_0123456789abcde')).toBe(false)
    expect(isTemplateName('dbsafe', 'dbsafe_tpl_0123456789abcdefa')).toBe(false)
    expect(isTemplateName('dbsafe', 'dbsafe_tpl_0123456789ABCDEF')).toBe(false)
    expect(isTemplateName('dbsafe', 'other_tpl_0123456789abcdef')).toBe(false)
  })
})
