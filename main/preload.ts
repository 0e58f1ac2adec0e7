/**
 * The preload (bundled to dist/preload.cjs: sandboxed preloads must be
 * CommonJS). It runs isolated from the page and exposes only the Bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeBridge } from './bridge.ts';

exposeBridge({ contextBridge, ipcRenderer });
