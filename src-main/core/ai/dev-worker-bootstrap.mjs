// Starts the TypeScript SAM worker when core runs from sources (vitest, tsx benchmarks). Worker
// threads do not inherit the parent's TypeScript loader, so this plain-JS entry registers tsx
// first. The built app never uses this file: it loads out/main/sam-worker.js (electron.vite.config.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
