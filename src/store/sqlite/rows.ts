// Table rows (snake_case, as SQLite returns them) and their mapping to the model. The only
// place where column names meet model names.
import type { FeedItem, FetchState, Source, StoredItem } from '../../model/index.ts';
import type { MediaRecord } from '../store.ts';

export interface SourceRow {
  id: number;
  url: string;
  fetch_url: string;
  name: string | null;
  categories: string;
  profile: string | null;
  full_text: number;
  every_seconds: number | null;
  encoding_override: string | null;
  keep: string;
  block: string;
  enabled: number;
  created_at: string;
  settings: string;
}

export interface FetchStateRow {
  source_id: number;
  last_attempt_at: string | null;
  last_success_at: string | null;
  http_status: number | null;
  error: string | null;
  etag: string | null;
  last_modified: string | null;
  failures: number;
  next_check_at: string | null;
  encoding: string | null;
}

export interface ItemRow {
  id: number;
  source_id: number;
  key: string;
  item: string;
  title: string | null;
  link: string | null;
  published: string | null;
  content_hash: string;
  first_seen_at: string;
  updated_at: string;
  post_path: string | null;
  post_hash: string | null;
}

/** A source row for INSERT/UPDATE; `id` is the WHERE of an update. */
export type SourceParams = Omit<SourceRow, 'id'> & { id?: number };

export function sourceFromRow(row: SourceRow): Source {
  return {
    id: row.id,
    url: row.url,
    fetchUrl: row.fetch_url,
    name: row.name,
    categories: JSON.parse(row.categories) as string[],
    profile: row.profile,
    fullText: row.full_text === 1,
    everySeconds: row.every_seconds,
    encodingOverride: row.encoding_override,
    keep: JSON.parse(row.keep) as string[],
    block: JSON.parse(row.block) as string[],
    settings: JSON.parse(row.settings) as Source['settings'],
    enabled: row.enabled === 1,
    createdAt: row.created_at,
  };
}

export function sourceToParams(source: Omit<Source, 'id'> & { id?: number }): SourceParams {
  return {
    ...(source.id === undefined ? {} : { id: source.id }),
    url: source.url,
    fetch_url: source.fetchUrl,
    name: source.name,
    categories: JSON.stringify(source.categories),
    profile: source.profile,
    full_text: source.fullText ? 1 : 0,
    every_seconds: source.everySeconds,
    encoding_override: source.encodingOverride,
    keep: JSON.stringify(source.keep),
    block: JSON.stringify(source.block),
    settings: JSON.stringify(source.settings),
    enabled: source.enabled ? 1 : 0,
    created_at: source.createdAt,
  };
}

export function fetchStateFromRow(row: FetchStateRow): FetchState {
  return {
    sourceId: row.source_id,
    lastAttemptAt: row.last_attempt_at,
    lastSuccessAt: row.last_success_at,
    httpStatus: row.http_status,
    error: row.error,
    etag: row.etag,
    lastModified: row.last_modified,
    failures: row.failures,
    nextCheckAt: row.next_check_at,
    encoding: row.encoding,
  };
}

export function fetchStateToParams(state: FetchState): FetchStateRow {
  return {
    source_id: state.sourceId,
    last_attempt_at: state.lastAttemptAt,
    last_success_at: state.lastSuccessAt,
    http_status: state.httpStatus,
    error: state.error,
    etag: state.etag,
    last_modified: state.lastModified,
    failures: state.failures,
    next_check_at: state.nextCheckAt,
    encoding: state.encoding,
  };
}

export function storedItemFromRow(row: ItemRow): StoredItem {
  return {
    id: row.id,
    sourceId: row.source_id,
    key: row.key,
    item: JSON.parse(row.item) as FeedItem,
    contentHash: row.content_hash,
    firstSeenAt: row.first_seen_at,
    updatedAt: row.updated_at,
    postPath: row.post_path,
    postHash: row.post_hash,
  };
}

export interface MediaRow {
  url: string;
  status: string;
  hash: string | null;
  path: string | null;
  type: string | null;
  bytes: number | null;
  error: string | null;
  attempts: number;
  last_attempt_at: string;
  next_retry_at: string | null;
}

export function mediaFromRow(row: MediaRow): MediaRecord {
  return {
    url: row.url,
    status: row.status === 'ok' ? 'ok' : 'failed',
    hash: row.hash,
    path: row.path,
    type: row.type,
    bytes: row.bytes,
    error: row.error,
    attempts: row.attempts,
    lastAttemptAt: row.last_attempt_at,
    nextRetryAt: row.next_retry_at,
  };
}

export function mediaToParams(record: MediaRecord): MediaRow {
  return {
    url: record.url,
    status: record.status,
    hash: record.hash,
    path: record.path,
    type: record.type,
    bytes: record.bytes,
    error: record.error,
    attempts: record.attempts,
    last_attempt_at: record.lastAttemptAt,
    next_retry_at: record.nextRetryAt,
  };
}
