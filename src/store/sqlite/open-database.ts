import Database from 'better-sqlite3';
import { TidingsError } from '../../errors.ts';
import { MIGRATIONS } from './migrations.ts';

/** How long a connection waits for another one's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) a Tidings SQLite database, configures the connection and
 * brings its schema up to date. `migrations` is a parameter only so tests can append one.
 *
 * Refuses, with a TidingsError:
 * - a path that cannot be opened (missing folder, no permission)   → store.open
 * - a file that is not SQLite                                       → store.not-sqlite
 * - a SQLite database with tables but no Tidings schema version     → store.not-tidings
 * - a schema newer than the migrations this program knows           → store.newer-schema
 */
export function openDatabase(path: string, migrations: readonly string[] = MIGRATIONS): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    throw new TidingsError('store.open', `store: cannot open ${path} (${messageOf(error)})`, {
      hint: 'check that the folder exists and is writable',
      cause: error,
    });
  }
  try {
    configure(db);
    migrate(db, path, migrations);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof TidingsError) throw error;
    if (codeOf(error) === 'SQLITE_NOTADB') {
      throw new TidingsError('store.not-sqlite', `store: ${path} is not a SQLite database`, {
        hint: 'point Tidings at its own database file, or move this file out of the way',
        cause: error,
      });
    }
    throw new TidingsError('store.open', `store: cannot open ${path} (${messageOf(error)})`, { cause: error });
  }
}

function configure(db: Database.Database): void {
  // First, so that switching to WAL below waits for another process's lock instead of failing.
  // It is also the first read of the file: a file that is not SQLite fails here (SQLITE_NOTADB).
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  // Safe with WAL: NORMAL syncs the WAL only at checkpoints, not at every commit. A power
  // loss or OS crash may lose the last few commits, but can never corrupt the database (an
  // application crash loses nothing). For a news mirror whose feeds are fetched again, that
  // trade for much faster commits is right. (In rollback-journal mode NORMAL could corrupt.)
  db.pragma('synchronous = NORMAL');
  // Off by default in SQLite, per connection; the ON DELETE CASCADEs depend on it.
  db.pragma('foreign_keys = ON');
}

/** Applies the migrations this database has not run yet, each with its version bump in one transaction. */
export function migrate(db: Database.Database, path: string, migrations: readonly string[] = MIGRATIONS): void {
  const known = migrations.length;
  const versionOf = (): number => db.pragma('user_version', { simple: true }) as number;

  const version = versionOf();
  if (version > known) throw newerSchemaError(path, version, known);
  if (version === 0) {
    const tables = db
      .prepare<[], { name: string }>(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .all();
    if (tables.length > 0) {
      throw new TidingsError('store.not-tidings', `store: ${path} is a SQLite database, but not one of Tidings (it has tables ${tables.map((t) => t.name).join(', ')})`, {
        hint: 'point Tidings at its own database file, or at a path where it may create one',
      });
    }
  }

  for (let next = version; next < known; next++) {
    // IMMEDIATE takes the write lock before reading the version again, so two processes
    // opening the same new database do not both run the same migration.
    db.transaction(() => {
      const current = versionOf();
      if (current > next) return; // another process got there first
      db.exec(migrations[next]!);
      db.pragma(`user_version = ${next + 1}`);
    }).immediate();
  }
}

function newerSchemaError(path: string, version: number, known: number): TidingsError {
  return new TidingsError('store.newer-schema', `store: ${path} was written by a newer Tidings (schema ${version}, this one knows ${known})`, {
    hint: 'upgrade Tidings; an older version must not write to a newer database',
  });
}

function codeOf(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
