import { error } from "@sveltejs/kit";
import type { PageServerLoad } from "./$types";
import { language, run } from "$lib/server/api";
import { DASHBOARD } from "$lib/server/operations";
import { requireViewer } from "$lib/server/guard";

export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const { viewer } = await run(event, DASHBOARD, { language: language(event) });
  if (!viewer) error(401, { message: event.locals.t("errors.signedOut") });
  return {
    viewer,
    welcome: event.url.searchParams.has("welkom"),
    saved: event.url.searchParams.get("opgeslagen"),
    passwordChanged: event.url.searchParams.has("wachtwoord"),
  };
};
