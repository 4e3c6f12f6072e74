/**
 * The resource a Graph token is asked for. Each national cloud's Graph is its own resource
 * (https://learn.microsoft.com/graph/deployments), so a Microsoft Graph host is its own resource;
 * any other host (the local emulator, a test proxy) stands in for the global Graph and is asked
 * for as https://graph.microsoft.com, which is what tokens for it must say in `aud`.
 */
const MICROSOFT_GRAPH_HOSTS = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'graph.microsoft.de',
  'microsoftgraph.chinacloudapi.cn',
  'canary.graph.microsoft.com',
]);

export function graphResourceOf(graphBaseUrl: string): string {
  const url = new URL(graphBaseUrl);
  return MICROSOFT_GRAPH_HOSTS.has(url.hostname.toLowerCase()) ? url.origin : 'https://graph.microsoft.com';
}

/** `<resource>/.default`: every permission the tenant (or user) has granted the app. */
export function graphDefaultScope(graphBaseUrl: string): string {
  return `${graphResourceOf(graphBaseUrl)}/.default`;
}
