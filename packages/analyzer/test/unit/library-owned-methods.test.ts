import { expect, test } from 'vitest'
import { levelOf, PG_POOL } from './temp-project'

test('destroy(err) of a Node stream is not a sequelize delete where no module imports sequelize', async () => {
  const level = await levelOf({
    'db.ts': PG_POOL,
    'rows.ts':
      "import { Readable } from 'node:stream'\nexport class Rows extends Readable {\n  _read() {\n    this.destroy(new Error('stop'))\n  }\n}\n",
    'a.test.ts':
      "import { test } from 'vitest'\nimport { pool } from './db'\nimport { Rows } from './rows'\ntest('x', async () => {\n  new Rows().destroy(new Error('early'))\n  await pool.query('SELECT 1')\n})\n",
  })
  expect(level).toBe('read-only')
})

test('destroy({ where }) is a delete where a reachable module imports sequelize', async () => {
  const level = await levelOf({
    'models.ts':
      "import { Sequelize } from 'sequelize'\nexport const orm = new Sequelize('postgres://localhost/shop')\nexport const Order = orm.define('Order', {})\n",
    'a.test.ts':
      "import { test } from 'vitest'\nimport { Order } from './models'\ntest('x', async () => {\n  await Order.destroy({ where: { id: 3 } })\n})\n",
  })
  expect(level).toBe('isolated-writes')
})

test('sync() and flush() of a wire protocol object are not a schema sync or a MikroORM flush', async () => {
  const level = await levelOf({
    'db.ts': PG_POOL,
    'portal.ts':
      'export class Portal {\n  constructor(private wire: { sync(): void; flush(): void }) {}\n  close() {\n    this.wire.flush()\n    this.wire.sync()\n  }\n}\n',
    'a.test.ts':
      "import { test } from 'vitest'\nimport { pool } from './db'\nimport { Portal } from './portal'\ntest('x', async () => {\n  await pool.query('SELECT 1')\n  new Portal({ sync() {}, flush() {} }).close()\n})\n",
  })
  expect(level).toBe('read-only')
})

test('sync() is a schema sync where sequelize comes through an integration package', async () => {
  const level = await levelOf({
    'db.ts': `${PG_POOL}import type { Sequelize } from '@nestjs/sequelize/dist/x'\nexport declare const orm: Sequelize\n`,
    'a.test.ts':
      "import { beforeAll, test } from 'vitest'\nimport { orm } from './db'\nbeforeAll(() => orm.sync({ alter: true }))\ntest('x', () => {})\n",
  })
  expect(level).toBe('schema-changes')
})

test('clear() of MikroORM (identity map, metadata) is not a TypeORM truncate; of TypeORM it is', async () => {
  const mikro = await levelOf({
    'a.test.ts':
      "import { afterEach, test } from 'vitest'\nimport { MikroORM, MetadataStorage } from '@mikro-orm/postgresql'\nconst orm = await MikroORM.init({ dbName: 'shop' })\nafterEach(() => {\n  orm.em.clear()\n  MetadataStorage.clear()\n})\ntest('x', async () => {\n  await orm.em.find('Order', {})\n})\n",
  })
  const typeorm = await levelOf({
    'a.test.ts':
      "import { afterEach, test } from 'vitest'\nimport { DataSource } from 'typeorm'\nconst source = new DataSource({ type: 'postgres' })\nafterEach(() => source.getRepository('Order').clear())\ntest('x', () => {})\n",
  })
  expect({ mikro, typeorm }).toEqual({ mikro: 'read-only', typeorm: 'shared-writes' })
})

test('sync() on an object imported straight from a package the analyzer does not follow keeps its meaning', async () => {
  const level = await levelOf({
    'db.ts': PG_POOL,
    'a.test.ts':
      "import { beforeAll, test } from 'vitest'\nimport './db'\nimport { orm } from '@acme/orm-kit'\nbeforeAll(() => orm.sync({ force: true }))\ntest('x', () => {})\n",
  })
  expect(level).toBe('schema-changes')
})

test('in a library’s own tests, the package under test loaded by its folder is that library', async () => {
  const level = await levelOf({
    'package.json': '{ "name": "sequelize" }',
    'index.js': 'module.exports = class Sequelize {}\n',
    'a.test.ts':
      "import { beforeAll, test } from 'vitest'\nconst Sequelize = require('./')\nconst db = new Sequelize('postgres://localhost/shop')\nbeforeAll(() => db.sync({ force: true }))\ntest('x', () => {})\n",
  })
  expect(level).toBe('schema-changes')
})

test('sync() still counts when a reachable import cannot be read (the library may be behind it)', async () => {
  const level = await levelOf({
    'db.ts': PG_POOL,
    'support.ts': "export { orm } from './generated/orm'\n",
    'a.test.ts':
      "import { beforeAll, test } from 'vitest'\nimport './db'\nimport { orm } from './support'\nbeforeAll(() => orm.sync({ force: true }))\ntest('x', () => {})\n",
  })
  expect(level).toBe('schema-changes')
})
