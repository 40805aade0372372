import { resolve } from "$app/paths";
import { redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import { deleteSessionCookie } from "$lib/server/session";

const SESSION_DELETE = typed(
  graphql(`
    mutation PortalSessionDelete {
      sessionDelete {
        __typename
        ... on Error {
          message
          code
        }
        ... on SessionDeleteSuccess {
          signedOut
        }
      }
    }
  `),
);

export const load: PageServerLoad = ({ locals }) => {
  if (!locals.viewer && !locals.staff) redirect(303, resolve("/"));
  return {};
};

export const actions: Actions = {
  default: async (event) => {
    if (event.locals.sessionToken) {
      try {
        await run(event, SESSION_DELETE, {});
      } catch {
        // The cookie goes regardless: signing out must always work for the browser.
      }
    }
    deleteSessionCookie(event.cookies, event.url);
    event.locals.viewer = null;
    event.locals.staff = null;
    event.locals.sessionToken = null;
    redirect(303, resolve("/?uitgelogd=1"));
  },
};
