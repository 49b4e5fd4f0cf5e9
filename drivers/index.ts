// The public face of drivers/: what the core may import.
export * from './errors.ts';
export * from './manifest.ts';
export * from './protocol/pen-dock-v1/index.ts';
export type { Transport } from './transports/transport.ts';
export { createMemoryPair } from './transports/memory.ts';
export type { MemoryPair } from './transports/memory.ts';
export {
  createRecordingTransport,
  createReplayTransport,
  parseTranscript,
  TranscriptError,
} from './transports/transcript.ts';
export type { RecordingTransport, ReplayTransport, TranscriptStep } from './transports/transcript.ts';
export { createSerialTransport, listSerialPorts } from './transports/serial.ts';
export type { SerialPortInfo, SerialTransportOptions } from './transports/serial.ts';
export { mapSerialOpenError } from './transports/serial-errors.ts';
export { createTcpTransport, listenTcp } from './transports/tcp.ts';
export type { TcpListener, TcpTransportOptions } from './transports/tcp.ts';
export { createUsbTransport, listUsbDevices, mapUsbError } from './transports/usb.ts';
export type { UsbDeviceLike, UsbTransportOptions } from './transports/usb.ts';
export { DockLink } from './session/dock-link.ts';
export type { DockInfo, DockLinkOptions, Exchange, LinkStats } from './session/dock-link.ts';
export { DEFAULT_STEP_TIMEOUTS, runPenSession } from './session/run-pen-session.ts';
export type {
  CommitContext,
  CommitRecords,
  PenSessionOptions,
  PenSessionResult,
  SessionProgress,
  SessionStep,
  StepTimeouts,
} from './session/run-pen-session.ts';
export { Em4100Parser, encodeEm4100 } from './em4100/parser.ts';
export type { Em4100Event, Em4100Tag } from './em4100/parser.ts';
export { createEm4100Reader, createEm4100SerialTransport, EM4100_BAUD_RATE } from './em4100/reader.ts';
export type { Em4100Reader, Em4100ReaderOptions } from './em4100/reader.ts';
export { createSimulatedDock, runSimulator } from './simulator/run.ts';
export type { RunningSimulator, SimulatorOptions } from './simulator/run.ts';
export { VirtualDock } from './simulator/virtual-dock.ts';
export type { DockEvent, DockFaults } from './simulator/virtual-dock.ts';
export { parseSimPenArgs, simPenMain } from './simulator/cli.ts';
