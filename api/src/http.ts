/**
 * HTTP plumbing shared by `main.ts` and `scripts/start.ts`: response compression for the API and
 * the portal's server (brotli or gzip, as the client accepts), with the `compression` middleware.
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from "node:http";
import compression from "compression";

/** Responses smaller than this (bytes) are sent as they are: compressing them costs more than it saves. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * Wraps a Node request listener so that its responses are compressed (`Content-Encoding: br` or
 * `gzip` by the request's `Accept-Encoding`, `Vary: Accept-Encoding`), for bodies of at least
 * {@link COMPRESSION_THRESHOLD_BYTES}. Already-encoded responses (precompressed static files) are
 * passed through.
 */
export function withCompression(listener: RequestListener): RequestListener {
  const compress = compression({ threshold: COMPRESSION_THRESHOLD_BYTES });
  return (req: IncomingMessage, res: ServerResponse) => {
    compress(req as never, res as never, () => {
      void listener(req, res);
    });
  };
}

/**
 * Stop a server gracefully: stop accepting connections, close idle keep-alive connections at once,
 * let in-flight requests finish, and cut whatever is still open after `graceMs` milliseconds.
 * Resolves when the server is closed.
 */
export function closeGracefully(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const grace = setTimeout(() => server.closeAllConnections(), graceMs);
  grace.unref();
  return closed.finally(() => clearTimeout(grace));
}
