-- Urgency with a matching search profile always has priority on the regular offer ([001] §E.2c):
-- every AANBOD and LOTERIJ listing applies URGENCY. Add it to listings stored without it
-- (first in the list, the rule set decides the order of the tiers).
UPDATE "Listing"
SET "priorityRules" = array_prepend('URGENCY'::"PriorityRule", "priorityRules")
WHERE "allocationModel" IN ('AANBOD', 'LOTERIJ')
  AND NOT ('URGENCY'::"PriorityRule" = ANY ("priorityRules"));
