import type { LayoutServerLoad } from "./$types";
import { MESSAGES } from "$lib/server/i18n";

export const load: LayoutServerLoad = ({ locals }) => {
  return {
    locale: locals.locale,
    // Only the current locale's messages reach the browser (as data, not as JavaScript).
    messages: MESSAGES[locals.locale],
    viewer: locals.viewer ? { displayName: locals.viewer.displayName } : null,
    staff: locals.staff ? { displayName: locals.staff.displayName } : null,
  };
};
