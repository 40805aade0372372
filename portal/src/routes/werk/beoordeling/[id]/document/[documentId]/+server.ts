import { error } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";
import { run } from "$lib/server/api";
import { ApiError } from "$lib/server/graphql";
import { requireStaffRole } from "$lib/server/staff-role";
import { graphql, typed } from "$lib/graphql";

/** One document's content; the API audits this read (actor, application, document). */
const DOCUMENT = typed(
  graphql(`
    query PortalAssessorDocument($id: ID!, $documentId: String!) {
      node(id: $id) {
        __typename
        ... on UrgencyApplication {
          document(id: $documentId) {
            fileName
            mimeType
            contentBase64
          }
        }
      }
    }
  `),
);

const INLINE_TYPES = new Set(["application/pdf", "image/png", "image/jpeg"]);

/**
 * Open an urgency document in the browser (inline), for assessors. The file name is sanitised by
 * the API; the response is never cached and may not be framed or sniffed.
 */
export const GET: RequestHandler = async (event) => {
  await requireStaffRole(event, "ASSESSOR");
  const { node } = await run(event, DOCUMENT, {
    id: event.params.id,
    documentId: event.params.documentId,
  }).catch((e: unknown) => {
    if (e instanceof ApiError && e.status < 500) return { node: null };
    throw e;
  });
  const doc = node?.__typename === "UrgencyApplication" ? node.document : null;
  if (!doc || !INLINE_TYPES.has(doc.mimeType))
    error(404, { message: event.locals.t("werk.beoordeling.notFound") });
  const body = Buffer.from(doc.contentBase64, "base64");
  return new Response(body, {
    headers: {
      "content-type": doc.mimeType,
      "content-length": String(body.byteLength),
      "content-disposition": `inline; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
      "cache-control": "private, no-store",
    },
  });
};
