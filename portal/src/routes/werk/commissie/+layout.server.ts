import type { LayoutServerLoad } from "./$types";
import { requireStaffRole } from "$lib/server/staff-role";

/** The woongroep committee section: signed out → /inloggen, no COMMITTEE_MEMBER role → 403. */
export const load: LayoutServerLoad = async (event) => {
  const staff = await requireStaffRole(event, "COMMITTEE_MEMBER");
  return { staff: { displayName: staff.displayName } };
};
