/**
 * Open one urgency document (the applicant's own): the decrypted file with its type, shown in
 * the browser. Never cached, never sniffed as another type; 404 for an unknown document.
 */
import { error } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";
import { run } from "$lib/server/api";
import { ApiError } from "$lib/server/graphql";
import { requireViewer } from "$lib/server/guard";
import { graphql, typed } from "$lib/graphql";

const URGENCY_DOCUMENT = typed(
  graphql(`
    query PortalUrgencyDocument($id: ID!, $document: ID!) {
      node(id: $id) {
        __typename
        ... on UrgencyApplication {
          document(id: $document) {
            fileName
            mimeType
            contentBase64
          }
        }
      }
    }
  `),
);

export const GET: RequestHandler = async (event) => {
  requireViewer(event);
  const data = await run(event, URGENCY_DOCUMENT, {
    id: event.params.id,
    document: event.params.document,
  }).catch((e: unknown) => {
    // Another seeker's application or a malformed id: not found, not a server error.
    if (e instanceof ApiError && e.status < 500) return { node: null };
    throw e;
  });
  const doc = data.node?.__typename === "UrgencyApplication" ? data.node.document : null;
  if (!doc) error(404, { message: event.locals.t("urgency.documents.notFound") });
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
