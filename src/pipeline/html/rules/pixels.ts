// Rule dropPixels: tracking pixels (1×1 images that count opens and views) dropped.
//
// An image is a pixel when its width and height attributes are both at most 1, or when its
// source is a known counter. Judged on the attributes the sanitized image keeps (src, width,
// height), so an image kept once is kept again on a second pass.

/** Known counters, each with where it comes from. Matched against the absolute src. */
const PIXEL_SOURCES: ReadonlyArray<readonly [pattern: RegExp, origin: string]> = [
  [/^https?:\/\/(?:[^/?#]*\.)?feedsportal\.com\//i, 'Feedsportal (Mediafed) feed item counter'],
  [/^https?:\/\/feeds\.feedburner\.com\/~r\/[^?#]*\/~4\//i, 'FeedBurner item view counter (~r/…/~4/)'],
  [/^https?:\/\/stats\.wordpress\.com\/b\.gif/i, 'WordPress.com stats beacon'],
  [/^https?:\/\/pixel\.wp\.com\//i, 'WordPress.com / Jetpack stats pixel'],
  [/^https?:\/\/(?:[^/?#]*\.)?google-analytics\.com\/(?:collect|__utm\.gif)/i, 'Google Analytics measurement pixel'],
  [/^https?:\/\/sb\.scorecardresearch\.com\//i, 'comScore beacon'],
  [/^https?:\/\/pixel\.quantserve\.com\//i, 'Quantcast pixel'],
  [/^https?:\/\/[^?#]*\/pixel(?:\.(?:gif|png|php|jpg))?(?:[?#]|$)/i, 'a path ending in /pixel, /pixel.gif …'],
  // Inline 1×1 images: the GIF and PNG headers below encode width 1 and height 1.
  [/^data:image\/gif;base64,R0lGOD[dl]hAQABA/i, 'inline 1×1 GIF (the usual lazy-load placeholder)'],
  [/^data:image\/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB/i, 'inline 1×1 PNG'],
];

const SIZE = /^\s*(\d+(?:\.\d*)?)\s*(?:px)?\s*$/i;

function atMostOne(value: string | undefined): boolean {
  if (value === undefined) return false;
  const m = SIZE.exec(value);
  return m !== null && Number(m[1]) <= 1;
}

/** True for an image that only counts views: 1×1 by its attributes, or from a known counter. */
export function isTrackingPixel(attribs: Readonly<Record<string, string>>): boolean {
  if (atMostOne(attribs.width) && atMostOne(attribs.height)) return true;
  const src = attribs.src;
  if (src === undefined) return false;
  for (const [pattern] of PIXEL_SOURCES) if (pattern.test(src)) return true;
  return false;
}
