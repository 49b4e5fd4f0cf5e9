// The municipality's file exchange, format version 1: pure readers and writers, no I/O of their
// own (the server opens, archives and answers the files).
export * from './records.ts';
export { readBfuOrders, BFU_ORDERS_NAMESPACE } from './bfu/orders-reader.ts';
export { writeBfuBack, BFU_BACK_NAMESPACE } from './bfu/back-writer.ts';
export { readMfuRecipients, normaliseTagUid } from './mfu/recipients-reader.ts';
export { writeMfuTime, hoursWithComma } from './mfu/time-writer.ts';
export { formatLimit } from './limits.ts';
