import type { Effect } from '../evidence'

/** Commands of database tools that a test may run in a child process, and what they do. */
const COMMANDS: ReadonlyArray<[RegExp, Effect['level'], string]> = [
  [/\bprisma\s+(migrate\s+(reset|deploy|dev)|db\s+push)\b/, 'schema-changes', 'runs Prisma migrations'],
  // Prisma's CLI run by its path (`${process.execPath} ${cliPath} db push --force-reset`): its own flags name it.
  [
    /\bdb\s+push\b.*\s--(force-reset|accept-data-loss|skip-generate)\b/,
    'schema-changes',
    'runs Prisma db push (its CLI by path)',
  ],
  [/\bprisma\s+db\s+seed\b/, 'shared-writes', 'seeds the database in another process (committed)'],
  [/\bdrizzle-kit\s+(push|migrate)\b/, 'schema-changes', 'runs drizzle-kit migrations'],
  [/\bknex\s+migrate:(latest|up|down|rollback)\b/, 'schema-changes', 'runs knex migrations'],
  [/\bknex\s+seed:run\b/, 'shared-writes', 'seeds the database in another process (committed)'],
  [
    /\btypeorm(-ts-node-\w+)?\s+(migration:(run|revert)|schema:(sync|drop))\b/,
    'schema-changes',
    'runs TypeORM migrations',
  ],
  [/\bsequelize(-cli)?\s+db:(migrate|migrate:undo(:all)?)\b/, 'schema-changes', 'runs Sequelize migrations'],
  [
    /\bsequelize(-cli)?\s+db:seed(:all)?\b/,
    'shared-writes',
    'seeds the database in another process (committed)',
  ],
  [/\bsequelize(-cli)?\s+db:(create|drop)\b/, 'sequential', 'creates or drops a database (server-wide)'],
  [
    /\bmikro-orm\s+(migration:(up|down|fresh)|schema:(create|update|drop|fresh))\b/,
    'schema-changes',
    'runs MikroORM migrations',
  ],
  [
    /\b(node-pg-migrate|graphile-migrate|dbmate|flyway)\b.*\b(up|down|migrate|reset)\b/,
    'schema-changes',
    'runs migrations',
  ],
  [
    /\b(createdb|dropdb|createuser|dropuser)\b/,
    'sequential',
    'creates or drops a database or role (server-wide)',
  ],
  [/\bpsql\b/, 'shared-writes', 'runs psql in another process (committed)'],
]

/** Functions that run a command in a child process. */
export const COMMAND_RUNNERS =
  /^(execSync|exec|execa|execaSync|execaCommand|execaCommandSync|spawn|spawnSync|execFile|execFileSync|\$)$/

/** What a shell command does to the database, when it runs a known database tool. */
export function commandEffect(command: string): Effect | undefined {
  const text = command.replace(/\s+/g, ' ')
  for (const [pattern, level, what] of COMMANDS) {
    if (pattern.test(text)) return { level, text: `\`${text.slice(0, 60)}\` ${what}` }
  }
  return undefined
}
