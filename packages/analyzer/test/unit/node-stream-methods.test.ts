import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { project } from './temp-project'

test('methods a class extending a Node stream or emitter calls on itself are not ORM calls', async () => {
  const root = project({
    'models.ts':
      "import { Sequelize } from 'sequelize'\nexport const orm = new Sequelize('postgres://localhost/shop')\nexport const Order = orm.define('Order', {})\n",
    'order-export.ts':
      "import { Readable } from 'node:stream'\nimport { Order } from './models'\nconst EventEmitter = require('events').EventEmitter\nexport class OrderExport extends Readable {\n  _read() {\n    Order.findAll().then((rows) => this.push(rows), (err) => this.destroy(err))\n  }\n}\nexport class Progress extends EventEmitter {\n  forget(id: string) {\n    this.remove(id)\n  }\n}\n",
    'a.test.ts':
      "import { test } from 'vitest'\nimport { OrderExport, Progress } from './order-export'\ntest('x', () => {\n  new OrderExport().read()\n  new Progress().forget('a')\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['a.test.ts'], cache: false })
  expect(manifest.files[0]?.level).toBe('read-only')
})

test('a stream class that holds a client still writes through it', async () => {
  const root = project({
    'sink.ts':
      "import { Writable } from 'stream'\nimport { Pool } from 'pg'\nexport class Sink extends Writable {\n  pool = new Pool()\n  _write(row: unknown, _: string, done: () => void) {\n    this.pool.query('INSERT INTO audit (row) VALUES ($1)', [row]).then(() => done())\n  }\n}\n",
    'a.test.ts':
      "import { test } from 'vitest'\nimport { Sink } from './sink'\ntest('x', () => {\n  new Sink().write({})\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['a.test.ts'], cache: false })
  expect(manifest.files[0]?.level).toBe('isolated-writes')
})

test('delete() on a class’s own Map or array is in memory; on a store it is given it counts', async () => {
  const root = project({
    'db.ts': "import { Pool } from 'pg'\nexport const pool = new Pool()\n",
    'tracker.ts':
      "import { pool } from './db'\nexport class Tracker {\n  private seen = new Map<string, number>()\n  pending: string[]\n  constructor() {\n    this.pending = []\n  }\n  async forget(id: string) {\n    this.seen.delete(id)\n    this.pending.delete?.(id)\n    await pool.query('SELECT 1')\n  }\n}\n",
    'purger.ts':
      "import { pool } from './db'\nexport class Purger {\n  constructor(private store: { delete(id: string): Promise<void> }) {}\n  async purge(id: string) {\n    await pool.query('SELECT 1')\n    await this.store.delete(id)\n  }\n}\n",
    'a.test.ts':
      "import { afterEach, test } from 'vitest'\nimport { Tracker } from './tracker'\nconst tracker = new Tracker()\nafterEach(() => tracker.forget('a'))\ntest('x', () => {})\n",
    'b.test.ts':
      "import { afterEach, test } from 'vitest'\nimport { Purger } from './purger'\nconst purger = new Purger({ async delete() {} })\nafterEach(() => purger.purge('a'))\ntest('x', () => {})\n",
  })
  const manifest = await analyzeProject({ root, files: ['a.test.ts', 'b.test.ts'], cache: false })
  const levels = Object.fromEntries(manifest.files.map((entry) => [entry.file, entry.level]))
  expect(levels).toEqual({ 'a.test.ts': 'read-only', 'b.test.ts': 'shared-writes' })
})
