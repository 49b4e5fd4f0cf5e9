// The 1177 inbox adapter: DocBook for messageText, its encoding in the SOAP body,
// and the cost meter.
export * from './docbook.ts';
export * from './message-text.ts';
export * from './cost.ts';
// The inbox itself: the version-neutral interface and its factory.
export * from './inbox.ts';
