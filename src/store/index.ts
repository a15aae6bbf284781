// The store's public surface: the interface only. The concrete stores (sqlite/, postgres/)
// are named by app/workspace.ts alone.
export type {
  IncomingItem, ItemChange, MediaRecord, MediaRetry, MediaUpdate, NewSource, SourceRefresh, SourceStatus, Store, WrittenPost,
} from './store.ts';
