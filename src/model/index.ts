export type { Article } from './article.ts';
export type { Feed, FeedFormat, FeedImage, FeedItem, FullTextNote, Enclosure, Person } from './feed.ts';
export type { Source, SourceSettings, FetchState, StoredItem } from './source.ts';
