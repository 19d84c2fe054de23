import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { type Command, DbsafeError, parseCommandArgs } from '@dbsafe/core'
import { benchVerdict } from './bench-verdict'
import { type PresetTrial, recommendPreset } from './recommend-preset'
import { SCHEDULE_PRESETS, type SchedulePreset } from './schedule-presets'

const HELP = `Usage: dbsafe bench [--runs N] [--presets a,b] [--json] [-- <vitest args>]

Runs your suite (\`vitest run\` in this folder, your own config with the dbsafe plugin) N times per
preset in interleaved rounds, and recommends the fastest preset whose runs had no failed file, saying
whether its runs were all faster than the runner-up's or within run-to-run noise.

Options:
  --runs N        runs per preset (default 3; the median counts, the spread says how sure)
  --presets list  presets to try, comma-separated (default: ${SCHEDULE_PRESETS.join(',')})
  --json          print the runs and the recommendation as JSON (progress goes to stderr)
  -h, --help      show this help
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
    runs: { type: 'string', default: '3' },
    presets: { type: 'string', default: SCHEDULE_PRESETS.join(',') },
    json: { type: 'boolean' },
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
  // Interleaved rounds (each preset once per round), so a machine that slows down over time does not favour the first preset.
  const trials: PresetTrial[] = (presets as SchedulePreset[]).map((preset) => ({
    preset,
    wallMs: [],
    failedFiles: [],
  }))
  for (let run = 0; run < runs; run++) {
    for (const trial of trials) {
      const { wallMs, failed } = await runOnce(context.cwd, trial.preset, extra)
      trial.wallMs.push(wallMs)
      trial.failedFiles.push(failed)
      const progress = `${trial.preset.padEnd(13)} run ${run + 1}/${runs}  ${(wallMs / 1000).toFixed(2)} s  ${failed} failed file(s)\n`
      if (values.json) context.stderr(progress)
      else context.stdout(progress)
    }
  }
  const recommendation = recommendPreset(trials)
  if (values.json) {
    const { medianMs, ...verdict } = recommendation
    context.stdout(
      `${JSON.stringify({ ...verdict, medianMs: Object.fromEntries(medianMs), trials }, null, 2)}\n`,
    )
  } else context.stdout(benchVerdict(recommendation, trials))
  return recommendation.preset ? 0 : 1
}
