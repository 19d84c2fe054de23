// Runs Vitest once with its output captured and reads the outcome from the default reporter's summary.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { stripVTControlCharacters } from 'node:util'

/**
 * @param {string} root the example's folder
 * @param {string[]} args arguments of `vitest run`
 * @param {Record<string, string | undefined>} env the child's environment
 * @returns {Promise<{ wallMs: number, total: number, failed: number, failedFiles: string[], output: string, code: number }>}
 */
export function runVitest(root, args, env) {
  const started = performance.now()
  const child = spawn(join(root, 'node_modules/.bin/vitest'), ['run', ...args], {
    cwd: root,
    env: { ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      const text = stripVTControlCharacters(output)
      const files = /Test Files\s+(.*)\((\d+)\)/.exec(text)
      const failedFiles = [...new Set([...text.matchAll(/FAIL\s+(\S+\.test\.ts)/g)].map((m) => m[1]))]
      resolve({
        wallMs: performance.now() - started,
        total: files ? Number(files[2]) : 0,
        failed: files ? Number(/(\d+) failed/.exec(files[1])?.[1] ?? 0) : 0,
        failedFiles,
        output: text,
        code: code ?? 1,
      })
    })
  })
}
