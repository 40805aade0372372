/**
 * Retention of the seeker's document store (mijn documenten; GDPR art. 5(1)(e), storage
 * limitation), run by the scheduled jobs (jobs.ts): a stored document is deleted
 * {@link SEEKER_DOCUMENT_RETENTION_MONTHS} months after its last day of validity (`validUntil`),
 * unless it was attached to an application or claim that is still open (an urgency application
 * DRAFT, SUBMITTED or IN_REVIEW; a care indication or vital-profession claim REQUESTED): while one
 * is open the seeker may need it again (e.g. to answer an information request), so it is kept
 * until a run after that one ended. Documents without `validUntil` stay until the seeker removes
 * them or deletes the account. Copies attached to applications are not touched here: they follow
 * the application's own retention (jobs.ts job 4). Every deletion is audited as the system.
 */
import type { Db } from "@woonbeurt/db";
import { addMonths, amsterdamDate, toUtcMidnight } from "./allocation/index.ts";
import { auditAs, SYSTEM_ACTOR } from "./lifecycle.ts";

/** Months a stored document is kept after its `validUntil`. */
export const SEEKER_DOCUMENT_RETENTION_MONTHS = 12;
/** Documents handled per run (the next run continues). */
const BATCH = 200;

/**
 * Delete stored documents whose validity ended more than `months` months before `now` and that no
 * open application or claim used. Safe when two processes run it: only the process whose delete
 * matched the row writes the audit entry.
 * @returns how many documents were deleted
 */
export async function deleteExpiredSeekerDocuments(
  db: Db,
  now: Date,
  months: number = SEEKER_DOCUMENT_RETENTION_MONTHS,
): Promise<number> {
  const cutoff = toUtcMidnight(addMonths(amsterdamDate(now), -months));
  const due = await db.seekerDocument.findMany({
    where: { validUntil: { lt: cutoff } },
    select: {
      id: true,
      kind: true,
      validUntil: true,
      sha256: true,
      sizeBytes: true,
      attachments: { select: { targetType: true, targetId: true } },
    },
    orderBy: { validUntil: "asc" },
    take: BATCH,
  });
  let deleted = 0;
  for (const d of due) {
    if (await usedByOpenApplication(db, d.attachments)) continue;
    deleted += await db.$transaction(async (tx) => {
      const n = await tx.seekerDocument.deleteMany({ where: { id: d.id, validUntil: { lt: cutoff } } });
      if (n.count !== 1) return 0;
      await auditAs(tx, SYSTEM_ACTOR, "DELETE", "SeekerDocument", d.id, {
        reason: "retention",
        retentionMonths: months,
        kind: d.kind,
        validUntil: d.validUntil?.toISOString().slice(0, 10) ?? null,
        sha256: d.sha256,
        sizeBytes: d.sizeBytes,
      });
      return 1;
    });
  }
  return deleted;
}

/** Whether any of the targets a document was attached to is still open. */
async function usedByOpenApplication(
  db: Db,
  attachments: readonly { targetType: string; targetId: string }[],
): Promise<boolean> {
  const ids = (type: string) => attachments.filter((a) => a.targetType === type).map((a) => a.targetId);
  const urgency = ids("UrgencyApplication");
  const care = ids("CareIndication");
  const vital = ids("VitalProfessionClaim");
  const [u, c, v] = await Promise.all([
    urgency.length
      ? db.urgencyApplication.count({
          where: { id: { in: urgency }, status: { in: ["DRAFT", "SUBMITTED", "IN_REVIEW"] } },
        })
      : 0,
    care.length ? db.careIndication.count({ where: { id: { in: care }, status: "REQUESTED" } }) : 0,
    vital.length ? db.vitalProfessionClaim.count({ where: { id: { in: vital }, status: "REQUESTED" } }) : 0,
  ]);
  return u + c + v > 0;
}
