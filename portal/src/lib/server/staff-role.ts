/**
 * Guards of the staff workspace sections (/werk/beoordeling, /werk/commissie, /werk/beheer): the
 * signed-in account's staff roles come from the API (`account.roles`); signed out goes to
 * /inloggen (and back), a missing role is a 403 page.
 */
import { resolve } from "$app/paths";
import { error, redirect, type RequestEvent } from "@sveltejs/kit";
import { graphql, typed } from "$lib/graphql";
import { run } from "./api";
import { ApiError } from "./graphql";

const STAFF_ROLES = typed(
  graphql(`
    query PortalStaffRoles {
      account {
        kind
        displayName
        roles {
          role
          organisation {
            id
            name
          }
          woongroep {
            id
            name
          }
        }
      }
    }
  `),
);

export type StaffRole = "LANDLORD_STAFF" | "ASSESSOR" | "COMMITTEE_MEMBER" | "ADMINISTRATOR";

/** The account's staff roles, or a redirect to sign-in / a 403 page when `role` is not among them. */
export async function requireStaffRole(
  event: Pick<RequestEvent, "locals" | "url" | "getClientAddress">,
  role: StaffRole,
) {
  const signIn = () =>
    redirect(303, resolve(`/inloggen?terug=${encodeURIComponent(event.url.pathname + event.url.search)}`));
  if (!event.locals.sessionToken) signIn();
  const { account } = await run(event, STAFF_ROLES, {}).catch((e: unknown) => {
    if (e instanceof ApiError && e.unauthenticated) return { account: null };
    throw e;
  });
  if (!account) signIn();
  const roles = account!.roles.filter((r) => r.role === role);
  if (roles.length === 0) error(403, { message: event.locals.t("werk.beoordeling.forbidden") });
  return { displayName: account!.displayName, roles };
}
