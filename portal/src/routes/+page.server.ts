import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = ({ url }) => ({
  signedOut: url.searchParams.has("uitgelogd"),
  deleted: url.searchParams.has("verwijderd"),
});
