import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { globSync } from 'tinyglobby'

/** A package of the same repository: its folder and its `package.json` entry fields. */
export interface WorkspacePackage {
  dir: string
  manifest: { exports?: unknown; main?: string; module?: string; types?: string; source?: string }
}

function workspaceRoot(start: string): { dir: string; globs: string[] } | undefined {
  for (let dir = start, depth = 0; depth < 8; dir = dirname(dir), depth++) {
    const pnpm = join(dir, 'pnpm-workspace.yaml')
    if (existsSync(pnpm)) {
      const globs = [...readFileSync(pnpm, 'utf8').matchAll(/^\s*-\s*['"]?([^'"\n#]+?)['"]?\s*$/gm)].map(
        (m) => m[1] ?? '',
      )
      return { dir, globs: globs.filter(Boolean) }
    }
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg)) {
      try {
        const workspaces = JSON.parse(readFileSync(pkg, 'utf8')).workspaces
        const globs = Array.isArray(workspaces) ? workspaces : workspaces?.packages
        if (Array.isArray(globs)) return { dir, globs }
      } catch {
        // A broken package.json is not ours to report; keep looking upwards.
      }
    }
    if (dirname(dir) === dir) break
  }
  return undefined
}

/** The packages of the workspace that holds `root`, by name; empty outside a workspace. */
export function findWorkspacePackages(root: string): Map<string, WorkspacePackage> {
  const packages = new Map<string, WorkspacePackage>()
  const workspace = workspaceRoot(resolve(root))
  if (!workspace) return packages
  const patterns = workspace.globs
    .filter((glob) => !glob.startsWith('!'))
    .map((glob) => `${glob.replace(/\/$/, '')}/package.json`)
  const manifests = globSync(patterns, { cwd: workspace.dir, absolute: true, ignore: ['**/node_modules/**'] })
  for (const file of manifests) {
    try {
      const manifest = JSON.parse(readFileSync(file, 'utf8'))
      if (typeof manifest.name === 'string') packages.set(manifest.name, { dir: dirname(file), manifest })
    } catch {
      // Skip unreadable manifests: their package is then treated as an external one.
    }
  }
  return packages
}
