import { createClient } from '../../../src-shared/contract/client';
import { ipcTransport } from './ipc-transport';
import { wsTransport } from './ws-transport';

/** The one client of the app: IPC inside Electron, the WebSocket in a browser (serve mode). */
export const api = createClient(window.labeler ? ipcTransport(window.labeler) : wsTransport(window.location));
