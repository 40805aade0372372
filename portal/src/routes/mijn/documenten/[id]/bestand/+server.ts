/**
 * Open one document of the seeker's store: the decrypted file with its type, shown in the
 * browser. The API audits the read. Never cached, never sniffed as another type; 404 for an
 * unknown document or someone else's.
 */
import { error } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";
import { run } from "$lib/server/api";
import { ApiError } from "$lib/server/graphql";
import { requireViewer } from "$lib/server/guard";
import { graphql, typed } from "$lib/graphql";

const SEEKER_DOCUMENT_CONTENT = typed(
  graphql(`
    query PortalSeekerDocumentContent($id: ID!) {
      node(id: $id) {
        __typename
        ... on SeekerDocument {
          fileName
          mimeType
          contentBase64
        }
      }
    }
  `),
);

export const GET: RequestHandler = async (event) => {
  requireViewer(event);
  const data = await run(event, SEEKER_DOCUMENT_CONTENT, { id: event.params.id }).catch((e: unknown) => {
    if (e instanceof ApiError && e.status < 500) return { node: null };
    throw e;
  });
  const doc = data.node?.__typename === "SeekerDocument" ? data.node : null;
  if (!doc) error(404, { message: event.locals.t("documents.notFound") });
  const body = Buffer.from(doc.contentBase64, "base64");
  return new Response(body, {
    headers: {
      "content-type": doc.mimeType,
      "content-length": String(body.byteLength),
      "content-disposition": `inline; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
};
