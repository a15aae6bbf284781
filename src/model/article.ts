/** An article page reduced to its article: what `tidings extract` prints (CONTRACT.md). */
export interface Article {
  title: string | null;
  byline: string | null;
  excerpt: string | null;
  /** ISO UTC. */
  published: string | null;
  lang: string | null;
  siteName: string | null;
  image: string | null;
  /** Sanitized HTML. */
  content: string | null;
  textContent: string | null;
}
