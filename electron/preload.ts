/**
 * Preload: exposes `window.sysbtape` (named methods + event subscription) through contextBridge.
 * ipcRenderer itself never reaches the page. Bundled to one CJS file because sandboxed preloads
 * cannot load ES modules.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels.ts';
import { createBridge } from './preload-bridge.ts';

const bridge = createBridge(
  (method, request) => ipcRenderer.invoke(INVOKE_CHANNEL, method, request),
  (listener) => {
    const wrapped = (_event: IpcRendererEvent, message: unknown): void => listener(message);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    };
  },
);

contextBridge.exposeInMainWorld('sysbtape', bridge);
