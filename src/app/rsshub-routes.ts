import { TidingsError } from '../errors.ts';
import { createFetcher } from '../pipeline/fetch/index.ts';
import { listRoutes, type RouteListing, type RsshubNamespaceData } from '../pipeline/rsshub/index.ts';
import { fetchJson, fetchOptionsFrom } from './fetch-sources.ts';
import type { Workspace } from './workspace.ts';

/** The older RSSHub API: { data: { <namespace>: { routes: ["/ns/:param", …] } } }, route patterns without names. */
interface LegacyRoutes {
  data?: Record<string, { routes?: string[] }>;
}

/**
 * `tidings rsshub routes`: what the configured instance offers, from /api/namespace
 * (names and categories), else the older /api/routes (patterns only).
 */
export async function listRsshubRoutes(
  workspace: Workspace,
  options: { category?: string | null; search?: string | null; env?: Record<string, string | undefined> } = {},
): Promise<RouteListing[]> {
  const instance = workspace.config.rsshub.instance.replace(/\/+$/, '');
  const fetcher = createFetcher(fetchOptionsFrom(workspace.config, workspace.now, options.env ?? process.env));
  const labels = workspace.config.rsshub.categoryLabels;
  const namespaces = await fetchJson<Record<string, RsshubNamespaceData>>(fetcher, `${instance}/api/namespace`);
  if (namespaces && typeof namespaces === 'object' && !Array.isArray(namespaces)) {
    return listRoutes(namespaces, { category: options.category, search: options.search, labels });
  }
  const legacy = await fetchJson<LegacyRoutes>(fetcher, `${instance}/api/routes`);
  if (legacy?.data && typeof legacy.data === 'object') {
    const converted: Record<string, RsshubNamespaceData> = {};
    for (const [namespace, entry] of Object.entries(legacy.data)) {
      converted[namespace] = {
        routes: Object.fromEntries((entry.routes ?? []).map((route) => [route.replace(new RegExp(`^/${namespace}`), '') || '/', {}])),
      };
    }
    return listRoutes(converted, { category: options.category, search: options.search, labels });
  }
  throw new TidingsError('rsshub.metadata', `rsshub: ${instance} answered neither /api/namespace nor /api/routes`, {
    hint: 'check rsshub.instance in tidings.yaml (TIDINGS_RSSHUB_INSTANCE)',
  });
}
