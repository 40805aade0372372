import type { LayoutServerLoad } from "./$types";
import { requireStaffRole } from "$lib/server/staff";

/** Landlord staff only (verhuurders): signed out → /inloggen, without the role → 403. */
export const load: LayoutServerLoad = (event) => {
  const roles = requireStaffRole(event, "LANDLORD_STAFF");
  return { landlords: roles.map((r) => r.organisation.name) };
};
