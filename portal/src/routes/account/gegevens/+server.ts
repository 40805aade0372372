/** "Download my data": the API's viewerDataExport as a JSON file (POST, so it is CSRF-checked). */
import { error, type RequestHandler } from "@sveltejs/kit";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import { isError, errorMessage } from "$lib/server/errors";

const DATA_EXPORT = typed(
  graphql(`
    mutation PortalDataExport {
      viewerDataExport {
        __typename
        ... on Error {
          message
          code
        }
        ... on ViewerDataExportSuccess {
          data
        }
      }
    }
  `),
);

export const POST: RequestHandler = async (event) => {
  if (!event.locals.viewer) error(401, { message: event.locals.t("errors.signedOut") });
  const { viewerDataExport: result } = await run(event, DATA_EXPORT, {});
  if (isError(result)) error(400, { message: errorMessage(event.locals.t, result) });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(JSON.stringify(result.data, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="woonbeurt-mijn-gegevens-${day}.json"`,
      "cache-control": "no-store",
    },
  });
};
