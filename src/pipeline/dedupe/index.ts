export { itemKey, contentHash } from './identity.ts';
