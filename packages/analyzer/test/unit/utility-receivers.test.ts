import { expect, test } from 'vitest'
import { levelOf, PG_POOL } from './temp-project'

test("sinon's restore() and a stub's restore() in a hook restore no rows", async () => {
  const level = await levelOf({
    'db.ts': PG_POOL,
    'a.test.ts':
      "import { afterEach, test } from 'vitest'\nimport sinon from 'sinon'\nimport { pool } from './db'\nconst clock = sinon.useFakeTimers()\nafterEach(() => {\n  sinon.restore()\n  clock.restore()\n})\ntest('x', async () => {\n  await pool.query('SELECT 1')\n})\n",
  })
  expect(level).toBe('read-only')
})

test("lodash's merge(), map() and remove() are collection helpers, not writes or statements", async () => {
  const level = await levelOf({
    'db.ts': PG_POOL,
    'a.test.ts':
      "import { test } from 'vitest'\nimport _ from 'lodash'\nimport { pool } from './db'\ntest('x', async () => {\n  const { rows } = await pool.query('SELECT id FROM gadgets')\n  const ids = _.map(rows, 'id')\n  _.merge({}, { ids })\n  _.remove(ids, (id) => id > 3)\n})\n",
  })
  expect(level).toBe('read-only')
})

test("a Node built-in's methods (a stream's map()) carry no database meaning", async () => {
  const level = await levelOf({
    'db.ts': PG_POOL,
    'a.test.ts':
      "import { test } from 'vitest'\nimport { Readable } from 'stream'\nimport { pool } from './db'\ntest('x', async () => {\n  const { rows } = await pool.query('SELECT name FROM gadgets')\n  await Readable.from(rows).map(globalThis.pick).toArray()\n})\n",
  })
  expect(level).toBe('read-only')
})

test("the default export of a client library's inner module is not its client factory", async () => {
  const level = await levelOf({
    'a.test.ts':
      "import { test } from 'vitest'\nimport JoinClause from 'knex/lib/query/joinclause'\ntest('x', () => {\n  new JoinClause('orders', 'inner')\n})\n",
  })
  expect(level).toBe('none')
})

test('the library itself still builds a client, and its methods still write', async () => {
  const level = await levelOf({
    'a.test.ts':
      "import { afterEach, test } from 'vitest'\nimport knex from 'knex'\nconst db = knex({ client: 'pg', connection: 'postgres://localhost/shop' })\nafterEach(() => db('gadgets').del())\ntest('x', () => {})\n",
  })
  expect(level).toBe('shared-writes')
})

const MODELS =
  "import { Model, Sequelize } from 'sequelize'\nexport const orm = new Sequelize('postgres://localhost/shop')\nexport class Owner extends Model {}\nexport class Pet extends Model {}\n"

test("a sequelize association mixin (setPets) writes where the module declares the association, sinon's stubs aside", async () => {
  const level = await levelOf({
    'models.ts': MODELS,
    'a.test.ts':
      "import { afterEach, test } from 'vitest'\nimport sinon from 'sinon'\nimport { Owner, Pet } from './models'\nOwner.hasMany(Pet)\nafterEach(() => sinon.restore())\ntest('x', async () => {\n  sinon.stub(Pet, 'update').resolves([0])\n  const owner = Owner.build({ id: 1 })\n  await owner.setPets([Pet.build({ id: 2 })])\n})\n",
  })
  expect(level).toBe('isolated-writes')
})

test('set…/create… methods in a module that declares no association are not mixins', async () => {
  const level = await levelOf({
    'models.ts': MODELS,
    'a.test.ts':
      "import { test } from 'vitest'\nimport { orm, Owner } from './models'\ntest('x', async () => {\n  const owner = Owner.build({ id: 1 })\n  owner.setDataValue('name', 'Rex')\n  orm.createSavepointName('a')\n  await Owner.findAll()\n})\n",
  })
  expect(level).toBe('read-only')
})
