import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** Writes a synthetic project of `count` test files that share helpers two and three hops deep. */
export function generateProject(root: string, count: number): void {
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  write('package.json', '{ "name": "generated", "type": "module" }\n')
  write('tsconfig.json', '{ "compilerOptions": { "paths": { "@app/*": ["./src/*"] } } }\n')
  write(
    'src/db.ts',
    "import { Pool } from 'pg'\n\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL })\n",
  )
  write(
    'src/orm.ts',
    "import { PrismaClient } from '@prisma/client'\n\nexport const prisma = new PrismaClient()\n",
  )
  write(
    'src/money.ts',
    'export function cents(value: number): number {\n  return Math.round(value * 100)\n}\n',
  )
  const helpers = 40
  for (let h = 0; h < helpers; h++) {
    write(
      `src/repos/repo-${h}.ts`,
      [
        "import { pool } from '../db'",
        "import { prisma } from '../orm'",
        '',
        `export async function read${h}(id: number) {`,
        `  const { rows } = await pool.query('SELECT * FROM table_${h} WHERE id = $1', [id])`,
        '  return rows[0]',
        '}',
        '',
        `export async function list${h}() {`,
        `  return prisma.entity${h}.findMany({ take: 10 })`,
        '}',
        '',
      ].join('\n'),
    )
    write(
      `src/services/service-${h}.ts`,
      `import { read${h} } from '../repos/repo-${h}'\nimport { cents } from '../money'\n\nexport async function price${h}(id: number) {\n  const row = await read${h}(id)\n  return cents(row.price)\n}\n`,
    )
  }
  write(
    'src/services/index.ts',
    Array.from({ length: helpers }, (_, h) => `export * from './service-${h}'`).join('\n'),
  )
  write(
    'test/support/clean.ts',
    "import { afterEach } from 'vitest'\nimport { pool } from '../../src/db'\n\nafterEach(async () => {\n  await pool.query('TRUNCATE table_0 CASCADE')\n})\n",
  )
  const bodies = [
    (i: number) =>
      `import { price${i % helpers} } from '@app/services/index'\n\ntest('price', async () => {\n  expect(await price${i % helpers}(1)).toBeGreaterThan(0)\n})\n`,
    (i: number) =>
      `import { cents } from '../src/money'\n\ntest('cents ${i}', () => {\n  expect(cents(${i})).toBe(${i * 100})\n})\n`,
    (i: number) =>
      `import { pool } from '../src/db'\n\ntest('insert', async () => {\n  await pool.query('INSERT INTO table_${i % helpers} (id) VALUES ($1)', [${i}])\n  expect(true).toBe(true)\n})\n`,
    (i: number) =>
      `import '../test/support/clean'\nimport { list${i % helpers} } from '../src/repos/repo-${i % helpers}'\n\ntest('list', async () => {\n  expect(await list${i % helpers}()).toBeInstanceOf(Array)\n})\n`,
    (i: number) =>
      `import { prisma } from '../src/orm'\n\nbeforeAll(async () => {\n  await prisma.$executeRawUnsafe('CREATE TABLE IF NOT EXISTS scratch_${i} (id int)')\n})\n\ntest('scratch', async () => {\n  expect(await prisma.entity0.count()).toBeGreaterThanOrEqual(0)\n})\n`,
  ]
  for (let i = 0; i < count; i++) {
    const body = bodies[i % bodies.length]!(i)
    write(
      `test/file-${String(i).padStart(4, '0')}.test.ts`,
      `import { beforeAll, expect, test } from 'vitest'\n${body}`,
    )
  }
}
