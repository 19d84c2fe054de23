import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import {
  type Command,
  DbsafeError,
  DEFAULT_HISTORY_FILE,
  encodeHistory,
  parseCommandArgs,
} from '@dbsafe/core'
import { createHistoryStore } from './create-history-store'
import { readHistoryFile } from './file-history-store'
import { formatMs } from './format-duration'
import { type LogicalRun, logicalRuns } from './logical-runs'
import { mergeHistories } from './merge-history'
import { SHARDS_DIR } from './options'

const HELP = `Usage: dbsafe history <show|export|merge|prune> [options]

  show                 list the recorded runs (--json: as JSON)
  export               print the history as JSON (e.g. a PostgreSQL history to a snapshot file)
  merge [files...]     merge history files (default: every shard record in ${SHARDS_DIR}) into the history
  prune                apply retention now

Options:
  --file <path>        history file (default ${DEFAULT_HISTORY_FILE})
  --url <postgres-url> use the PostgreSQL store instead of the file
  --max-runs <n>       whole runs to keep (default 100)
  --max-age-days <n>   drop runs older than this (default 90)
  --json               show: print the runs as JSON
  -h, --help           show this help
`

/** One line of `dbsafe history show`, and one element of its `--json` output. */
function showRow(run: LogicalRun) {
  return {
    startedAt: run.startedAt,
    runId: run.runId,
    attempt: run.attempt,
    ci: run.ci,
    branch: run.branch,
    commit: run.commit,
    files: run.files.length,
    tests: run.files.reduce((sum, file) => sum + file.tests.length, 0),
    wallMs: run.wallMs,
    status: run.status,
    merged: run.merged,
    planHash: run.plan?.hash,
    /** False when some shards of the run are missing from the history. */
    complete: run.complete,
  }
}

/** `dbsafe history`: show, export, merge and prune the timing history. */
export const historyCommand: Command = async (args, context) => {
  const { values, positionals } = parseCommandArgs('history', args, {
    file: { type: 'string' },
    url: { type: 'string' },
    'max-runs': { type: 'string' },
    'max-age-days': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  const [action, ...rest] = positionals
  if (values.help || !action) {
    context.stdout(HELP)
    return values.help ? 0 : 2
  }
  const number = (name: 'max-runs' | 'max-age-days'): number | undefined => {
    const raw = values[name]
    if (raw === undefined) return undefined
    const parsed = Number(raw)
    if (!Number.isInteger(parsed) || parsed < 1) {
      throw new DbsafeError(
        'DBSAFE_CONFIG_INVALID',
        `dbsafe history: --${name} must be a positive integer, got "${raw}".`,
      )
    }
    return parsed
  }
  const maxRuns = number('max-runs')
  const maxAgeDays = number('max-age-days')
  const retention = { ...(maxRuns ? { maxRuns } : {}), ...(maxAgeDays ? { maxAgeDays } : {}) }
  const store = createHistoryStore(context.cwd, {
    ...(values.file ? { file: values.file } : {}),
    ...(values.url ? { url: values.url } : {}),
  })
  try {
    switch (action) {
      case 'show': {
        const runs = logicalRuns(await store.load()).map(showRow)
        if (values.json) {
          context.stdout(`${JSON.stringify({ history: store.description, runs }, null, 2)}\n`)
          return 0
        }
        context.stdout(`${store.description}: ${runs.length} runs\n`)
        for (const run of runs) {
          context.stdout(
            `  ${run.startedAt}  ${run.runId}#${run.attempt}  ${run.ci}${run.branch ? ` ${run.branch}` : ''}${run.commit ? ` ${run.commit.slice(0, 8)}` : ''}  ${run.files} files ${run.tests} tests  ${formatMs(run.wallMs)}  ${run.status}${run.merged ? ' merged' : ''}${run.planHash ? ` plan ${run.planHash}` : ''}${run.complete ? '' : ' (shards missing)'}\n`,
          )
        }
        return 0
      }
      case 'export':
        context.stdout(`${JSON.stringify(encodeHistory(await store.load()))}\n`)
        return 0
      case 'merge': {
        const sources = rest.length
          ? rest.map((file) => resolve(context.cwd, file))
          : (await readdir(resolve(context.cwd, SHARDS_DIR)).catch(() => []))
              .filter((name) => name.endsWith('.json'))
              .sort()
              .map((name) => resolve(context.cwd, join(SHARDS_DIR, name)))
        const incoming = mergeHistories(...(await Promise.all(sources.map((file) => readHistoryFile(file)))))
        const merged = await store.append(incoming.runs, retention)
        context.stdout(
          `merged ${sources.length} files (${incoming.runs.length} run records) into ${store.description}: ${logicalRuns(merged).length} runs\n`,
        )
        return 0
      }
      case 'prune': {
        const before = (await store.load()).runs.length
        const after = (await store.prune(retention)).runs.length
        context.stdout(`${store.description}: kept ${after} of ${before} run records\n`)
        return 0
      }
      default:
        context.stderr(`dbsafe history: unknown action "${action}".\n\n${HELP}`)
        return 2
    }
  } finally {
    await store.close()
  }
}
