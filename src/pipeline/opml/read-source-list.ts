import { parse as parseYaml } from 'yaml';
import { InputError } from '../../errors.ts';
import type { SourceEntry, SourceListResult } from './read-opml.ts';

/**
 * Reads the YAML source list: nested maps group → site → channel, whose leaves are a URL
 * or a list of URLs. The path of keys becomes the categories, the way the RSSHub/Hexo
 * setup behind rsshub-hexo-post.md grouped its routes:
 *
 *   新媒体:
 *     Aljazeera 半岛网:
 *       新闻: rsshub:///aljazeera/chinese/news
 *       观点: [https://example.com/opinion.xml]
 *
 * Any depth works (a URL straight under a group is fine); a source is named after the
 * last key above it ("site - channel" when both exist).
 */
export function readSourceList(text: string, name = 'the source list'): SourceListResult {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new InputError('import.yaml', `import: ${name} is not valid YAML (${(error as Error).message.split('\n')[0]})`, {
      hint: 'see "Importing a YAML source list" in the README',
    });
  }
  const sources: SourceEntry[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const add = (url: unknown, path: string[]) => {
    if (typeof url !== 'string' || url.trim() === '') {
      warnings.push(`import: ${path.join(' / ') || 'top level'}: ${JSON.stringify(url)} is not a URL; skipped`);
      return;
    }
    const trimmed = url.trim();
    if (seen.has(trimmed)) {
      warnings.push(`import: ${trimmed} listed twice; the first kept`);
      return;
    }
    seen.add(trimmed);
    const label = path.length >= 2 ? `${path[path.length - 2]} - ${path[path.length - 1]}` : (path[0] ?? null);
    sources.push({ url: trimmed, name: label, categories: [...path], htmlUrl: null });
  };
  const visit = (node: unknown, path: string[]) => {
    if (Array.isArray(node)) for (const entry of node) visit(entry, path);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node as Record<string, unknown>)) visit(value, [...path, String(key)]);
    } else add(node, path);
  };
  if (data === null || data === undefined) return { title: null, sources, warnings };
  if (typeof data !== 'object') {
    throw new InputError('import.yaml', `import: ${name} must map groups to sites to channels to URLs`, {
      hint: 'see "Importing a YAML source list" in the README',
    });
  }
  visit(data, []);
  return { title: null, sources, warnings };
}
