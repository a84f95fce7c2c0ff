// The preload: one object, window.taizhang, implementing the Bridge of shared/api.ts — nothing
// else reaches the page. It runs sandboxed (only 'electron' can be required; esbuild bundles
// the rest into build/app/preload.js). Calls go over one channel; the main process checks the
// sender and the arguments. The page never gets an IpcRenderer or an event object.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ApiEvent, Bridge, DroppedFile } from '../../shared/api';
import { CALL_CHANNEL, EVENT_CHANNEL, fileUrl } from './channels';

const bridge: Bridge = {
  call: (method, args) => ipcRenderer.invoke(CALL_CHANNEL, method, args),
  onEvent(listener) {
    const handler = (_e: unknown, event: ApiEvent) => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
  fileUrl,
  async dropPaths(files: readonly DroppedFile[]) {
    // Files dropped from the system carry their real path; anything else (a dragged image from
    // a web page) has none and is left out.
    return files.map((f) => webUtils.getPathForFile(f as File)).filter((p) => p !== '');
  },
  downloadUrl: () => null,
};

contextBridge.exposeInMainWorld('taizhang', bridge);
