/**
 * Numbered migrations, applied in order by `PRAGMA user_version`. Never edit a released one:
 * add the next. Every synced table carries id (UUIDv7), created_at, updated_at, rev,
 * server_rev and deleted_at (tombstone).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const synced = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  server_rev INTEGER,
  deleted_at TEXT`;

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT,
  role TEXT NOT NULL DEFAULT 'annotator' CHECK (role IN ('admin','reviewer','annotator')),
  is_local INTEGER NOT NULL DEFAULT 0,${synced}
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  dataset_id TEXT,
  task_types TEXT NOT NULL DEFAULT '["detection"]',
  task_config TEXT NOT NULL DEFAULT '{}',
  classes TEXT NOT NULL DEFAULT '[]',
  attributes TEXT NOT NULL DEFAULT '[]',
  workflow_type TEXT NOT NULL DEFAULT 'simple',
  status TEXT NOT NULL DEFAULT 'active',
  owner_id TEXT REFERENCES users(id),${synced}
);

CREATE TABLE images (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  filename TEXT NOT NULL,
  path TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  image_annotations TEXT NOT NULL DEFAULT '{"classes":[],"captions":[]}',
  reviewed INTEGER NOT NULL DEFAULT 0,${synced}
);
CREATE UNIQUE INDEX images_project_path ON images(project_id, path);
CREATE INDEX images_project_filename ON images(project_id, filename);
CREATE INDEX images_sha256 ON images(sha256);

CREATE TABLE annotations (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  annotation_type TEXT NOT NULL CHECK (annotation_type IN ('bbox','rotated_bbox','polygon','line','polyline','circle','points','mask')),
  class_id INTEGER,
  geometry TEXT NOT NULL,
  attributes TEXT NOT NULL DEFAULT '{}',
  caption TEXT,
  confidence REAL,
  source TEXT NOT NULL DEFAULT 'human',
  annotation_status TEXT NOT NULL DEFAULT 'pending',
  z_order INTEGER NOT NULL DEFAULT 0,
  annotator_id TEXT,
  reviewer_id TEXT,${synced}
);
CREATE INDEX annotations_image ON annotations(image_id);
CREATE INDEX annotations_project_class ON annotations(project_id, class_id);

CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  assignee_id TEXT,
  status TEXT NOT NULL DEFAULT 'pending',
  due_date TEXT,
  image_ids TEXT NOT NULL DEFAULT '[]',
  progress REAL NOT NULL DEFAULT 0,${synced}
);
CREATE INDEX tasks_project ON tasks(project_id);

CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  image_id TEXT REFERENCES images(id) ON DELETE CASCADE,
  annotation_id TEXT REFERENCES annotations(id) ON DELETE CASCADE,
  parent_id TEXT REFERENCES comments(id) ON DELETE CASCADE,
  author_id TEXT,
  text TEXT NOT NULL,
  x REAL,
  y REAL,
  resolved INTEGER NOT NULL DEFAULT 0,${synced}
);
CREATE INDEX comments_project ON comments(project_id);

-- Every local change writes its row and one outbox entry in the same transaction.
-- An entry names the rows it touched; the sync engine reads their state when it pushes.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id TEXT,
  entity TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('create','update','delete')),
  ids TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`,
  },
];

export const LATEST_VERSION = migrations[migrations.length - 1].version;
