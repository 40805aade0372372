/**
 * Shared by the representative's urgency pages (/vertegenwoordiger/[id]/urgentie/…): the
 * authorisation they act under, which must be active and hold URGENCY_APPLICATION.
 */
import { error, type RequestEvent } from "@sveltejs/kit";
import { resolve } from "$app/paths";
import { run } from "$lib/server/api";
import { ApiError } from "$lib/server/graphql";
import { graphql, typed } from "$lib/graphql";

const AUTHORISATION = typed(
  graphql(`
    query PortalRepresentativeUrgencyAuthorisation($id: ID!) {
      node(id: $id) {
        __typename
        ... on Authorisation {
          id
          seekerName
          scopes
          validUntil
          active
        }
      }
    }
  `),
);

/**
 * The authorisation `event.params.id` (global ID) of the signed-in representative.
 * @throws 404 when it ended, was revoked or is not theirs; 403 without the URGENCY_APPLICATION scope.
 */
export async function urgencyAuthorisation(
  event: Pick<RequestEvent, "locals" | "getClientAddress" | "params">,
): Promise<{ id: string; seekerName: string; validUntil: string }> {
  const id = String(event.params.id ?? "");
  const node = await run(event, AUTHORISATION, { id })
    .then((d) => d.node)
    .catch((e: unknown) => {
      if (e instanceof ApiError && e.errors.some((x) => x.extensions?.code === "NOT_AUTHORIZED")) return null;
      throw e;
    });
  if (!node || node.__typename !== "Authorisation" || !node.active)
    error(404, { message: event.locals.t("representatives.rep.ended") });
  if (!node.scopes.includes("URGENCY_APPLICATION"))
    error(403, { message: event.locals.t("rights.urgency.noScope") });
  return { id: node.id, seekerName: node.seekerName, validUntil: node.validUntil };
}

/** The representative's urgency list for authorisation `id`, with an optional notice. */
export const listPath = (id: string, notice?: string) =>
  `${resolve("/vertegenwoordiger/[id]/urgentie", { id: encodeURIComponent(id) })}${notice ? `?melding=${notice}` : ""}`;

/** Step `step` (1-based) of the representative's form for application `applicationId`. */
export const stepPath = (id: string, applicationId: string, step: number) =>
  `${resolve("/vertegenwoordiger/[id]/urgentie/[aanvraag]", {
    id: encodeURIComponent(id),
    aanvraag: encodeURIComponent(applicationId),
  })}?stap=${step}`;
