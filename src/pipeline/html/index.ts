// Public surface of the html stage.
export { sanitizeHtml } from './sanitize.ts';
export type { SanitizeOptions } from './sanitize.ts';
export { cleanHtml, REWRITE_RULES } from './clean.ts';
export type { CleanOptions, RewriteRuleName } from './clean.ts';
