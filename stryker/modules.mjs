// The modules `npm run mutate` mutation-tests, each on its own: the files Stryker mutates, the
// only test files it runs for them (fast, in-process ones: a test that runs the code in a child
// process cannot kill a source mutant) and the floor its score must reach.
// Mutants listed in stryker/equivalent.md are left out of the score.

/** @type {{ name: string; mutate: string[]; tests: string[]; floor: number; concurrency?: 1 | 2 }[]} */
export const modules = [
  {
    name: 'ingest',
    mutate: ['src/main/docking/ingest.ts'],
    tests: [
      'test/docking/docking-core.test.ts',
      'test/docking/docking-rules.test.ts',
      'test/docking/ingest.test.ts',
    ],
    floor: 80,
  },
  {
    name: 'pairing',
    mutate: ['src/main/registrations/pairing.ts'],
    tests: [
      'test/registrations/pairing.test.ts',
      'test/registrations/pair-range.test.ts',
      'test/registrations/pairing-rules.test.ts',
    ],
    floor: 80,
  },
  {
    name: 'pen-protocol',
    mutate: [
      'drivers/protocol/pen-dock-v1/decoder.ts',
      'drivers/protocol/pen-dock-v1/session-machine.ts',
      'drivers/protocol/pen-dock-v1/messages.ts',
      'drivers/protocol/pen-dock-v1/record.ts',
    ],
    tests: [
      'test/drivers/codec-properties.test.ts',
      'test/drivers/spec-examples.test.ts',
      'test/drivers/session-machine.test.ts',
      'test/drivers/session-simulator.test.ts',
      'test/drivers/transcripts.test.ts',
      'test/drivers/protocol-rules.test.ts',
    ],
    floor: 80,
  },
  {
    name: 'sync-push-pull',
    mutate: ['src/server/sync/push.ts', 'src/server/sync/pull.ts'],
    tests: ['test/server/push-pull.test.ts'],
    floor: 80,
    // Each mutant's run starts PGlite (seconds): two workers halve the wait.
    concurrency: 2,
  },
  {
    name: 'time-personal-id',
    mutate: ['src/shared/domain/time.ts', 'src/shared/domain/personal-id.ts'],
    tests: ['test/shared/personal-id.test.ts', 'test/shared/time.test.ts'],
    floor: 80,
  },
  {
    name: 'sms-encoders',
    mutate: ['integrations/sms/phone.ts', 'integrations/sms/segments.ts'],
    tests: ['test/integrations/sms-pure.test.ts'],
    floor: 80,
  },
  {
    name: 'attest-snapshot',
    // The snapshot's rules live in the service too: which figures an attest keeps, what it
    // locks and what it asks to confirm first.
    mutate: [
      'src/main/attestations/snapshot.ts',
      'src/shared/domain/attest-figures.ts',
      'src/main/attestations/service.ts',
    ],
    tests: [
      'test/attestations/attest-snapshot.test.ts',
      'test/attestations/attest-lock-and-confirm.test.ts',
      'test/attestations/attestations.test.ts',
    ],
    floor: 80,
  },
  {
    name: 'retention',
    mutate: [
      'src/main/retention/rules.ts',
      'src/main/retention/service.ts',
      'src/main/settings/retention-policy.ts',
    ],
    tests: [
      'test/retention/retention-rules.test.ts',
      'test/retention/retention-run.test.ts',
      'test/retention/retention-policy-store.test.ts',
      'test/retention/retention.test.ts',
    ],
    floor: 80,
  },
  {
    name: 'calendar-text',
    // What a performer's calendar item says and which calendars hold it: the privacy levels,
    // a protected identity, one item per address.
    mutate: ['src/main/calendar/content.ts', 'src/main/calendar/desired.ts'],
    tests: ['test/calendar/content.test.ts', 'test/calendar/content-exact.test.ts'],
    floor: 80,
  },
];
