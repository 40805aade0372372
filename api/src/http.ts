/**
 * HTTP plumbing shared by `main.ts` and `scripts/start.ts`: response compression for the API and
 * the portal's server (brotli or gzip, as the client accepts), with the `compression` middleware.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
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
