import { reportError } from './output.ts';
import { dockHelp, dockMain } from './dock.ts';
import { exportHelp, exportMain } from './export.ts';
import { serveHelp, serveMain } from './serve.ts';
import { simHelp, simMain } from './sim.ts';
import { readVersion } from './version.ts';
import { installHelp, installMain } from './install.ts';
import { syncHelp, syncMain } from './sync.ts';
import { serverMain } from '../server/cli.ts';
import { jobsHelp, jobsMain } from './jobs.ts';

type Command = { help: string; run: (argv: string[]) => Promise<number> };

/** Subcommands; later areas (dock, export, sim, server, install, sync) register theirs here. */
const commands: Record<string, Command> = {
  serve: { help: serveHelp, run: serveMain },
  dock: { help: dockHelp, run: dockMain },
  export: { help: exportHelp, run: exportMain },
  sim: { help: simHelp, run: simMain },
  // Installing for a municipality, syncing with it, and the central server itself.
  install: { help: installHelp, run: installMain },
  sync: { help: syncHelp, run: syncMain },
  jobs: { help: jobsHelp, run: jobsMain },
  server: {
    help: 'caredock server <command> --data DIR …\n  The municipality\'s central server (init, start, municipalities, providers, codes, profiles, jobs); "caredock server --help" lists all.',
    run: (argv) => serverMain(argv),
  },
};

function usage(): string {
  return [
    'CareDock — workstation for home-care providers',
    '',
    'Usage: caredock <command> [options]',
    '',
    ...Object.values(commands).map((c) => c.help),
    '',
    'caredock --version    prints the version',
    'caredock help         prints this text',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === 'version') {
    console.log(readVersion());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`caredock: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if ((rest.includes('--help') || rest.includes('-h')) && name !== 'sim') {
    console.log(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    return reportError(error);
  }
}
