export {
  isRsshubUrl,
  rsshubRoute,
  resolveRsshubUrl,
  namespaceCandidates,
  matchRoutePattern,
  describeRoute,
  listRoutes,
  categoriesFromFeedTitle,
  type RsshubNamespaceData,
  type RsshubRouteData,
  type RouteDescription,
  type RouteListing,
} from './rsshub.ts';
