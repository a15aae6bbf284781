export type { Feed, FeedFormat, FeedImage, FeedItem, Enclosure, Person } from './feed.ts';
