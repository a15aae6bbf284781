export type { Feed, FeedFormat, FeedImage, FeedItem, Enclosure, Person } from './feed.ts';
export type { Source, SourceSettings, FetchState, StoredItem } from './source.ts';
