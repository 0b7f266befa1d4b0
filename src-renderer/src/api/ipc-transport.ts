import type { Result, Transport } from '../../../src-shared/contract/client';
import { MEDIA_SCHEME } from '../../../src-shared/contract/ws-protocol';
import type { LabelerBridge } from '../../../src-preload/index.d';

/** The Electron transport: the preload's named functions on window.labeler. */
export function ipcTransport(bridge: LabelerBridge): Transport {
  return {
    kind: 'ipc',
    call: (name, input) => bridge[name](input) as Promise<Result<unknown>>,
    subscribe: (event, listener) => bridge.on(event, listener),
    mediaUrl: (imageId, variant) => `${MEDIA_SCHEME}://${variant}/${encodeURIComponent(imageId)}`,
  };
}
