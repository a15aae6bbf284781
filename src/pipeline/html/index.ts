// Public surface of the html stage.
export { sanitizeHtml } from './sanitize.ts';
export type { SanitizeOptions } from './sanitize.ts';
