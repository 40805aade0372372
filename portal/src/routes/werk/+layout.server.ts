import type { LayoutServerLoad } from "./$types";
import { requireStaff, sectionsOf } from "$lib/server/staff";

/**
 * The staff workspace shell (werkplek): every page under /werk needs a signed-in staff member
 * (else /inloggen and back); the navigation lists the sections of the account's roles, each with
 * the organisations (and woongroepen) the role is held in.
 */
export const load: LayoutServerLoad = (event) => {
  const staff = requireStaff(event);
  return {
    staffName: staff.displayName,
    /** Whether the account acts for seekers as a care organisation's representative (gemachtigde). */
    representative: staff.roles.some((r) => r.role === "REPRESENTATIVE"),
    sections: sectionsOf(staff).map((s) => ({
      key: s.key,
      path: s.path,
      places: staff.roles
        .filter((r) => r.role === s.role)
        .map((r) => (r.woongroep ? `${r.woongroep.name} (${r.organisation.name})` : r.organisation.name)),
    })),
  };
};
