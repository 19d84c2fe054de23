import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { type Command, DbsafeError, parseCommandArgs } from '@dbsafe/core'
import { type PresetTrial, recommendPreset } from './recommend-preset'
import { SCHEDULE_PRESETS, type SchedulePreset } from './schedule-presets'

const HELP = `dbsafe bench [--runs N] [--presets a,b] [-- <vitest args>]

Runs your suite (\`vitest run\` in this folder, your own config with the dbsafe plugin) once per
preset and run, and recommends the fastest preset whose runs had no failed file.
  --runs N        runs per preset (default 1; the median counts)
  --presets list  presets to try, comma-separated (default: ${SCHEDULE_PRESETS.join(',')})
`

function vitestBin(cwd: string): string {
  try {
    const manifest = createRequire(join(cwd, 'package.json')).resolve('vitest/package.json')
    return join(dirname(manifest), 'vitest.mjs')
  } catch (cause) {
    throw new DbsafeError('DBSAFE_CONFIG_INVALID', `Vitest is not installed in ${cwd}.`, {
      cause,
      hint: 'Run `dbsafe bench` in the folder of your vitest.config.ts, after installing vitest.',
    })
  }
}

/** Runs `vitest run` with DBSAFE_PRESET set; resolves to its wall time and failed files. */
async function runOnce(
  cwd: string,
  preset: SchedulePreset,
  extra: string[],
): Promise<{ wallMs: number; failed: number }> {
  const out = await mkdtemp(join(tmpdir(), 'dbsafe-bench-'))
  const report = join(out, 'report.json')
  const started = performance.now()
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [vitestBin(cwd), 'run', '--reporter=json', `--outputFile=${report}`, ...extra],
      {
        cwd,
        env: { ...process.env, DBSAFE_PRESET: preset },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    )
    child.on('error', reject)
    child.on('exit', (status) => resolve(status ?? 1))
  })
  const wallMs = performance.now() - started
  try {
    const summary = JSON.parse(await readFile(report, 'utf8')) as { numFailedTestSuites: number }
    return { wallMs, failed: summary.numFailedTestSuites }
  } catch (cause) {
    throw new DbsafeError(
      'DBSAFE_CONFIG_INVALID',
      `vitest run exited with ${code} and wrote no report under preset ${preset}.`,
      {
        cause,
        hint: 'Run `vitest run` yourself to see why the suite does not start.',
      },
    )
  } finally {
    await rm(out, { recursive: true, force: true })
  }
}

/** `dbsafe bench`: the user's own suite under each preset, and a recommendation. */
export const benchCommand: Command = async (args, context) => {
  const separator = args.indexOf('--')
  const own = separator === -1 ? args : args.slice(0, separator)
  const extra = separator === -1 ? [] : args.slice(separator + 1)
  const { values } = parseCommandArgs('bench', own, {
    runs: { type: 'string', default: '1' },
    presets: { type: 'string', default: SCHEDULE_PRESETS.join(',') },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help) {
    context.stdout(HELP)
    return 0
  }
  const runs = Number(values.runs)
  const presets = values.presets.split(',').map((name) => name.trim())
  const unknown = presets.filter((name) => !(SCHEDULE_PRESETS as readonly string[]).includes(name))
  if (!Number.isInteger(runs) || runs < 1 || unknown.length) {
    throw new DbsafeError(
      'DBSAFE_CONFIG_INVALID',
      `dbsafe bench: bad --runs "${values.runs}" or presets "${unknown.join(',')}".`,
      {
        hint: `--runs takes a whole number ≥ 1; presets are ${SCHEDULE_PRESETS.join(', ')}.`,
      },
    )
  }
  const trials: PresetTrial[] = []
  for (const preset of presets as SchedulePreset[]) {
    const trial: PresetTrial = { preset, wallMs: [], failedFiles: [] }
    for (let run = 0; run < runs; run++) {
      const { wallMs, failed } = await runOnce(context.cwd, preset, extra)
      trial.wallMs.push(wallMs)
      trial.failedFiles.push(failed)
      context.stdout(
        `${preset.padEnd(13)} run ${run + 1}/${runs}  ${(wallMs / 1000).toFixed(2)} s  ${failed} failed file(s)\n`,
      )
    }
    trials.push(trial)
  }
  const { preset, medianMs } = recommendPreset(trials)
  if (!preset) {
    context.stdout(
      '\nEvery preset had failed files: fix the failures (or their levels) first, then bench again.\n',
    )
    return 1
  }
  const baseline = medianMs.get(preset) as number
  context.stdout('\n')
  for (const [name, ms] of medianMs)
    context.stdout(`${name.padEnd(13)} median ${(ms / 1000).toFixed(2)} s  ×${(ms / baseline).toFixed(2)}\n`)
  context.stdout(`\nRecommended: dbsafe({ preset: '${preset}' })\n`)
  return 0
}
