/** Staff screens of objections and complaints (/werk/bezwaren): the guard and form parsing. */
import { error, type RequestEvent } from "@sveltejs/kit";
import { requireStaff, type Staff } from "./staff";

/** Staff who handle objections (assessors) or complaints (landlord staff); others get a 403 page. */
export function requireObjectionStaff(event: Pick<RequestEvent, "locals" | "url">): Staff {
  const staff = requireStaff(event);
  if (!staff.roles.some((r) => r.role === "ASSESSOR" || r.role === "LANDLORD_STAFF"))
    error(403, { message: event.locals.t("werk.shell.forbidden") });
  return staff;
}

/** Offset of Europe/Amsterdam from UTC at `instant`, in milliseconds. */
function amsterdamOffsetMs(instant: number): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Amsterdam",
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second")) - instant;
}

/**
 * A `datetime-local` value ("2027-01-20T14:00", Dutch wall-clock time) as an instant, or null
 * when malformed.
 */
export function parseAmsterdamDateTime(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  if (Number.isNaN(wall)) return null;
  let instant = wall - amsterdamOffsetMs(wall);
  instant = wall - amsterdamOffsetMs(instant);
  return new Date(instant);
}
