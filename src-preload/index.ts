import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_NAME_LIST, IPC_EVENT_CHANNEL, IPC_PREFIX, PROCEDURE_NAME_LIST } from '../src-shared/contract/names';

/**
 * The narrow bridge: one named function per contract procedure, plus `on(event, listener)` for
 * the contract's events. Nothing generic (no raw invoke, no channel names from the page).
 */
const api: Record<string, unknown> = {};
for (const name of PROCEDURE_NAME_LIST) {
  api[name] = (input: unknown) => ipcRenderer.invoke(`${IPC_PREFIX}${name}`, input);
}
api.on = (event: string, listener: (payload: unknown) => void) => {
  if (!(EVENT_NAME_LIST as readonly string[]).includes(event)) throw new Error(`unknown event ${event}`);
  const handler = (_: IpcRendererEvent, message: { name: string; payload: unknown }) => {
    if (message.name === event) listener(message.payload);
  };
  ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
  return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
};

contextBridge.exposeInMainWorld('labeler', api);
