import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'

/** The committed entry that package managers link as `dbsafe`; it loads the built dist/bin.js. */
const bin = fileURLToPath(new URL('../../bin/dbsafe.js', import.meta.url))
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))

/** Enough test files that `analyze --json` writes more than a pipe holds (64 KiB on Linux). */
const FILES = 150
const root = mkdtempSync(join(tmpdir(), 'dbsafe-bin-e2e-'))
mkdirSync(join(root, 'test'))
for (let i = 0; i < FILES; i++) {
  writeFileSync(
    join(root, 'test', `f${i}.test.ts`),
    "import { test } from 'vitest'\nimport pg from 'pg'\n\ntest('reads', async () => {\n  await new pg.Client().query('SELECT 1')\n})\n",
  )
}
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** The environment of a user's shell without colour settings of its own. */
const plainEnv = () => {
  const env = { ...process.env }
  delete env.NO_COLOR
  delete env.FORCE_COLOR
  return env
}

function dbsafe(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...plainEnv(), ...env },
  })
  return { code: result.status, out: result.stdout, err: result.stderr }
}

/** Runs `command` in bash with pipefail (the exit code is dbsafe's when the reader exits 0); `$NODE "$DBSAFE_BIN"` is dbsafe. */
function shell(command: string, env: Record<string, string> = {}) {
  const result = spawnSync('bash', ['-c', `set -o pipefail; ${command}`], {
    cwd: root,
    encoding: 'utf8',
    env: { ...plainEnv(), NODE: process.execPath, DBSAFE_BIN: bin, ...env },
  })
  return { code: result.status, out: result.stdout, err: result.stderr }
}

const ESC = '\u001b['
const hasScript = spawnSync('script', ['--version']).status === 0

describe('the built dbsafe command', () => {
  test('--version prints the package version; --help lists the commands', () => {
    expect(dbsafe(['--version'])).toEqual({ code: 0, out: `${manifest.version}\n`, err: '' })
    const help = dbsafe(['--help'])
    expect(help.code).toBe(0)
    for (const name of ['analyze', 'history', 'report', 'bench']) expect(help.out).toContain(`  ${name}`)
  })

  test('`dbsafe analyze --json | head -1` exits 0 with nothing on stderr when head closes the pipe', () => {
    const full = dbsafe(['analyze', '--json'])
    expect(full.code).toBe(0)
    expect(full.out.length).toBeGreaterThan(64 * 1024)
    const piped = shell('"$NODE" "$DBSAFE_BIN" analyze --json | head -1')
    expect(piped).toEqual({ code: 0, out: '{\n', err: '' })
  })

  test('colours: none in a pipe, FORCE_COLOR turns them on, NO_COLOR wins, --json never has any', () => {
    expect(dbsafe(['analyze']).out).not.toContain(ESC)
    expect(dbsafe(['analyze'], { FORCE_COLOR: '1' }).out).toContain(ESC)
    expect(dbsafe(['analyze'], { FORCE_COLOR: '1', NO_COLOR: '1' }).out).not.toContain(ESC)
    expect(dbsafe(['analyze', '--json'], { FORCE_COLOR: '1' }).out).not.toContain(ESC)
  })

  test.skipIf(!hasScript)('colours on a terminal (util-linux `script`), none with NO_COLOR', () => {
    const terminal = (env: Record<string, string>) =>
      shell('script -qec \'"$NODE" "$DBSAFE_BIN" analyze\' /dev/null', { TERM: 'xterm', ...env })
    const colored = terminal({})
    expect(colored.code).toBe(0)
    expect(colored.out).toContain(`${ESC}1mread-only (${FILES})`)
    expect(terminal({ NO_COLOR: '1' }).out).not.toContain(ESC)
  })

  test('history show --json prints JSON where the table would be', () => {
    const result = dbsafe(['history', 'show', '--json'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.out)).toMatchObject({ runs: [] })
  })
})
