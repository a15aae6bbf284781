import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoSite, type DemoResource } from './sample-site.ts';

export interface DemoServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves the demo site on 127.0.0.1 (a free port), with ETag and 304 like a real site. */
export async function startDemoServer(): Promise<DemoServer> {
  let site = new Map<string, DemoResource>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const resource = site.get(path);
    if (!resource) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const etag = `"${resource.body.length.toString(16)}-${path.length}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': resource.contentType, 'content-length': resource.body.length, etag }).end(resource.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site = demoSite(origin);
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
