#!/usr/bin/env node
// The caredock command. The sources are TypeScript run by Node 24's built-in type stripping,
// so the CLI and the headless host need no build step.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`caredock needs Node 24 LTS; this is Node ${process.versions.node}.`);
  process.exit(1);
}
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// Native device bindings (USB hot-plug) may hold the event loop open after everything closed.
process.exit(code);
