import { defineConfig } from 'drizzle-kit';

// The workstation's database. The central server keeps its own config under src/server.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/main/db/schema.ts',
  out: './migrations',
});
