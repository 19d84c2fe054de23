import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { applicationFrame } from '../../../src/worker/call-site'

const packageDir = fileURLToPath(new URL('../../../', import.meta.url))

describe('applicationFrame', () => {
  test("skips dbsafe's own frames, bundled or source-mapped, node_modules and Node internals", () => {
    const stack = [
      'Error: checked out here',
      `    at captureStack (${packageDir}src/worker/connection-tracker.ts:290:17)`,
      `    at Pool.connect (file://${packageDir}dist/install-worker-runtime-AbCd1234.js:812:9)`,
      '    at BoundPool.connect (/app/node_modules/pg-pool/index.js:180:5)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)',
      '    at /app/test/leak.test.ts:5:18',
      '    at /app/node_modules/vitest/dist/chunks/runner.js:10:3',
    ].join('\n')
    expect(applicationFrame(stack, '/app')).toBe('test/leak.test.ts:5:18')
    expect(applicationFrame(stack)).toBe('/app/test/leak.test.ts:5:18')
  })

  test('finds nothing in a stack of library frames only', () => {
    expect(
      applicationFrame('Error\n    at f (/app/node_modules/knex/lib/client.js:1:1)', '/app'),
    ).toBeUndefined()
    expect(applicationFrame(undefined)).toBeUndefined()
  })
})
