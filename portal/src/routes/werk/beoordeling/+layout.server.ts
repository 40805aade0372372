import type { LayoutServerLoad } from "./$types";
import { requireStaffRole } from "$lib/server/staff-role";

/** The assessor section (beoordelaar urgentie): signed out → /inloggen, no ASSESSOR role → 403. */
export const load: LayoutServerLoad = async (event) => {
  const staff = await requireStaffRole(event, "ASSESSOR");
  return { staff: { displayName: staff.displayName } };
};
