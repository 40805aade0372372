-- AlterTable
ALTER TABLE "Listing" ADD COLUMN     "responseCount" INTEGER NOT NULL DEFAULT 0;


-- Fill the counter from the responses already stored: every response that is not withdrawn.
UPDATE "Listing" l
   SET "responseCount" = c.n
  FROM (SELECT "listingId", count(*)::int AS n FROM "Response" WHERE "status" <> 'WITHDRAWN' GROUP BY "listingId") c
 WHERE c."listingId" = l."id";

-- Keep it exact: after every INSERT, UPDATE or DELETE statement on "Response" (the API's respond,
-- withdraw, offer and letting paths, the lifecycle jobs, cascades from deleted seekers, the seed's
-- bulk writes), in the same transaction, add the change in non-withdrawn responses per listing.
-- Statement-level with transition tables: one aggregate per statement, however many rows. The
-- listings are updated in id order, so two statements touching several listings cannot deadlock.
-- The function body is an escape string with every semicolon written as \073: Prisma's migration
-- runner splits a script at each semicolon, even inside quotes.
CREATE FUNCTION "Listing_responseCount_maintain"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  d record\073
BEGIN
  IF TG_OP = ''INSERT'' THEN
    FOR d IN SELECT "listingId" AS id, count(*)::int AS n FROM new_rows
              WHERE "status" <> ''WITHDRAWN'' GROUP BY 1 ORDER BY 1 LOOP
      UPDATE "Listing" SET "responseCount" = "responseCount" + d.n WHERE "id" = d.id\073
    END LOOP\073
  ELSIF TG_OP = ''DELETE'' THEN
    FOR d IN SELECT "listingId" AS id, count(*)::int AS n FROM old_rows
              WHERE "status" <> ''WITHDRAWN'' GROUP BY 1 ORDER BY 1 LOOP
      UPDATE "Listing" SET "responseCount" = "responseCount" - d.n WHERE "id" = d.id\073
    END LOOP\073
  ELSE
    FOR d IN SELECT x.id, sum(x.n)::int AS n FROM (
                SELECT "listingId" AS id, 1 AS n FROM new_rows WHERE "status" <> ''WITHDRAWN''
                UNION ALL
                SELECT "listingId", -1 FROM old_rows WHERE "status" <> ''WITHDRAWN'') x
              GROUP BY 1 HAVING sum(x.n) <> 0 ORDER BY 1 LOOP
      UPDATE "Listing" SET "responseCount" = "responseCount" + d.n WHERE "id" = d.id\073
    END LOOP\073
  END IF\073
  RETURN NULL\073
END ';

CREATE TRIGGER "Response_count_insert" AFTER INSERT ON "Response"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Listing_responseCount_maintain"();
CREATE TRIGGER "Response_count_update" AFTER UPDATE ON "Response"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Listing_responseCount_maintain"();
CREATE TRIGGER "Response_count_delete" AFTER DELETE ON "Response"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "Listing_responseCount_maintain"();
