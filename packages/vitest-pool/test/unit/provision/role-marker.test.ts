import { describe, expect, it } from 'vitest'
import {
  formatRunRoleMarker,
  formatTemplateRoleMarker,
  parseRunRoleMarker,
  parseTemplateRoleMarker,
  roleMatchesName,
  runRoleName,
  templateOwnerRole,
  templateReaderRole,
} from '../../../src/provision/role-marker'

const run = { runId: '0badcafe', runKey: 0x0badcafe }

describe('role markers', () => {
  it('round-trip and name a run’s roles after the run, a template’s after the template', () => {
    const marker = parseRunRoleMarker(formatRunRoleMarker(run, 'dbsafe_0badcafe_c1', 'owner'))
    expect(marker).toMatchObject({
      dbsafe: 'role',
      runId: '0badcafe',
      database: 'dbsafe_0badcafe_c1',
      access: 'owner',
    })
    expect(runRoleName('dbsafe', run.runId, 3)).toBe('dbsafe_0badcafe_u3')
    expect(roleMatchesName('dbsafe', 'dbsafe_0badcafe_u3', marker!)).toBe(true)
    expect(roleMatchesName('dbsafe', 'dbsafe_12345678_u3', marker!)).toBe(false)
    const template = 'dbsafe_tpl_abababababababab'
    expect(templateOwnerRole(template)).toBe(template)
    expect(templateReaderRole(template)).toBe(`${template}_r`)
    const owner = parseTemplateRoleMarker(formatTemplateRoleMarker(template, 'owner'))!
    const reader = parseTemplateRoleMarker(formatTemplateRoleMarker(template, 'reader'))!
    expect(roleMatchesName('dbsafe', template, owner)).toBe(true)
    expect(roleMatchesName('dbsafe', `${template}_r`, reader)).toBe(true)
    expect(roleMatchesName('dbsafe', `${template}_r`, owner)).toBe(false)
    expect(roleMatchesName('other', template, owner)).toBe(false)
  })

  it('reject comments that are not dbsafe role markers', () => {
    expect(parseRunRoleMarker(null)).toBeUndefined()
    expect(parseRunRoleMarker('the reporting team')).toBeUndefined()
    expect(parseRunRoleMarker('{"dbsafe":"role","runId":"../x","runKey":1,"database":"d"}')).toBeUndefined()
    expect(
      parseRunRoleMarker('{"dbsafe":"run","runId":"0badcafe","runKey":1,"createdAt":"x"}'),
    ).toBeUndefined()
    expect(parseTemplateRoleMarker('{"dbsafe":"role","template":"x","kind":"admin"}')).toBeUndefined()
  })
})
