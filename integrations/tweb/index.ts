// The TWeb adapter (docs/integrations/tweb.md): the settings and transaction schemas, each call's
// shapes, the pure encoder, and the client with `file` and `resolve`. The stub is in fake.ts.
export * from './settings.ts';
export * from './calls.ts';
export * from './encoder.ts';
export * from './auth.ts';
export * from './client.ts';
