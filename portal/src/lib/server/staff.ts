/**
 * Staff accounts in the portal (medewerkers: verhuurders, urgentiecommissie, woongroepcommissie,
 * beheerders): who is signed in with which roles, where each role's workspace lives under
 * `/werk`, and the guards the workspace sections use.
 */
import { resolve } from "$app/paths";
import { error, redirect, type RequestEvent } from "@sveltejs/kit";
import { graphql, typed } from "$lib/graphql";

/**
 * The signed-in account and, for a seeker, the seeker; staff roles come with their organisation
 * (and woongroep for committee members). Run once per request by `hooks.server.ts`.
 */
export const SIGNED_IN = typed(
  graphql(`
    query PortalSignedIn {
      account {
        email
        displayName
        kind
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
      viewer {
        id
        firstName
      }
    }
  `),
);

/** A staff role of the API (`StaffRole`). */
export type StaffRole =
  "ADMINISTRATOR" | "ASSESSOR" | "COMMITTEE_MEMBER" | "LANDLORD_STAFF" | "REPRESENTATIVE";

/** One role of a staff member within an organisation (and woongroep for committee members). */
export interface StaffRoleAssignment {
  role: StaffRole;
  organisation: { id: string; name: string };
  woongroep: { id: string; name: string } | null;
}

/** A signed-in staff member (an account of kind STAFF, never a seeker). */
export interface Staff {
  email: string;
  displayName: string;
  roles: StaffRoleAssignment[];
}

/** The workspace section of each role, in the order the role chooser and navigation list them. */
export const SECTIONS = [
  { role: "LANDLORD_STAFF", path: "/werk/verhuur", key: "landlord" },
  { role: "ASSESSOR", path: "/werk/beoordeling", key: "assessor" },
  { role: "COMMITTEE_MEMBER", path: "/werk/commissie", key: "committee" },
  { role: "ADMINISTRATOR", path: "/werk/beheer", key: "administrator" },
] as const;

export type Section = (typeof SECTIONS)[number];

/** The sections this staff member may enter (one per distinct role), in {@link SECTIONS} order. */
export function sectionsOf(staff: Pick<Staff, "roles">): Section[] {
  const roles = new Set(staff.roles.map((r) => r.role));
  return SECTIONS.filter((s) => roles.has(s.role));
}

/**
 * Where a staff member starts after signing in: the section of their only role, or the role
 * chooser `/werk` when they have several (or none yet).
 */
export function staffHome(staff: Pick<Staff, "roles">): string {
  const sections = sectionsOf(staff);
  // a care worker with only the REPRESENTATIVE role (gemachtigde) starts at the people they act for
  if (sections.length === 0 && staff.roles.some((r) => r.role === "REPRESENTATIVE"))
    return resolve("/vertegenwoordiger");
  // The cast: each section has its own route; resolve() types one route per call.
  return sections.length === 1 ? resolve(sections[0]!.path as "/werk/verhuur") : resolve("/werk");
}

/**
 * The signed-in staff member, or a redirect to /inloggen that comes back here afterwards; a
 * signed-in seeker gets a 403 page (sending them to /inloggen would bounce straight back).
 */
export function requireStaff(event: Pick<RequestEvent, "locals" | "url">): Staff {
  const staff = event.locals.staff;
  if (!staff && event.locals.viewer) error(403, { message: event.locals.t("werk.shell.forbidden") });
  if (!staff)
    redirect(303, resolve(`/inloggen?terug=${encodeURIComponent(event.url.pathname + event.url.search)}`));
  return staff;
}

/**
 * The signed-in staff member's assignments of `role`; signed out → /inloggen, without the role
 * → a 403 page ("no access to this part of the workspace").
 */
export function requireStaffRole(
  event: Pick<RequestEvent, "locals" | "url">,
  role: StaffRole,
): StaffRoleAssignment[] {
  const staff = requireStaff(event);
  const assignments = staff.roles.filter((r) => r.role === role);
  if (!assignments.length) error(403, { message: event.locals.t("werk.shell.forbidden") });
  return assignments;
}
