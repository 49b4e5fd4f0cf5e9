// `caredock install`: install this PC for a municipality (profile file + one-time code), or reset.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { oneShotCore } from './one-shot-core.ts';

export const installHelp = `caredock install --profile FILE --code CODE [--data DIR] [--name NAME] [--source-address IP]
caredock install --reset [--data DIR]
  Installs this PC for the municipality in the install profile: makes a key pair, sends a
  certificate request with the one-time enrolment code and keeps the private key in the data
  folder (a file only this user can read). --reset forgets the installation; it refuses while
  anything has not reached the server.`;

export async function installMain(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      profile: { type: 'string' },
      code: { type: 'string' },
      data: { type: 'string' },
      name: { type: 'string' },
      'source-address': { type: 'string' },
      reset: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.reset && (!values.profile || !values.code))
    throw new Error('caredock install needs --profile FILE and --code CODE (or --reset)');
  const profile = values.profile ? readFileSync(path.resolve(values.profile), 'utf8') : '';
  const core = await oneShotCore(values.data);
  try {
    if (values.reset) {
      await core.sync.reset();
      console.log('installation reset');
      return 0;
    }
    const s = await core.sync.install({
      profile,
      code: values.code ?? '',
      workstationName: values.name ?? os.hostname().slice(0, 100),
      sourceAddress: values['source-address'] ?? undefined,
    });
    console.log(
      `installed for ${s.municipality?.name} (${s.provider?.name}); workstation ${s.workstation?.id}, certificate valid until ${s.certificateNotAfter}`,
    );
    return 0;
  } finally {
    await core.close();
  }
}
