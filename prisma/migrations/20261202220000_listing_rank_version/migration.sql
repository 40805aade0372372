-- AlterTable
ALTER TABLE "Listing" ADD COLUMN     "rankVersion" INTEGER NOT NULL DEFAULT 0;

-- "rankVersion" is the generation of a listing's candidate data: the API keeps the rank keys of an
-- open listing's candidates keyed by it (api/src/schema/rank-keys.ts), so it must rise in the same
-- transaction as every write that can move a candidate. Statement-level triggers with transition
-- tables (one pass per statement, however many rows), listings are raised one by one in id order,
-- so two statements raising several listings cannot deadlock on each other. Function bodies are
-- escape strings with every semicolon written as \073 (Prisma's migration runner splits at each
-- semicolon, even inside quotes).

-- A response inserted, updated (withdrawn, reviewed, offered, let) or deleted: its listing.
CREATE FUNCTION "Listing_rankVersion_responses"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  d record\073
BEGIN
  IF TG_OP = ''INSERT'' THEN
    FOR d IN SELECT DISTINCT "listingId" AS id FROM new_rows ORDER BY 1 LOOP
      UPDATE "Listing" SET "rankVersion" = "rankVersion" + 1 WHERE "id" = d.id\073
    END LOOP\073
  ELSIF TG_OP = ''DELETE'' THEN
    FOR d IN SELECT DISTINCT "listingId" AS id FROM old_rows ORDER BY 1 LOOP
      UPDATE "Listing" SET "rankVersion" = "rankVersion" + 1 WHERE "id" = d.id\073
    END LOOP\073
  ELSE
    FOR d IN SELECT x.id FROM (SELECT "listingId" AS id FROM new_rows UNION SELECT "listingId" FROM old_rows) x
              ORDER BY 1 LOOP
      UPDATE "Listing" SET "rankVersion" = "rankVersion" + 1 WHERE "id" = d.id\073
    END LOOP\073
  END IF\073
  RETURN NULL\073
END ';

CREATE TRIGGER "Response_rankVersion_insert" AFTER INSERT ON "Response"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Listing_rankVersion_responses"();
CREATE TRIGGER "Response_rankVersion_update" AFTER UPDATE ON "Response"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Listing_rankVersion_responses"();
CREATE TRIGGER "Response_rankVersion_delete" AFTER DELETE ON "Response"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "Listing_rankVersion_responses"();

-- The open listings a set of seekers responded to (not withdrawn), raised in id order.
CREATE FUNCTION "Listing_rankVersion_for_seekers"(seeker_ids uuid[]) RETURNS void LANGUAGE plpgsql AS E'
DECLARE
  d record\073
BEGIN
  IF seeker_ids IS NULL OR cardinality(seeker_ids) = 0 THEN
    RETURN\073
  END IF\073
  FOR d IN SELECT DISTINCT r."listingId" AS id
             FROM "Response" r JOIN "Listing" l ON l."id" = r."listingId"
            WHERE r."seekerId" = ANY (seeker_ids) AND r."status" <> ''WITHDRAWN'' AND l."status" = ''PUBLISHED''
            ORDER BY 1 LOOP
    UPDATE "Listing" SET "rankVersion" = "rankVersion" + 1 WHERE "id" = d.id\073
  END LOOP\073
END ';

-- A seeker row changed in anything but its update time (every column of it may feed the ranking).
CREATE FUNCTION "Listing_rankVersion_seekers"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM "Listing_rankVersion_for_seekers"(ARRAY(
    SELECT n."id" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
     WHERE (to_jsonb(n) - ''updatedAt'') IS DISTINCT FROM (to_jsonb(o) - ''updatedAt'')))\073
  RETURN NULL\073
END ';

CREATE TRIGGER "Seeker_rankVersion_update" AFTER UPDATE ON "Seeker"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Listing_rankVersion_seekers"();

-- An urgency declaration that is or was granted or expired (drafts and applications under review
-- do not rank): its seeker's open listings.
CREATE FUNCTION "Listing_rankVersion_urgency"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''INSERT'' THEN
    PERFORM "Listing_rankVersion_for_seekers"(ARRAY(
      SELECT DISTINCT "seekerId" FROM new_rows WHERE "status" IN (''GRANTED'', ''EXPIRED'')))\073
  ELSIF TG_OP = ''DELETE'' THEN
    PERFORM "Listing_rankVersion_for_seekers"(ARRAY(
      SELECT DISTINCT "seekerId" FROM old_rows WHERE "status" IN (''GRANTED'', ''EXPIRED'')))\073
  ELSE
    PERFORM "Listing_rankVersion_for_seekers"(ARRAY(
      SELECT DISTINCT n."seekerId" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
       WHERE (n."status" IN (''GRANTED'', ''EXPIRED'') OR o."status" IN (''GRANTED'', ''EXPIRED''))
         AND (to_jsonb(n) - ''updatedAt'') IS DISTINCT FROM (to_jsonb(o) - ''updatedAt'')))\073
  END IF\073
  RETURN NULL\073
END ';

CREATE TRIGGER "UrgencyApplication_rankVersion_insert" AFTER INSERT ON "UrgencyApplication"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Listing_rankVersion_urgency"();
CREATE TRIGGER "UrgencyApplication_rankVersion_update" AFTER UPDATE ON "UrgencyApplication"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Listing_rankVersion_urgency"();
CREATE TRIGGER "UrgencyApplication_rankVersion_delete" AFTER DELETE ON "UrgencyApplication"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "Listing_rankVersion_urgency"();

-- A granted search profile (the urgency's reach) written or removed: the applicant's open listings.
CREATE FUNCTION "Listing_rankVersion_profiles"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP IN (''INSERT'', ''UPDATE'') THEN
    PERFORM "Listing_rankVersion_for_seekers"(ARRAY(
      SELECT DISTINCT a."seekerId" FROM new_rows n JOIN "UrgencyApplication" a ON a."id" = n."applicationId"
       WHERE n."kind" = ''GRANTED''))\073
  END IF\073
  IF TG_OP IN (''DELETE'', ''UPDATE'') THEN
    PERFORM "Listing_rankVersion_for_seekers"(ARRAY(
      SELECT DISTINCT a."seekerId" FROM old_rows o JOIN "UrgencyApplication" a ON a."id" = o."applicationId"
       WHERE o."kind" = ''GRANTED''))\073
  END IF\073
  RETURN NULL\073
END ';

CREATE TRIGGER "SearchProfile_rankVersion_insert" AFTER INSERT ON "SearchProfile"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Listing_rankVersion_profiles"();
CREATE TRIGGER "SearchProfile_rankVersion_update" AFTER UPDATE ON "SearchProfile"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Listing_rankVersion_profiles"();
CREATE TRIGGER "SearchProfile_rankVersion_delete" AFTER DELETE ON "SearchProfile"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "Listing_rankVersion_profiles"();
