import { InputError } from '../../errors.ts';
import { childElements, readXml, type XmlElement } from '../feed/xml-tree.ts';

/** A subscription found in an OPML file or a YAML source list. */
export interface SourceEntry {
  url: string;
  name: string | null;
  /** Outer outlines (or the YAML group → site → channel path), outermost first. */
  categories: string[];
  htmlUrl: string | null;
}

export interface SourceListResult {
  title: string | null;
  sources: SourceEntry[];
  warnings: string[];
}

/**
 * Reads OPML 1.0/2.0 subscription lists as Miniflux, FreshRSS, Feedly and Inoreader write
 * them: feeds are outlines with `xmlUrl`; the outlines around them (nesting) become
 * categories, outermost first. OPML 1.0's `category="/a/b,/c"` attribute is honoured when
 * the feed is not nested. Duplicate URLs keep their first place.
 */
export function readOpml(text: string, name = 'the OPML file'): SourceListResult {
  const document = readXml(text);
  const root = document.root;
  if (!root || root.local !== 'opml') {
    throw new InputError('import.not_opml', `import: no OPML found in ${name} (starts with '${document.head}')`, {
      hint: 'export the subscriptions as OPML from the other reader, or use the YAML list format',
    });
  }
  const warnings = [...document.warnings];
  const head = childElements(root, root.ns, 'head')[0];
  const titleElement = head ? childElements(head, root.ns, 'title')[0] : undefined;
  const title = titleElement ? textContent(titleElement).trim() || null : null;
  const body = childElements(root, root.ns, 'body')[0];
  const sources: SourceEntry[] = [];
  const seen = new Set<string>();
  const visit = (outline: XmlElement, path: string[]) => {
    const label = (outline.attrs['title'] ?? outline.attrs['text'] ?? '').trim();
    const xmlUrl = (outline.attrs['xmlurl'] ?? '').trim();
    if (xmlUrl) {
      if (seen.has(xmlUrl)) {
        warnings.push(`import: ${xmlUrl} listed twice; the first kept`);
        return;
      }
      seen.add(xmlUrl);
      const categories = path.length > 0 ? path : categoryAttribute(outline.attrs['category']);
      sources.push({ url: xmlUrl, name: label || null, categories, htmlUrl: outline.attrs['htmlurl']?.trim() || null });
      return;
    }
    const children = childElements(outline, outline.ns, 'outline');
    if (children.length === 0) return;
    for (const child of children) visit(child, label ? [...path, label] : path);
  };
  if (body) for (const outline of childElements(body, body.ns, 'outline')) visit(outline, []);
  return { title, sources, warnings };
}

/** OPML 1.0's category attribute: comma-separated slash paths; the first path is used. */
function categoryAttribute(value: string | undefined): string[] {
  if (!value) return [];
  const first = value.split(',')[0]!.trim();
  return first.split('/').map((part) => part.trim()).filter((part) => part !== '');
}

function textContent(element: XmlElement): string {
  return element.children.map((c) => (typeof c === 'string' ? c : textContent(c))).join('');
}
