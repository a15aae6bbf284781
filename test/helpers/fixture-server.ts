// A real loopback HTTP server for tests: 127.0.0.1, port 0, a table of route handlers, an
// optional folder served with ETag / Last-Modified / 304, and a record of every request and of
// how many were in flight at once. Start it with useFixtureServer(t) and it closes itself in
// t.after. startProxyServer gives a tiny forward proxy (absolute-form http and CONNECT).
//
//   const server = await useFixtureServer(t, {
//     routes: { '/feed.xml': sendText('<rss/>', { headers: { 'content-type': 'application/rss+xml' } }) },
//     root: 'src/pipeline/feed/testdata',   // unmatched paths are served from here
//   });
//   await fetchSomething(server.url('/feed.xml'));
//   assert.equal(server.requests.length, 1);
import http from 'node:http';
import net from 'node:net';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

/** A route handler; may be async. Throwing answers 500 (or drops the connection if headers went out). */
export type FixtureHandler = (req: http.IncomingMessage, res: http.ServerResponse, ctx: FixtureContext) => void | Promise<void>;

export interface FixtureContext {
  server: FixtureServer;
  /** The request URL, parsed against the server's origin. */
  url: URL;
}

export interface FixtureServerOptions {
  /** Exact pathnames, or prefixes ending in '*' ('/files/*'); exact routes win. */
  routes?: Record<string, FixtureHandler>;
  /** A folder served for paths no route matches (404 when absent). */
  root?: string;
  /** Listen address; 127.0.0.1 unless a test needs another loopback address. */
  host?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path and query as received (absolute-form when the server is used as a proxy target). */
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface FixtureServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  host: string;
  port: number;
  /** origin + path */
  url(path: string): string;
  /** Adds or replaces a route. */
  route(path: string, handler: FixtureHandler): void;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Requests being answered now, and the most there ever were at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** TCP connections accepted. */
  readonly connections: number;
  readonly http: http.Server;
  close(): Promise<void>;
}

/** Something with node:test's `after`, so helpers can clean up after themselves. */
export interface AfterHook {
  after(fn: () => unknown): void;
}

const CONTENT_TYPES: Record<string, string> = {
  '.xml': 'application/xml',
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
  '.rdf': 'application/rdf+xml',
  '.json': 'application/json',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.txt': 'text/plain',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

/** Starts a fixture server on a free loopback port. Close it yourself, or use useFixtureServer. */
export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const exact = new Map<string, FixtureHandler>();
  const prefixes = new Map<string, FixtureHandler>();
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let connections = 0;
  const root = options.root ? resolve(options.root) : null;

  const addRoute = (path: string, handler: FixtureHandler) => {
    if (path.endsWith('*')) prefixes.set(path.slice(0, -1), handler);
    else exact.set(path, handler);
  };
  for (const [path, handler] of Object.entries(options.routes ?? {})) addRoute(path, handler);

  const find = (pathname: string): FixtureHandler | null => {
    const hit = exact.get(pathname);
    if (hit) return hit;
    let best: [string, FixtureHandler] | null = null;
    for (const entry of prefixes) if (pathname.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
    if (best) return best[1];
    return root ? serveFromFolder(root) : null;
  };

  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (!done) (done = true), inFlight--;
    };
    res.on('close', finish);
    res.on('finish', finish);
    const url = new URL(req.url ?? '/', fixture.origin);
    const handler = find(url.pathname) ?? sendText('not found', { status: 404 });
    Promise.resolve()
      .then(() => handler(req, res, { server: fixture, url }))
      .catch((err: unknown) => {
        if (!res.headersSent) sendText(`fixture handler failed: ${String(err)}`, { status: 500 })(req, res, { server: fixture, url });
        else res.destroy();
      });
  });
  server.on('connection', () => connections++);

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, host, () => done());
  });
  const port = (server.address() as net.AddressInfo).port;
  const origin = `http://${net.isIPv6(host) ? `[${host}]` : host}:${port}`;

  const fixture: FixtureServer = {
    origin,
    host,
    port,
    url: (path) => origin + path,
    route: addRoute,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get connections() {
      return connections;
    },
    http: server,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  return fixture;
}

/** Starts a fixture server that closes in t.after. */
export async function useFixtureServer(t: AfterHook, options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const server = await startFixtureServer(options);
  t.after(() => server.close());
  return server;
}

// ---- handlers -------------------------------------------------------------------------------

/** Answers with a fixed body, status and headers (Content-Length set unless a header says otherwise). */
export function sendText(body: string | Uint8Array, init: { status?: number; headers?: Record<string, string> } = {}): FixtureHandler {
  return (_req, res) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', ...init.headers };
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'transfer-encoding')) headers['content-length'] = String(bytes.length);
    res.writeHead(init.status ?? 200, headers);
    res.end(bytes);
  };
}

/** Answers with a redirect to `location` (relative to the request URL allowed). */
export function redirectTo(location: string, status = 302): FixtureHandler {
  return (_req, res) => {
    res.writeHead(status, { location, 'content-length': '0' });
    res.end();
  };
}

/** Serves one file with conditional GET (strong ETag from size and mtime, Last-Modified, 304). */
export function serveFile(path: string, options: { contentType?: string; headers?: Record<string, string> } = {}): FixtureHandler {
  return async (req, res) => {
    const info = await stat(path).catch(() => null);
    if (!info || !info.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const lastModified = new Date(Math.floor(info.mtimeMs / 1000) * 1000).toUTCString();
    const headers: Record<string, string> = {
      'content-type': options.contentType ?? CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      etag,
      'last-modified': lastModified,
      ...options.headers,
    };
    // RFC 9110 §13.2.2: If-None-Match is evaluated first; If-Modified-Since only without it.
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    const notModified =
      inm !== undefined
        ? inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')
        : ims !== undefined && Date.parse(ims) >= Date.parse(lastModified);
    if (notModified) {
      res.writeHead(304, { etag, 'last-modified': lastModified });
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(info.size) });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(path).pipe(res);
  };
}

/** Serves files under `root` by request path (no listing, no escape above root). */
export function serveFromFolder(root: string): FixtureHandler {
  const base = resolve(root);
  return (req, res, ctx) => {
    const target = resolve(base, `.${decodeURIComponent(ctx.url.pathname)}`);
    if (target !== base && !target.startsWith(base + sep)) return sendText('forbidden', { status: 403 })(req, res, ctx);
    return serveFile(target)(req, res, ctx);
  };
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

// ---- proxy ----------------------------------------------------------------------------------

export interface ProxyServer {
  /** http://127.0.0.1:PORT, for the proxy option. */
  url: string;
  /** Absolute-form requests forwarded ('GET http://…') and CONNECT targets ('CONNECT host:port'). */
  readonly seen: string[];
  close(): Promise<void>;
}

export interface ProxyServerOptions {
  /** Host names the proxy resolves itself (name → IP), so tests can use names that have no DNS. */
  hosts?: Record<string, string>;
}

/** A tiny forward proxy on loopback: forwards absolute-form http requests (adding Via) and tunnels CONNECT. */
export async function startProxyServer(t?: AfterHook, options: ProxyServerOptions = {}): Promise<ProxyServer> {
  const hosts = options.hosts ?? {};
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form URL expected');
      return;
    }
    const upstream = http.request(
      { protocol: target.protocol, hostname: hosts[target.hostname] ?? target.hostname, port: target.port || 80, path: target.pathname + target.search, method: req.method, headers: { ...req.headers, via: '1.1 fixture-proxy' } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end('upstream failed')));
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), hosts[host ?? ''] ?? host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => (s === client ? upstream : client).destroy());
    }
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const proxy: ProxyServer = {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
  t?.after(() => proxy.close());
  return proxy;
}
