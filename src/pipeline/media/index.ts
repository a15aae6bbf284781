// Public surface of the media stage: the pure half of image archiving (the app downloads and writes).
//
//   sniffImageType(bytes) → { ok, type, extension } | { ok: false, reason }   magic bytes only
//   itemImageUrls(item) / imageUrlsOf(html) / leadImageOf(item, html)           what a post shows
//   rewriteImageUrls(html, links)                                               <img src> → local copies
//   mediaPath(hash, type), urlPath(path), linkFromPost(postPath, target)        where copies live, links to them
export { sniffImageType, imageExtension, IMAGE_TYPES, type ImageType, type ImageSniffResult } from './sniff.ts';
export { imageUrlsOf, itemHtml, itemImageUrls, leadImageOf, rewriteImageUrls } from './images.ts';
export { mediaPath, urlPath, linkFromPost } from './path.ts';
