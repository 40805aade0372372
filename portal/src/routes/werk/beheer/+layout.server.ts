import type { LayoutServerLoad } from "./$types";
import { requireStaffRole } from "$lib/server/staff-role";

/** The administrator section (beheerder): signed out → /inloggen, no ADMINISTRATOR role → 403. */
export const load: LayoutServerLoad = async (event) => {
  const staff = await requireStaffRole(event, "ADMINISTRATOR");
  return { staff: { displayName: staff.displayName } };
};
