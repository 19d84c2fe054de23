import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const README = fileURLToPath(new URL('../../README.md', import.meta.url))

/** What the README's "Use it in your project" section tells a new user to do, read from the README itself. */
export interface ReadmeInstructions {
  /** The packages of the install command. */
  packages: string[]
  /** The `vitest.config.ts` code block, verbatim. */
  vitestConfig: string
  /** The install-script row for a package manager: where it goes and what to write. */
  installScriptRow(packageManager: 'npm 11.16+' | 'pnpm 10' | 'pnpm 11+' | 'yarn' | 'bun'): {
    where: string
    what: string
  }
}

export function readReadmeInstructions(): ReadmeInstructions {
  const readme = readFileSync(README, 'utf8')
  const section = readme.slice(readme.indexOf('## Use it in your project'))
  const install = /```sh\npnpm add -D ([^\n#]+)/.exec(section)
  const config = /```ts\n\/\/ vitest\.config\.ts\n([\s\S]*?)```/.exec(section)
  if (!install?.[1] || !config?.[1])
    throw new Error('README.md: the install command or the vitest.config.ts block moved')
  return {
    packages: install[1].trim().split(/\s+/),
    vitestConfig: config[1],
    installScriptRow(packageManager) {
      const row = section
        .split('\n')
        .find((line) => line.startsWith(`| ${packageManager} `))
        ?.split('|')
        .map((cell) => cell.trim().replace(/^`|`$/g, ''))
      if (!row) throw new Error(`README.md: no install-script row for ${packageManager}`)
      return { where: row[2] as string, what: row[3] as string }
    },
  }
}
