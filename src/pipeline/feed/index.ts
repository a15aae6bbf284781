export { parseFeed, detectXmlFormat, type ParseFeedOptions } from './parse.ts';
