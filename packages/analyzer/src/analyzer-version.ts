/** Bumped whenever the analysis rules change: cached results of another version are ignored. */
export const ANALYZER_VERSION = '0.1.0-rules.24'
