/**
 * Procedure and event names alone (no schemas), for the preload, which must stay tiny.
 * `procedures.ts` checks at compile time that this list matches its keys exactly.
 */
export const PROCEDURE_NAME_LIST = [
  'listProjects',
  'getProject',
  'createProject',
  'updateProject',
  'deleteProject',
  'projectStats',
  'importFolder',
  'listImages',
  'getImage',
  'imageNeighbours',
  'updateImage',
  'listAnnotations',
  'queryAnnotations',
  'createAnnotation',
  'createAnnotations',
  'updateAnnotation',
  'deleteAnnotation',
  'deleteAnnotations',
  'appInfo',
] as const;

export const EVENT_NAME_LIST = ['progress', 'dataChanged'] as const;

/** IPC channels carry this prefix; main accepts nothing else, and only from our own frame. */
export const IPC_PREFIX = 'labeler:';
export const IPC_EVENT_CHANNEL = 'labeler:event';
