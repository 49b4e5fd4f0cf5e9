// The workstation side of the sync benchmarks, bundled before it runs (as the product runs:
// Vite-bundled in Electron, esbuild-bundled as the caredock command), so the memory figure is
// the product's and not that of loading hundreds of TypeScript modules one by one. It imports
// the workstation's core and nothing of the server.
import { createCore } from '../src/main/core.ts';
import type { WorkerResult } from './sync-support.ts';

/** The worker side: open the core, time one pass, report. */
async function workerMain(dir: string): Promise<void> {
  const core = await createCore({
    dataDir: dir,
    shell: 'cli',
    logLevel: 'silent',
    watchDevices: false,
    syncIntervalSeconds: 0,
  });
  // Sampled, not getrusage's maxRSS: on Linux that survives exec, so a child spawned by a large
  // bench process starts with the parent's peak.
  const startupRssMb = process.memoryUsage().rss / 1e6 / 1.048576;
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const r = await core.sync.runOnce('user');
  const ms = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await core.close();
  const result: WorkerResult = {
    ms,
    passRssMb: peak / 1e6 / 1.048576,
    startupRssMb,
    maxRssMb: Math.max(peak / 1e6 / 1.048576, startupRssMb),
    ...r,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await workerMain(process.argv[2] ?? '');
process.exit(0);
