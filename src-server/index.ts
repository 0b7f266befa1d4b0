/** The Labeler REST server: build it over a storage, or open one from a path or URL. */
export { buildServer, type BuildOptions, type LabelerServer } from './app';
export { openStorage, isPostgresUrl } from './storage/open';
export type { Storage } from './storage/types';
export { addUser } from './auth/users';
export type { ServerOptions, ServerConfig } from './config';
export { samSegmentProvider } from './services/sam';
