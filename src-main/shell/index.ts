import { app, BrowserWindow, ipcMain, net, protocol, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, PROCEDURE_NAME_LIST } from '../../src-shared/contract/names';
import { MEDIA_SCHEME } from '../../src-shared/contract/ws-protocol';
import { createCore, type Core } from '../core/app';
import { fileSecretStore, type SecretStore } from '../core/sync/accounts';

/**
 * The Electron shell: one secure window over core. Core runs in this process (no electron import
 * inside it); the renderer reaches it only through the named IPC channels of the contract.
 */
protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);

const CSP = [
  "default-src 'self'",
  `img-src 'self' ${MEDIA_SCHEME}: data: blob:`,
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function isOurFrame(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  return event.sender === window.webContents && event.senderFrame === window.webContents.mainFrame;
}

function bindIpc(core: Core, window: BrowserWindow) {
  for (const name of PROCEDURE_NAME_LIST) {
    ipcMain.handle(`${IPC_PREFIX}${name}`, (event, input) => {
      if (!isOurFrame(event, window)) return { ok: false, error: { code: 'FORBIDDEN', message: 'IPC from an unknown frame was refused.' } };
      return core.dispatch(name, input);
    });
  }
  core.bus.listen((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, { name, payload });
  });
}

function registerMedia(core: Core) {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    const variant = url.hostname;
    const imageId = decodeURIComponent(url.pathname.replace(/^\//, ''));
    try {
      const media = variant === 'thumb' ? await core.media.thumbnail(imageId) : await core.media.image(imageId);
      const response = await net.fetch(pathToFileURL(media.file).toString());
      return new Response(response.body, { headers: { 'Content-Type': media.contentType } });
    } catch (error) {
      return new Response((error as Error).message, { status: 404 });
    }
  });
}

/** Sync tokens sealed by the OS keychain (safeStorage); core gets the store, never electron itself. */
function keychainSecrets(dataDir: string): SecretStore | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  return fileSecretStore(path.join(dataDir, 'sync-secrets.sealed'), {
    seal: (text) => safeStorage.encryptString(text),
    open: (sealed) => safeStorage.decryptString(sealed),
    description: 'the OS keychain (Electron safeStorage)',
  });
}

async function main() {
  await app.whenReady();
  const dataDir = process.env.LABELER_DATA ?? app.getPath('userData');
  const core = await createCore({ dataDir, transport: 'ipc', version: app.getVersion(), sync: { secretStore: keychainSecrets(dataDir), background: true } });
  registerMedia(core);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    show: false,
    title: 'Labeler Workstation',
    webPreferences: {
      preload: path.join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https:')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  bindIpc(core, window);
  window.once('ready-to-show', () => window.show());
  if (process.env.ELECTRON_RENDERER_URL) await window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else await window.loadFile(path.join(import.meta.dirname, '../renderer/index.html'));

  app.on('window-all-closed', () => {
    core.close();
    app.quit();
  });
}

void main();
