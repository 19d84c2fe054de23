import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { computeFingerprint, type FingerprintInputs } from '../../../src/template/fingerprint'

const roots: string[] = []
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true })
})

async function project(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'dbsafe-fingerprint-'))
  roots.push(root)
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), content)
  }
  return root
}

const FILES = {
  'migrations/001_a.sql': 'CREATE TABLE a (id int);',
  'migrations/002_b.sql': 'CREATE TABLE b (id int);',
  'migrations/README.md': 'notes',
  'seed.sql': 'INSERT INTO a VALUES (1);',
  'src/db/schema.ts': 'export const a = 1',
}

describe('computeFingerprint', () => {
  const base = (root: string): FingerprintInputs => ({
    root,
    migrations: 'migrations',
    seed: 'seed.sql',
    serverVersionNum: 180001,
  })

  it('hashes the migration .sql files and the seed, and lists them root-relative', async () => {
    const root = await project(FILES)
    const { files } = await computeFingerprint(base(root))
    expect(files).toEqual(['migrations/001_a.sql', 'migrations/002_b.sql', 'seed.sql'])
  })

  it('is the same for the same inputs in another folder, and changes with any input', async () => {
    const a = await computeFingerprint(base(await project(FILES)))
    const b = await computeFingerprint(base(await project(FILES)))
    expect(b.hash).toBe(a.hash)
    const variants: [string, FingerprintInputs][] = [
      [
        'migration edited',
        base(await project({ ...FILES, 'migrations/002_b.sql': 'CREATE TABLE b (id bigint);' })),
      ],
      ['migration added', base(await project({ ...FILES, 'migrations/003_c.sql': 'SELECT 1;' }))],
      [
        'migration renamed',
        base(
          await project({
            ...FILES,
            'migrations/002_b.sql': '',
            'migrations/002_bb.sql': 'CREATE TABLE b (id int);',
          }),
        ),
      ],
      ['seed edited', base(await project({ ...FILES, 'seed.sql': 'INSERT INTO a VALUES (2);' }))],
      ['server upgraded', { ...base(await project(FILES)), serverVersionNum: 180002 }],
      ['option changed', { ...base(await project(FILES)), extra: { prefix: 'other' } }],
    ]
    for (const [change, inputs] of variants) {
      expect((await computeFingerprint(inputs)).hash, change).not.toBe(a.hash)
    }
  })

  it('ignores files outside the declared inputs', async () => {
    const a = await computeFingerprint(base(await project(FILES)))
    const b = await computeFingerprint(
      base(await project({ ...FILES, 'migrations/README.md': 'other notes', 'src/db/schema.ts': 'x' })),
    )
    expect(b.hash).toBe(a.hash)
  })

  it('covers the files a migration function reads through templateInputs', async () => {
    const migrate = async (_url: string) => {}
    const inputs = (root: string): FingerprintInputs => ({
      root,
      migrations: migrate,
      templateInputs: ['src/db/**/*.ts'],
      serverVersionNum: 180001,
    })
    const a = await computeFingerprint(inputs(await project(FILES)))
    expect(a.files).toEqual(['src/db/schema.ts'])
    const b = await computeFingerprint(
      inputs(await project({ ...FILES, 'src/db/schema.ts': 'export const a = 2' })),
    )
    expect(b.hash).not.toBe(a.hash)
  })

  it('fails with DBSAFE_CONFIG_INVALID when the migrations folder is missing', async () => {
    const root = await project({})
    await expect(computeFingerprint(base(root))).rejects.toMatchObject({ code: 'DBSAFE_CONFIG_INVALID' })
  })
})
