// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Locale, Translate } from "$lib/i18n";

import type { Viewer } from "$lib/server/guard";
import type { Staff } from "$lib/server/staff";

declare global {
  namespace App {
    interface Error {
      message: string;
      /** i18n key of a user-facing message, when known */
      code?: string;
    }
    interface Locals {
      locale: Locale;
      /** translator for this request (one i18next instance per request) */
      t: Translate;
      /** the signed-in seeker, resolved once per request from the wb_session cookie */
      viewer: Viewer | null;
      /** the signed-in staff member (account without seeker) with their roles, for /werk */
      staff: Staff | null;
      /** the API session token (never sent to the browser except as the HttpOnly cookie) */
      sessionToken: string | null;
    }
    interface PageData {
      locale: Locale;
    }
    // interface PageState {}
    // interface Platform {}
  }
}

export {};
