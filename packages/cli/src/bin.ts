#!/usr/bin/env node
import { exitQuietlyOnBrokenPipe } from './broken-pipe'
import { runCli } from './run-cli'

exitQuietlyOnBrokenPipe(process.stdout)
exitQuietlyOnBrokenPipe(process.stderr)
process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
})
