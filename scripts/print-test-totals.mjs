// Prints the plain closing line CI reads: `tests: N passed, N failed`, from Vitest's JSON report.
import { readFileSync } from 'node:fs'

const file = process.argv[2] ?? '.vitest/json/output.json'
let report
try {
  report = JSON.parse(readFileSync(file, 'utf8'))
} catch (error) {
  console.error(`print-test-totals: cannot read ${file}: ${error.message}`)
  console.log('tests: 0 passed, 1 failed')
  process.exit(1)
}
const failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0)
console.log(`tests: ${report.numPassedTests} passed, ${failed} failed`)
process.exit(failed > 0 || report.numPassedTests === 0 ? 1 : 0)
