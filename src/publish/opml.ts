import { escapeHtml } from '../lib/text.ts';

export interface OpmlSource {
  url: string;
  name: string | null;
  categories: string[];
  htmlUrl?: string | null;
}

/**
 * Writes OPML 2.0 that Miniflux, FreshRSS and Feedly import: categories become nested
 * outlines (group → site → channel), feeds are `type="rss"` outlines with `xmlUrl`.
 * Sources keep their order within a folder; folders appear in first-use order.
 */
export function writeOpml(sources: OpmlSource[], options: { title: string; now: Date }): string {
  interface Folder {
    name: string;
    folders: Map<string, Folder>;
    feeds: OpmlSource[];
  }
  const root: Folder = { name: '', folders: new Map(), feeds: [] };
  for (const source of sources) {
    let folder = root;
    for (const category of source.categories) {
      let next = folder.folders.get(category);
      if (!next) {
        next = { name: category, folders: new Map(), feeds: [] };
        folder.folders.set(category, next);
      }
      folder = next;
    }
    folder.feeds.push(source);
  }
  const attr = (value: string) => escapeHtml(value).replace(/\n/g, '&#10;');
  const lines: string[] = [];
  const write = (folder: Folder, depth: number) => {
    const pad = '  '.repeat(depth);
    for (const feed of folder.feeds) {
      const label = attr(feed.name ?? feed.url);
      const html = feed.htmlUrl ? ` htmlUrl="${attr(feed.htmlUrl)}"` : '';
      lines.push(`${pad}<outline type="rss" text="${label}" title="${label}" xmlUrl="${attr(feed.url)}"${html}/>`);
    }
    for (const child of folder.folders.values()) {
      lines.push(`${pad}<outline text="${attr(child.name)}" title="${attr(child.name)}">`);
      write(child, depth + 1);
      lines.push(`${pad}</outline>`);
    }
  };
  write(root, 2);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeHtml(options.title)}</title>`,
    `    <dateCreated>${options.now.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    ...lines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
