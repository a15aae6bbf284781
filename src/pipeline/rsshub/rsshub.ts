import { InputError } from '../../errors.ts';

/**
 * RSSHub routes as sources. A source URL `rsshub:///aljazeera/chinese/news` names a route
 * on whatever instance the configuration points at; its categories come from the
 * instance's route metadata (RSSHub ≥ 2024: `/api/namespace/<ns>`; older instances only
 * have `/api/routes`, which lists route patterns without names).
 *
 * Wire shape of `/api/namespace/<ns>` (RSSHub's registry entry):
 *   { name: "Aljazeera 半岛网", url: "aljazeera.com", categories?: ["traditional-media"], lang?,
 *     routes: { "/:lang?/:category?": { path, name: "News", categories: ["traditional-media"], example: "/aljazeera/chinese/news" } } }
 * `/api/namespace` returns { <ns>: <that shape>, … } for every namespace.
 */

export interface RsshubRouteData {
  path?: string | string[];
  name?: string;
  categories?: string[];
  example?: string;
  description?: string;
}

export interface RsshubNamespaceData {
  name?: string;
  url?: string;
  categories?: string[];
  routes?: Record<string, RsshubRouteData>;
}

/** What a route is called, in the group / site / channel shape of the Hexo categories. */
export interface RouteDescription {
  /** RSSHub's category id (new-media …) and its configured label (新媒体 …). */
  category: string | null;
  categoryLabel: string | null;
  site: string | null;
  channel: string | null;
}

const RSSHUB_SCHEME = /^rsshub:(?:\/\/)?\/?/i;

/** True for `rsshub:///route` (also accepted: `rsshub://route`, `rsshub:/route`). */
export function isRsshubUrl(url: string): boolean {
  return RSSHUB_SCHEME.test(url.trim());
}

/** The route path of an rsshub: URL, with its leading slash and any query: `/aljazeera/chinese/news`. */
export function rsshubRoute(url: string): string {
  const route = url.trim().replace(RSSHUB_SCHEME, '');
  if (route === '' || route.startsWith('/')) {
    throw new InputError('rsshub.route', `rsshub: '${url}' names no route`, { hint: 'write it as rsshub:///namespace/route, e.g. rsshub:///aljazeera/chinese/news' });
  }
  return `/${route}`;
}

/** The http(s) URL of a route on an instance (the instance may live under a path prefix). */
export function resolveRsshubUrl(url: string, instance: string): string {
  const route = rsshubRoute(url);
  let base: URL;
  try {
    base = new URL(instance);
  } catch {
    throw new InputError('rsshub.instance', `rsshub: the instance '${instance}' is not a URL`, { hint: 'set rsshub.instance in tidings.yaml, e.g. https://rsshub.app' });
  }
  return `${base.href.replace(/\/+$/, '')}${route}`;
}

/** The namespace candidates of a route, nested first: `/a/b/c` → ['a/b', 'a']. */
export function namespaceCandidates(route: string): string[] {
  const segments = route.split('?')[0]!.split('/').filter((s) => s !== '');
  const candidates: string[] = [];
  if (segments.length >= 2) candidates.push(`${segments[0]}/${segments[1]}`);
  if (segments.length >= 1) candidates.push(segments[0]!);
  return candidates;
}

/**
 * Matches a concrete path against an RSSHub (Hono/path-to-regexp style) pattern:
 * `:name` one segment, `:name?` an optional one, `:name{.+}` / `*` the rest.
 */
export function matchRoutePattern(pattern: string, path: string): boolean {
  const want = pattern.split('/').filter((s) => s !== '');
  const have = path.split('?')[0]!.split('/').filter((s) => s !== '');
  const match = (i: number, j: number): boolean => {
    if (i === want.length) return j === have.length;
    const part = want[i]!;
    // A wildcard takes the rest of the path: '*' or ':name{.+}' (one or more), optional with '?'.
    if (part === '*' || part.endsWith('?') && /\{\.[+*]\}\?$/.test(part)) return true;
    if (/\{\.[+*]\}$/.test(part)) return j < have.length;
    if (part.startsWith(':')) {
      if (part.endsWith('?') && match(i + 1, j)) return true;
      return j < have.length && match(i + 1, j + 1);
    }
    return j < have.length && decodeURIComponent(have[j]!) === part && match(i + 1, j + 1);
  };
  return match(0, 0);
}

/** Describes a route from its namespace's metadata: category (labelled), site, channel. */
export function describeRoute(route: string, namespace: string, data: RsshubNamespaceData, labels: Record<string, string>): RouteDescription {
  const rest = route.split('?')[0]!.slice(namespace.length + 1) || '/';
  let best: RsshubRouteData | null = null;
  let bestScore = -1;
  for (const [key, routeData] of Object.entries(data.routes ?? {})) {
    const patterns = [key, ...(Array.isArray(routeData.path) ? routeData.path : routeData.path ? [routeData.path] : [])];
    for (const pattern of patterns) {
      if (!matchRoutePattern(pattern, rest)) continue;
      // Prefer the most literal pattern: more fixed segments win over parameters.
      const score = pattern.split('/').filter((s) => s !== '' && !s.startsWith(':') && s !== '*').length;
      if (score > bestScore) {
        best = routeData;
        bestScore = score;
      }
    }
  }
  const category = best?.categories?.find((c) => c !== 'popular') ?? data.categories?.find((c) => c !== 'popular') ?? null;
  return {
    category,
    categoryLabel: category === null ? null : (labels[category] ?? category),
    site: data.name?.trim() || null,
    channel: best?.name?.trim() || null,
  };
}

export interface RouteListing {
  category: string | null;
  categoryLabel: string | null;
  namespace: string;
  site: string | null;
  channel: string | null;
  path: string;
  example: string | null;
}

/** Every route an instance offers, optionally filtered by category id/label and a search text. */
export function listRoutes(
  namespaces: Record<string, RsshubNamespaceData>,
  options: { category?: string | null; search?: string | null; labels: Record<string, string> },
): RouteListing[] {
  const rows: RouteListing[] = [];
  const search = options.search?.trim().toLowerCase() || null;
  for (const [namespace, data] of Object.entries(namespaces)) {
    for (const [key, routeData] of Object.entries(data.routes ?? {})) {
      const categories = routeData.categories ?? data.categories ?? [];
      const category = categories.find((c) => c !== 'popular') ?? null;
      const row: RouteListing = {
        category,
        categoryLabel: category === null ? null : (options.labels[category] ?? category),
        namespace,
        site: data.name?.trim() || null,
        channel: routeData.name?.trim() || null,
        path: `/${namespace}${key === '/' ? '' : key}`,
        example: routeData.example ? `rsshub://${routeData.example.startsWith('/') ? '' : '/'}${routeData.example}` : null,
      };
      if (options.category && !categories.includes(options.category) && row.categoryLabel !== options.category) continue;
      if (search && ![row.namespace, row.site, row.channel, row.path].some((v) => v?.toLowerCase().includes(search))) continue;
      rows.push(row);
    }
  }
  return rows.sort((a, b) => (a.category ?? '').localeCompare(b.category ?? '') || a.path.localeCompare(b.path));
}

/**
 * Categories for a source from its feed title when the instance has no metadata:
 * RSSHub titles read "Site - Channel" (the example post's "Aljazeera 半岛网 - 新闻").
 */
export function categoriesFromFeedTitle(title: string | null, group: string | null): string[] {
  if (!title) return group ? [group] : [];
  const parts = title.split(/\s+[-–—|]\s+/).map((p) => p.trim()).filter((p) => p !== '');
  const siteChannel = parts.length >= 2 ? [parts[0]!, parts[1]!] : [parts[0] ?? title.trim()];
  return group ? [group, ...siteChannel] : siteChannel;
}
