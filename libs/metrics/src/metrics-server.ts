import { Server, createServer } from 'node:http';
import { MetricsService } from './metrics.service';

/**
 * The worker has no HTTP app, so it answers Prometheus on a port of its own
 * (METRICS_PORT): GET /metrics and nothing else. Resolves once listening;
 * rejects with a plain sentence when the port is taken.
 */
export function serveMetrics(metrics: MetricsService, port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://x').pathname !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at /metrics\n');
      return;
    }
    metrics.scrape().then(
      (body) => res.writeHead(200, { 'content-type': metrics.contentType }).end(body),
      (e: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${e.message}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === 'EADDRINUSE' ? `METRICS_PORT ${port} is already in use: give each worker on this machine its own port (or 0 for none)` : e.message)),
    );
    server.listen(port, host, () => resolve(server));
  });
}
