import type { LayoutServerLoad } from "./$types";
import { routeMessages } from "$lib/server/route-messages";

export const load: LayoutServerLoad = ({ locals, route }) => {
  return {
    locale: locals.locale,
    // Only the current locale's messages of the namespaces this route can show reach the browser
    // (as data, not as JavaScript). Reading `route.id` makes SvelteKit load this again when a
    // client-side navigation changes the route, so the next page gets its own namespaces.
    messages: routeMessages(locals.locale, route.id),
    viewer: locals.viewer ? { displayName: locals.viewer.displayName } : null,
    staff: locals.staff ? { displayName: locals.staff.displayName } : null,
  };
};
