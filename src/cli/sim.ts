import { SIM_PEN_USAGE, simPenMain } from '../../drivers/simulator/cli.ts';

export const simHelp = `caredock sim pen (--serial PATH | --tcp PORT) [options]
  Simulated pens in a virtual dock on one end of a serial pair (e.g. socat) or on TCP.
  "caredock sim pen --help" lists the options (records, seed, clock offset, baud, faults).`;

export async function simMain(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what !== 'pen') throw new Error('usage: caredock sim pen …');
  if (rest.includes('--help')) {
    console.log(SIM_PEN_USAGE);
    return 0;
  }
  return simPenMain(rest);
}
