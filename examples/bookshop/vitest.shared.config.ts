import { defineConfig, mergeConfig } from 'vitest/config'
import serial from './vitest.serial.config.ts'

/** The same suite and the same single database, with Vitest's default parallel pool. This fails. */
export default mergeConfig(
  serial,
  defineConfig({
    test: { fileParallelism: true, maxWorkers: 4 },
  }),
)
