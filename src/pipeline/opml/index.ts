export { readOpml, type SourceEntry, type SourceListResult } from './read-opml.ts';
export { readSourceList } from './read-source-list.ts';
