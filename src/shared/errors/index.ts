export * from './types.ts';
export * from './catalogue.ts';
export * from './locale.ts';
