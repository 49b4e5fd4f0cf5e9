// The pure parts of the 1177 inbox adapter: DocBook for messageText, its encoding in the SOAP body,
// and the cost meter.
export * from './docbook.ts';
export * from './message-text.ts';
export * from './cost.ts';
