import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { project } from './temp-project'

async function levelWith(config: string, database: string) {
  const root = project({
    'src/config.ts': config,
    'src/database.ts': database,
    'test/a.test.ts':
      "import { test } from 'vitest'\nimport { source } from '../src/database'\ntest('x', async () => {\n  await source.query('SELECT 1')\n})\n",
  })
  const manifest = await analyzeProject({ root, files: ['test/a.test.ts'], cache: false })
  return manifest.files[0]?.level
}

const TYPEORM_SOURCE =
  "import { DataSource } from 'typeorm'\nimport { options } from './config'\nexport const source = new DataSource(options)\n"

test('TypeORM options kept in a config module that synchronize the schema count for the tests built on them', async () => {
  const config =
    "import type { DataSourceOptions } from 'typeorm'\nexport const options: DataSourceOptions = {\n  type: 'postgres',\n  url: process.env.DATABASE_URL,\n  synchronize: true,\n}\n"
  expect(await levelWith(config, TYPEORM_SOURCE)).toBe('schema-changes')
})

test('the same options with synchronize off change nothing', async () => {
  const config =
    "import type { DataSourceOptions } from 'typeorm'\nexport const options: DataSourceOptions = {\n  type: 'postgres',\n  url: process.env.DATABASE_URL,\n  synchronize: false,\n}\n"
  expect(await levelWith(config, TYPEORM_SOURCE)).toBe('read-only')
})

test('MikroORM options with ensureDatabase in a config module create the database at connect', async () => {
  const config =
    "import type { Options } from '@mikro-orm/postgresql'\nexport default {\n  dbName: 'shop_test',\n  entities: [],\n  ensureDatabase: true,\n} satisfies Options\n"
  const database =
    "import { MikroORM } from '@mikro-orm/postgresql'\nimport config from './config'\nconst orm = await MikroORM.init(config)\nexport const source = orm.em.getConnection()\n"
  expect(await levelWith(config, database)).toBe('sequential')
})

test('TypeORM options handed to a project helper that builds the data source count too', async () => {
  const config = 'export const unused = 1\n'
  const database =
    "import { DataSource, type DataSourceOptions } from 'typeorm'\nfunction connect(options: DataSourceOptions) {\n  return new DataSource(options)\n}\nexport const source = connect({ type: 'postgres', dropSchema: true })\n"
  expect(await levelWith(config, database)).toBe('schema-changes')
})
