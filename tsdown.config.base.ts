import type { UserConfig } from 'tsdown'

/** Shared build settings: ESM for Node, declarations on, dependencies never inlined. */
export const baseConfig: UserConfig = {
  format: 'esm',
  platform: 'node',
  target: 'node22.12',
  dts: true,
  clean: true,
  sourcemap: true,
  fixedExtension: false,
}
