// Runs in each test file's worker before the file is imported: the file's application pool connects to the copy of
// its worker (VITEST_POOL_ID is 1-based since Vitest 5).
import { withDatabase } from './sql-files.ts'

process.env.DATABASE_URL = withDatabase(
  process.env.BENCH_SERVER_URL as string,
  `${process.env.BENCH_DB_PREFIX}_w${process.env.VITEST_POOL_ID}`,
)
