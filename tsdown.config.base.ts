import type { UserConfig } from 'tsdown'

/**
 * Shared build settings: ESM for Node, declarations on, dependencies never inlined. No source maps: the
 * output is unminified ESM with the sources' names, so a stack through dbsafe points at a file users have
 * (a map would point at `src/*.ts`, which is not published). Maps with their sources inlined were 62% of
 * the unpacked bytes (1.07 of 1.73 MB); `src` beside maps without their contents would cost about the same
 * (0.76 MB of sources + 0.29 MB of mappings).
 */
export const baseConfig: UserConfig = {
  format: 'esm',
  platform: 'node',
  target: 'node22.12',
  dts: true,
  clean: true,
  sourcemap: false,
  fixedExtension: false,
}
