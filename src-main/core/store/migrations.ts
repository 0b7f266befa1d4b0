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
  {
    version: 2,
    name: 'review and quality: items, responses, gold, review log, quality flags; task and comment fields',
    sql: `
CREATE TABLE items (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  item_type TEXT NOT NULL CHECK (item_type IN ('IMG_CLS','TXT_CLS','RLHF_PAIR','QUESTION')),
  external_id TEXT,
  data TEXT NOT NULL,
  instructions TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,${synced}
);
CREATE INDEX items_project ON items(project_id, position);
CREATE UNIQUE INDEX items_external ON items(project_id, external_id) WHERE external_id IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE responses (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  annotator_id TEXT NOT NULL,
  task_id TEXT,
  answer TEXT,
  skipped INTEGER NOT NULL DEFAULT 0,
  skip_reason TEXT,
  confidence REAL,
  time_spent_ms INTEGER,
  started_at TEXT,
  submitted_at TEXT NOT NULL,
  review_status TEXT NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending','approved','rejected')),
  reviewer_id TEXT,
  reviewed_at TEXT,${synced}
);
CREATE UNIQUE INDEX responses_item_annotator ON responses(item_id, annotator_id) WHERE deleted_at IS NULL;
CREATE INDEX responses_project ON responses(project_id, submitted_at);

CREATE TABLE gold (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  item_id TEXT REFERENCES items(id) ON DELETE CASCADE,
  image_id TEXT REFERENCES images(id) ON DELETE CASCADE,
  expected TEXT NOT NULL,
  created_by TEXT,${synced},
  CHECK ((item_id IS NULL) <> (image_id IS NULL))
);
CREATE UNIQUE INDEX gold_item ON gold(item_id) WHERE item_id IS NOT NULL AND deleted_at IS NULL;
CREATE UNIQUE INDEX gold_image ON gold(image_id) WHERE image_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX gold_project ON gold(project_id);

-- Append-only log of review actions: who approved, rejected or marked reviewed what, and when.
CREATE TABLE reviews (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  image_id TEXT REFERENCES images(id) ON DELETE CASCADE,
  annotation_id TEXT REFERENCES annotations(id) ON DELETE CASCADE,
  response_id TEXT REFERENCES responses(id) ON DELETE CASCADE,
  reviewer_id TEXT,
  action TEXT NOT NULL CHECK (action IN ('approve','reject','reset','reviewed','unreviewed')),
  reason TEXT,
  comment_id TEXT,${synced}
);
CREATE INDEX reviews_project ON reviews(project_id, created_at);

CREATE TABLE quality_flags (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  created_by TEXT,${synced}
);
CREATE INDEX quality_flags_project ON quality_flags(project_id);

ALTER TABLE tasks ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN item_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE tasks ADD COLUMN assigner_id TEXT;
ALTER TABLE tasks ADD COLUMN started_at TEXT;
ALTER TABLE tasks ADD COLUMN completed_at TEXT;
CREATE INDEX tasks_assignee ON tasks(assignee_id);

ALTER TABLE comments ADD COLUMN item_id TEXT REFERENCES items(id) ON DELETE CASCADE;
ALTER TABLE comments ADD COLUMN comment_type TEXT NOT NULL DEFAULT 'comment';
ALTER TABLE comments ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN resolved_by TEXT;
ALTER TABLE comments ADD COLUMN resolved_at TEXT;
CREATE INDEX comments_image ON comments(image_id);
CREATE INDEX comments_parent ON comments(parent_id);

CREATE INDEX annotations_project_annotator ON annotations(project_id, annotator_id);
CREATE INDEX users_email ON users(email);
`,
  },
  {
    version: 3,
    name: 'snapshots: immutable, versioned copies of a project\'s annotations and image-level labels',
    sql: `
CREATE TABLE snapshots (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  version_tag TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  snapshot_type TEXT NOT NULL DEFAULT 'manual' CHECK (snapshot_type IN ('manual','auto')),
  classes TEXT NOT NULL,
  attributes TEXT NOT NULL,
  total_images INTEGER NOT NULL,
  total_annotations INTEGER NOT NULL,
  created_by TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (project_id, version),
  UNIQUE (project_id, version_tag)
);

-- Copies of the annotation rows as they were, keyed by their original ids (a restore revives them).
CREATE TABLE snapshot_annotations (
  snapshot_id TEXT NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  image_id TEXT NOT NULL,
  annotation_type TEXT NOT NULL,
  class_id INTEGER,
  geometry TEXT NOT NULL,
  attributes TEXT NOT NULL,
  caption TEXT,
  confidence REAL,
  source TEXT NOT NULL,
  annotation_status TEXT NOT NULL,
  z_order INTEGER NOT NULL,
  annotator_id TEXT,
  reviewer_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (snapshot_id, id)
) WITHOUT ROWID;
CREATE INDEX snapshot_annotations_image ON snapshot_annotations(snapshot_id, image_id);

CREATE TABLE snapshot_images (
  snapshot_id TEXT NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  image_id TEXT NOT NULL,
  image_annotations TEXT NOT NULL,
  reviewed INTEGER NOT NULL,
  PRIMARY KEY (snapshot_id, image_id)
) WITHOUT ROWID;

-- Exports ask "how many of each type" and "are there any points" before they stream a project.
CREATE INDEX annotations_project_type ON annotations(project_id, annotation_type) WHERE deleted_at IS NULL;

CREATE TRIGGER snapshots_immutable BEFORE UPDATE ON snapshots BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;
CREATE TRIGGER snapshot_annotations_immutable BEFORE UPDATE ON snapshot_annotations BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;
CREATE TRIGGER snapshot_images_immutable BEFORE UPDATE ON snapshot_images BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;
`,
  },
  {
    version: 4,
    name: 'sync: account, project links, mutation queue with seqs, server bases, conflicts, parked changes, uploads',
    sql: `
-- The one server account of this workstation; tokens live in the secret store, not here.
CREATE TABLE sync_account (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  server_url TEXT NOT NULL,
  auth_method TEXT NOT NULL CHECK (auth_method IN ('password','api_key')),
  user_id INTEGER,
  email TEXT,
  full_name TEXT,
  role TEXT,
  team_id INTEGER,
  client_id TEXT NOT NULL,
  needs_sign_in INTEGER NOT NULL DEFAULT 0,
  signed_in_at TEXT NOT NULL
);

-- A local project attached to a server project; the cursor is written with the rows it brought.
CREATE TABLE sync_links (
  project_id TEXT PRIMARY KEY,
  server_url TEXT NOT NULL,
  server_project_id TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  cursor TEXT NOT NULL DEFAULT '0',
  last_pushed_at TEXT,
  last_pulled_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX sync_links_server ON sync_links(server_url, server_project_id);

-- Outbox entries expanded into one mutation per row. seq is the wire seq of (client_id, seq):
-- assigned once, in the transaction that consumes the outbox entry, so a retry (even after a
-- crash) sends the same seq and the server applies it at most once. data and base_rev freeze
-- when the mutation is first sent.
CREATE TABLE sync_mutations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('create','update','delete')),
  row_id TEXT NOT NULL,
  data TEXT NOT NULL,
  base_rev INTEGER,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','awaiting')),
  sent_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX sync_mutations_row ON sync_mutations(entity, row_id);
CREATE INDEX sync_mutations_project ON sync_mutations(project_id, seq);

-- The server's version of a row as it was before the first unsynced local edit (filled by the
-- triggers below): what reconcile compares both sides against to tell who changed what.
CREATE TABLE sync_base (
  entity TEXT NOT NULL,
  row_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  server_rev INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (entity, row_id)
) WITHOUT ROWID;
CREATE INDEX sync_base_project ON sync_base(project_id);

-- Losing versions of conflicts, kept until the user restores or dismisses them (and after).
CREATE TABLE sync_conflicts (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  row_id TEXT NOT NULL,
  groups TEXT NOT NULL,
  winner TEXT NOT NULL CHECK (winner IN ('local','remote')),
  losing TEXT NOT NULL,
  winning TEXT NOT NULL,
  server_rev INTEGER,
  created_at TEXT NOT NULL,
  resolved_at TEXT,
  resolution TEXT
);
CREATE INDEX sync_conflicts_project ON sync_conflicts(project_id, created_at);

-- Mutations the server refused for good, with their data and the reason.
CREATE TABLE sync_parked (
  seq INTEGER PRIMARY KEY,
  project_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  op TEXT NOT NULL,
  row_id TEXT NOT NULL,
  data TEXT NOT NULL,
  code TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX sync_parked_project ON sync_parked(project_id);

-- Files the server is known to hold (content-addressed): never uploaded twice.
CREATE TABLE sync_uploads (
  server_url TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  PRIMARY KEY (server_url, sha256)
) WITHOUT ROWID;

CREATE TABLE sync_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- 1 while the sync engine writes rows it got from the server, so the triggers below record only
-- local edits. Set and reset inside one transaction: no other connection ever sees 1.
CREATE TABLE sync_apply (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  applying INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_apply (id, applying) VALUES (1, 0);

CREATE INDEX outbox_project ON outbox(project_id, seq);

CREATE TRIGGER sync_base_annotations AFTER UPDATE OF annotation_type, geometry, z_order, class_id, attributes, caption, confidence, annotation_status, deleted_at ON annotations
WHEN OLD.server_rev IS NOT NULL AND (SELECT applying FROM sync_apply WHERE id = 1) = 0
BEGIN
  INSERT OR IGNORE INTO sync_base (entity, row_id, project_id, server_rev, data)
  VALUES ('annotations', OLD.id, OLD.project_id, OLD.server_rev, json_object('annotation_type', OLD.annotation_type, 'geometry', json(OLD.geometry), 'z_order', OLD.z_order, 'class_id', OLD.class_id, 'attributes', json(OLD.attributes), 'caption', OLD.caption, 'confidence', OLD.confidence, 'annotation_status', OLD.annotation_status, 'deleted', OLD.deleted_at IS NOT NULL));
END;
CREATE TRIGGER sync_base_images AFTER UPDATE OF image_annotations, reviewed, deleted_at ON images
WHEN OLD.server_rev IS NOT NULL AND (SELECT applying FROM sync_apply WHERE id = 1) = 0
BEGIN
  INSERT OR IGNORE INTO sync_base (entity, row_id, project_id, server_rev, data)
  VALUES ('images', OLD.id, OLD.project_id, OLD.server_rev, json_object('image_annotations', json(OLD.image_annotations), 'reviewed', OLD.reviewed, 'deleted', OLD.deleted_at IS NOT NULL));
END;
CREATE TRIGGER sync_base_tasks AFTER UPDATE OF name, description, assignee_id, image_ids, due_date, status, deleted_at ON tasks
WHEN OLD.server_rev IS NOT NULL AND (SELECT applying FROM sync_apply WHERE id = 1) = 0
BEGIN
  INSERT OR IGNORE INTO sync_base (entity, row_id, project_id, server_rev, data)
  VALUES ('tasks', OLD.id, OLD.project_id, OLD.server_rev, json_object('name', OLD.name, 'description', OLD.description, 'assignee_id', OLD.assignee_id, 'image_ids', json(OLD.image_ids), 'due_date', OLD.due_date, 'status', OLD.status, 'deleted', OLD.deleted_at IS NOT NULL));
END;
CREATE TRIGGER sync_base_comments AFTER UPDATE OF text, comment_type, resolved, deleted_at ON comments
WHEN OLD.server_rev IS NOT NULL AND (SELECT applying FROM sync_apply WHERE id = 1) = 0
BEGIN
  INSERT OR IGNORE INTO sync_base (entity, row_id, project_id, server_rev, data)
  VALUES ('comments', OLD.id, OLD.project_id, OLD.server_rev, json_object('text', OLD.text, 'comment_type', OLD.comment_type, 'resolved', OLD.resolved, 'deleted', OLD.deleted_at IS NOT NULL));
END;
CREATE TRIGGER sync_base_projects AFTER UPDATE OF name, description, classes, attributes, task_types, task_config, workflow_type, status, deleted_at ON projects
WHEN OLD.server_rev IS NOT NULL AND (SELECT applying FROM sync_apply WHERE id = 1) = 0
BEGIN
  INSERT OR IGNORE INTO sync_base (entity, row_id, project_id, server_rev, data)
  VALUES ('projects', OLD.id, OLD.id, OLD.server_rev, json_object('name', OLD.name, 'description', OLD.description, 'classes', json(OLD.classes), 'attributes', json(OLD.attributes), 'task_types', json(OLD.task_types), 'task_config', json(OLD.task_config), 'workflow_type', OLD.workflow_type, 'status', OLD.status, 'deleted', OLD.deleted_at IS NOT NULL));
END;
`,
  },
];

export const LATEST_VERSION = migrations[migrations.length - 1].version;
