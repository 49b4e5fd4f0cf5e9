import { defineConfig } from 'drizzle-kit';

// The workstation's database. The central server keeps its own config under src/server.
export default defineConfig({
  dialect: 'sqlite',
  // Each area owns its tables; the job queue's live beside it.
  schema: ['./src/main/db/schema.ts', './src/main/db/jobs-schema.ts'],
  out: './migrations',
});
