// The preload exposes the raw bridge on window.caredock and nothing else: no Node, no file
// system, no generic ipcRenderer. The renderer wraps it with createClient() from src/shared.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CareDockBridge, Envelope } from '../shared/api/envelope.ts';

const bridge: CareDockBridge = {
  shell: 'electron',
  invoke: (name: string, input: unknown) =>
    ipcRenderer.invoke('caredock:invoke', String(name), input) as Promise<Envelope>,
  subscribe(listener) {
    const handler = (_event: IpcRendererEvent, message: { event: string; payload: unknown }) =>
      listener(message);
    ipcRenderer.on('caredock:event', handler);
    return () => {
      ipcRenderer.removeListener('caredock:event', handler);
    };
  },
};

contextBridge.exposeInMainWorld('caredock', bridge);
