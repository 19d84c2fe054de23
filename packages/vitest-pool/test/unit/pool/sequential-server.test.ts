import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { sequentialServerOptions, usesOwnSequentialServer } from '../../../src/pool/sequential-server'
import { defaultEmbeddedCacheDir } from '../../../src/server/embedded-cache'

describe('usesOwnSequentialServer', () => {
  test('auto: a server of their own when dbsafe owns the main one, the lane when the user gave a url', () => {
    expect(usesOwnSequentialServer('auto', undefined)).toBe(true)
    expect(usesOwnSequentialServer('auto', 'postgres://postgres@127.0.0.1:5432/postgres')).toBe(false)
  })

  test('shared never, embedded always (the user opts in beside a url)', () => {
    expect(usesOwnSequentialServer('shared', undefined)).toBe(false)
    expect(usesOwnSequentialServer('embedded', 'postgres://postgres@127.0.0.1:5432/postgres')).toBe(true)
  })
})

describe('sequentialServerOptions', () => {
  test('the run’s options on an embedded cluster cached beside the main ones, never the user’s url', () => {
    const options = sequentialServerOptions({
      root: '/project',
      url: 'postgres://postgres:pw@db:5432/postgres',
      migrations: './migrations',
      dropAfterExit: true,
      embedded: { slots: 2 },
    })
    expect(options).toEqual({
      root: '/project',
      migrations: './migrations',
      warmDatabases: 0,
      dropAfterExit: false,
      embedded: { slots: 2, cacheDir: join(defaultEmbeddedCacheDir(), 'sequential') },
    })
  })

  test('a cache folder of the user’s own gets the sequential clusters in it', () => {
    expect(sequentialServerOptions({ root: '/p', embedded: { cacheDir: '/cache' } }).embedded).toEqual({
      cacheDir: '/cache/sequential',
    })
  })
})
