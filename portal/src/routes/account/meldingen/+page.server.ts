import { error, fail } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";
import { run } from "$lib/server/api";
import { graphql, typed } from "$lib/graphql";
import type { NotificationKind } from "$lib/server/schema-types";
import { requireViewer } from "$lib/server/guard";
import { errorMessage, isError } from "$lib/server/errors";

const EMAIL_VERIFICATION_RESEND = typed(
  graphql(`
    mutation PortalEmailVerificationResend {
      emailVerificationResend {
        __typename
        ... on Error {
          message
          code
        }
        ... on EmailVerificationResendSuccess {
          sent
        }
      }
    }
  `),
);

const INBOX_MARK_READ = typed(
  graphql(`
    mutation PortalInboxMarkRead($input: InboxMessageMarkReadInput!) {
      inboxMessageMarkRead(input: $input) {
        __typename
        ... on Error {
          message
          code
        }
        ... on InboxMessageMarkReadSuccess {
          inboxMessage: message {
            readAt
          }
        }
      }
    }
  `),
);

const NOTIFICATION_SETTINGS_UPDATE = typed(
  graphql(`
    mutation PortalNotificationSettingsUpdate($input: NotificationSettingsUpdateInput!) {
      notificationSettingsUpdate(input: $input) {
        __typename
        ... on Error {
          message
          code
        }
        ... on NotificationSettingsUpdateSuccess {
          account {
            email
          }
        }
      }
    }
  `),
);

/** Notification settings, language, verification state and the inbox of the signed-in account. */
const NOTIFICATIONS = typed(
  graphql(`
    query PortalNotifications {
      account {
        email
        emailVerified
        language
        notificationSettings {
          kind
          enabled
        }
        unreadMessageCount
        messages(first: 50) {
          edges {
            node {
              id
              kind
              subject
              body
              createdAt
              readAt
            }
          }
        }
      }
    }
  `),
);

const KINDS: readonly NotificationKind[] = [
  "POSITION_FIXED",
  "OFFER_MADE",
  "OFFER_DEADLINE_NEAR",
  "URGENCY_DECISION",
  "LETTING_RESULT",
  "SEARCH_ALERT",
];

export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const { account } = await run(event, NOTIFICATIONS, {});
  if (!account) error(401, { message: event.locals.t("errors.signedOut") });
  return { account };
};

export const actions: Actions = {
  settings: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const form = await event.request.formData();
    const enabled = form
      .getAll("enabled")
      .map(String)
      .filter((k): k is NotificationKind => KINDS.includes(k as NotificationKind));
    const lang = String(form.get("language") ?? "");
    const { notificationSettingsUpdate: result } = await run(event, NOTIFICATION_SETTINGS_UPDATE, {
      input: { enabled, ...(lang === "NL" || lang === "EN" ? { language: lang } : {}) },
    });
    if (isError(result)) return fail(400, { form: "settings" as const, error: errorMessage(t, result) });
    return { form: "settings" as const, saved: true };
  },
  read: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const id = String((await event.request.formData()).get("id") ?? "");
    const { inboxMessageMarkRead: result } = await run(event, INBOX_MARK_READ, { input: { id } });
    if (isError(result)) return fail(400, { form: "read" as const, error: errorMessage(t, result) });
    return { form: "read" as const };
  },
  resend: async (event) => {
    requireViewer(event);
    const t = event.locals.t;
    const { emailVerificationResend: result } = await run(event, EMAIL_VERIFICATION_RESEND, {});
    if (isError(result)) return fail(400, { form: "resend" as const, error: errorMessage(t, result) });
    return { form: "resend" as const, sent: true };
  },
};
