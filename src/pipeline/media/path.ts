// Where an archived image lives, and how a post links to it.
import { imageExtension, type ImageType } from './sniff.ts';

const HASH = /^[0-9a-f]{16,}$/;

/**
 * The path of an archived image below the media folder: "ab/abcdef….jpg", sharded by the first
 * two hex digits of its SHA-256 so that no folder holds more than a 256th of the archive. The
 * name is the content hash, so the same bytes under two URLs are one file.
 */
export function mediaPath(hash: string, type: ImageType): string {
  if (!HASH.test(hash)) throw new Error(`media: ${JSON.stringify(hash)} is not a lower-case hex content hash`);
  return `${hash.slice(0, 2)}/${hash}${imageExtension(type)}`;
}

/**
 * A "/"-separated relative path as a URL path: each segment percent-encoded except unreserved
 * characters (RFC 3986 §2.3), "." and ".." kept. The result holds only [A-Za-z0-9._~%/-], so it
 * goes unescaped into an HTML attribute, a Markdown link destination and a YAML scalar.
 */
export function urlPath(path: string): string {
  return path
    .split('/')
    .map((segment) =>
      segment === '.' || segment === '..'
        ? segment
        : Array.from(new TextEncoder().encode(segment), (byte) =>
            /[A-Za-z0-9._~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
          ).join(''),
    )
    .join('/');
}

/**
 * The link, from a post at `postPath` (relative to the posts root), to `target`: a target
 * starting with "/" is root-relative and returned as it is; any other is relative to the posts
 * root and comes back relative to the post's own folder ("../" per folder level).
 */
export function linkFromPost(postPath: string, target: string): string {
  if (target.startsWith('/')) return target;
  const depth = postPath.split('/').length - 1;
  const link = '../'.repeat(depth) + target;
  return link.startsWith('.') ? link : `./${link}`;
}
