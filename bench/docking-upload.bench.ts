// A 5,000-record upload from the simulator paced at 115200 baud, through the whole docking path
// (including the commit), against the time its bytes need on the wire at that rate.
import { DockLink } from '../drivers/session/dock-link.ts';
import { createSimulatedDock, runSimulator } from '../drivers/simulator/run.ts';
import { createMemoryPair } from '../drivers/transports/memory.ts';
import { DockingData } from '../src/main/docking/data.ts';
import { ingestStores, RegistrationIngest } from '../src/main/docking/ingest.ts';
import { readPen } from '../src/main/docking/read-pen.ts';
import { benchCore, report } from './support.ts';

const RECORDS = 5000;
const BAUD = 115_200;
const CEILING = 1.15;

const bench = await benchCore();
const dock = createSimulatedDock({ pens: [{ serial: 'PACE-1', records: RECORDS, seed: 4 }], seed: 4 });
const pair = createMemoryPair('paced');
void runSimulator({ transport: pair.device, dock, baudRate: BAUD });
const link = new DockLink(pair.host);
await link.open();
const sqlite = bench.core.database.sqlite;
const t0 = performance.now();
const outcome = await readPen(
  {
    ingest: new RegistrationIngest(ingestStores(sqlite)),
    sessions: new DockingData(sqlite),
    seePen: (p) => bench.core.staff.seePen(p),
    staffNameOf: () => null,
  },
  link,
  1,
  { label: 'paced', port: 'paced' },
  new AbortController().signal,
  () => undefined,
);
const ms = performance.now() - t0;
const { bytesIn, bytesOut } = link.stats;
await link.close();
await bench.done();
if (outcome.error || outcome.counts.inserted !== RECORDS) {
  console.error('docking-upload: the upload did not complete', outcome.error);
  process.exit(1);
}
// 8N1: ten bits on the wire per byte; requests and answers take turns on the line.
const wireMs = ((bytesIn + bytesOut) * 10 * 1000) / BAUD;
const ratio = ms / wireMs;
const ok = report(
  `upload: ${RECORDS} records at ${BAUD} baud in ${(ms / 1000).toFixed(2)} s, ${ratio.toFixed(3)}x the wire time of its ${bytesIn + bytesOut} bytes (${(wireMs / 1000).toFixed(2)} s); ceiling ${CEILING}`,
  ratio <= CEILING,
);
process.exit(ok ? 0 : 1);
