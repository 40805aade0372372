/**
 * The text of every mail the platform sends, in Dutch and English. `renderMail(kind, locale, params)`
 * gives the subject, a plain-text body and an HTML body (the same content; every value escaped).
 * Notification kinds end with a line on how to unsubscribe (the link is filled in by outbox.ts).
 */
import type { MailKind } from "@woonbeurt/db";

/** Language of a mail: the recipient's choice (`User.locale`), Dutch unless it is "en". */
export type MailLocale = "nl" | "en";

/** Kinds a seeker can unsubscribe from (per kind); they also appear in the portal inbox. */
export const NOTIFICATION_KINDS = [
  "POSITION_FIXED",
  "OFFER_MADE",
  "OFFER_DEADLINE_NEAR",
  "URGENCY_DECISION",
  "LETTING_RESULT",
  "SEARCH_ALERT",
] as const satisfies readonly MailKind[];
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Kinds whose body holds a secret link; their bodies are cleared once the mail is sent. */
export const SECRET_KINDS: readonly MailKind[] = [
  "PASSWORD_RESET",
  "STAFF_INVITE",
  "EMAIL_VERIFY",
  "EMAIL_CHANGE_CONFIRM",
];

export function isNotificationKind(kind: string): kind is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(kind);
}

/** A mail ready for the outbox. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Content before rendering: paragraphs, an optional button link, and an optional list. */
interface Content {
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  items?: { label: string; url: string }[];
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Render content to subject, text and HTML. */
export function renderContent(c: Content, locale: MailLocale, footer?: string): RenderedMail {
  const text = [
    ...c.paragraphs,
    ...(c.items ?? []).map((i) => `- ${i.label}: ${i.url}`),
    ...(c.action ? [`${c.action.label}: ${c.action.url}`] : []),
    ...(footer ? ["--", footer] : []),
  ].join("\n\n");
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(c.subject)}</title></head><body>`,
    ...c.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(c.items?.length
      ? [
          `<ul>${c.items.map((i) => `<li><a href="${escapeHtml(i.url)}">${escapeHtml(i.label)}</a></li>`).join("")}</ul>`,
        ]
      : []),
    ...(c.action ? [`<p><a href="${escapeHtml(c.action.url)}">${escapeHtml(c.action.label)}</a></p>`] : []),
    ...(footer ? [`<hr><p><small>${linkify(escapeHtml(footer))}</small></p>`] : []),
    "</body></html>",
  ].join("\n");
  return { subject: c.subject, text, html };
}

const linkify = (s: string) => s.replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>');

/** Base URL of portal links in mails: PORTAL_URL (pnpm start sets it), else http://localhost:3000. */
export function portalBase(): string {
  return process.env.PORTAL_URL ?? "http://localhost:3000";
}

/** Parameters of each kind. */
export interface MailParams {
  PASSWORD_RESET: { token: string };
  STAFF_INVITE: { token: string };
  REGISTRATION_WELCOME: Record<string, never>;
  REGISTRATION_EXISTING: Record<string, never>;
  EMAIL_VERIFY: { token: string };
  EMAIL_CHANGE_CONFIRM: { token: string; newEmail: string };
  EMAIL_CHANGED_NOTICE: { newEmail: string };
  PASSWORD_CHANGED: Record<string, never>;
  POSITION_FIXED: { listingTitle: string; reference: string; position: number | null; candidates: number };
  OFFER_MADE: { listingTitle: string; reference: string; respondBy: Date };
  OFFER_DEADLINE_NEAR: { listingTitle: string; reference: string; respondBy: Date };
  URGENCY_DECISION: { granted: boolean; category: string | null; validUntil: Date | null };
  LETTING_RESULT: { listingTitle: string; reference: string; won: boolean };
  /** New matches of one seeker's saved searches in one run (saved-search-alerts.ts), per search. */
  SEARCH_ALERT: {
    searches: { name: string; listings: { title: string; reference: string; id: string }[] }[];
  };
  /**
   * Two registrations of one household merged (duplicateCandidateMerge): `kept` = this account's
   * registration is the one kept; `registrationNumber` / `registrationDate` of the kept registration
   * (its date the earliest of the two); `responsesWithdrawn` of the closed registration.
   */
  REGISTRATION_MERGED: {
    kept: boolean;
    registrationNumber: number;
    registrationDate: Date;
    responsesWithdrawn: number;
  };
}

const when = (d: Date, locale: MailLocale) =>
  d.toLocaleString(locale === "en" ? "en-GB" : "nl-NL", {
    timeZone: "Europe/Amsterdam",
    dateStyle: "long",
    timeStyle: "short",
  });
const day = (d: Date, locale: MailLocale) =>
  d.toLocaleDateString(locale === "en" ? "en-GB" : "nl-NL", { timeZone: "UTC", dateStyle: "long" });

/**
 * Subject and body of a mail of `kind` in `locale` (nl or en).
 * @param params the kind's parameters (MailParams)
 */
export function mailContent<K extends MailKind>(kind: K, locale: MailLocale, params: MailParams[K]): Content {
  const base = portalBase();
  const en = locale === "en";
  const p = params as Record<string, unknown>;
  switch (kind) {
    case "PASSWORD_RESET":
      return {
        subject: en ? "Reset your password" : "Wachtwoord herstellen",
        paragraphs: [
          en
            ? "Someone (probably you) asked to reset the password of your Woonbeurt account. The link is valid for 1 hour. If this was not you, ignore this mail."
            : "Iemand (waarschijnlijk u) vroeg een nieuw wachtwoord voor uw Woonbeurt-account. De link is 1 uur geldig. Was u dit niet? Dan kunt u deze mail negeren.",
        ],
        action: {
          label: en ? "Choose a new password" : "Kies een nieuw wachtwoord",
          url: `${base}/wachtwoord-herstellen?token=${p.token as string}`,
        },
      };
    case "STAFF_INVITE":
      return {
        subject: en ? "Your Woonbeurt account" : "Uw Woonbeurt-account",
        paragraphs: [
          en
            ? "An administrator created a Woonbeurt staff account for you. Choose your password within 7 days."
            : "Een beheerder heeft een Woonbeurt-medewerkersaccount voor u gemaakt. Kies binnen 7 dagen uw wachtwoord.",
        ],
        action: {
          label: en ? "Choose your password" : "Kies uw wachtwoord",
          url: `${base}/wachtwoord-herstellen?token=${p.token as string}`,
        },
      };
    case "REGISTRATION_WELCOME":
      return {
        subject: en ? "Welcome to Woonbeurt" : "Welkom bij Woonbeurt",
        paragraphs: [
          en
            ? "Your registration as a home seeker is complete. Sign in with the password you chose."
            : "Uw inschrijving als woningzoekende is gelukt. Log in met het wachtwoord dat u koos.",
        ],
        action: { label: en ? "Sign in" : "Inloggen", url: `${base}/inloggen` },
      };
    case "REGISTRATION_EXISTING":
      return {
        subject: en
          ? "Someone tried to register with your address"
          : "Nieuwe inschrijving met uw e-mailadres",
        paragraphs: [
          en
            ? `Someone tried to register at Woonbeurt with this address, but you already have an account; nothing was changed. Sign in at ${base}/inloggen or set a new password at ${base}/wachtwoord-vergeten. If this was not you, you need not do anything.`
            : `Iemand probeerde zich bij Woonbeurt in te schrijven met dit e-mailadres, maar u heeft al een account; er is niets gewijzigd. Log in via ${base}/inloggen of stel een nieuw wachtwoord in via ${base}/wachtwoord-vergeten. Was u dit niet? Dan hoeft u niets te doen.`,
        ],
      };
    case "EMAIL_VERIFY":
      return {
        subject: en ? "Confirm your e-mail address" : "Bevestig uw e-mailadres",
        paragraphs: [
          en
            ? "Welcome to Woonbeurt. Confirm that this address is yours, so that we can send you offers and alerts. The link is valid for 7 days."
            : "Welkom bij Woonbeurt. Bevestig dat dit e-mailadres van u is, zodat wij u aanbiedingen en meldingen kunnen sturen. De link is 7 dagen geldig.",
        ],
        action: {
          label: en ? "Confirm my address" : "Bevestig mijn e-mailadres",
          url: `${base}/email-bevestigen?token=${p.token as string}`,
        },
      };
    case "EMAIL_CHANGE_CONFIRM":
      return {
        subject: en ? "Confirm your new e-mail address" : "Bevestig uw nieuwe e-mailadres",
        paragraphs: [
          en
            ? `You asked to use ${p.newEmail as string} for your Woonbeurt account. The change takes effect when you open this link (valid for 24 hours).`
            : `U wilt ${p.newEmail as string} gebruiken voor uw Woonbeurt-account. De wijziging gaat in zodra u deze link opent (24 uur geldig).`,
        ],
        action: {
          label: en ? "Confirm the new address" : "Bevestig het nieuwe adres",
          url: `${base}/email-bevestigen?token=${p.token as string}`,
        },
      };
    case "EMAIL_CHANGED_NOTICE":
      return {
        subject: en ? "Your e-mail address was changed" : "Uw e-mailadres is gewijzigd",
        paragraphs: [
          en
            ? `Your Woonbeurt account now uses ${p.newEmail as string}; mail no longer comes to this address. If you did not do this, reset your password at ${base}/wachtwoord-vergeten and contact us.`
            : `Uw Woonbeurt-account gebruikt nu ${p.newEmail as string}; mail komt niet meer naar dit adres. Heeft u dit niet gedaan? Stel dan een nieuw wachtwoord in via ${base}/wachtwoord-vergeten en neem contact met ons op.`,
        ],
      };
    case "PASSWORD_CHANGED":
      return {
        subject: en ? "Your password was changed" : "Uw wachtwoord is gewijzigd",
        paragraphs: [
          en
            ? `The password of your Woonbeurt account was changed and other devices were signed out. If you did not do this, reset your password at ${base}/wachtwoord-vergeten.`
            : `Het wachtwoord van uw Woonbeurt-account is gewijzigd en andere apparaten zijn uitgelogd. Heeft u dit niet gedaan? Stel dan een nieuw wachtwoord in via ${base}/wachtwoord-vergeten.`,
        ],
      };
    case "POSITION_FIXED": {
      const position = p.position as number | null;
      return {
        subject: en
          ? `Your position for ${p.listingTitle as string}`
          : `Uw positie voor ${p.listingTitle as string}`,
        paragraphs: [
          position == null
            ? en
              ? `The listing ${p.listingTitle as string} (${p.reference as string}) has closed. You were not eligible on the closing date, so you are not among the ${p.candidates as number} candidates.`
              : `De woning ${p.listingTitle as string} (${p.reference as string}) is gesloten. U kwam op de sluitingsdatum niet in aanmerking en staat daarom niet tussen de ${p.candidates as number} kandidaten.`
            : en
              ? `The listing ${p.listingTitle as string} (${p.reference as string}) has closed. Your final position is ${position} of ${p.candidates as number} candidates. This order is fixed now.`
              : `De woning ${p.listingTitle as string} (${p.reference as string}) is gesloten. Uw definitieve positie is ${position} van ${p.candidates as number} kandidaten. Deze volgorde staat nu vast.`,
        ],
        action: { label: en ? "My responses" : "Mijn reacties", url: `${base}/mijn` },
      };
    }
    case "OFFER_MADE":
      return {
        subject: en ? `Offer: ${p.listingTitle as string}` : `Aanbieding: ${p.listingTitle as string}`,
        paragraphs: [
          en
            ? `Good news: the landlord offers you ${p.listingTitle as string} (${p.reference as string}). Accept or decline before ${when(p.respondBy as Date, locale)}; without an answer the offer lapses.`
            : `Goed nieuws: de verhuurder biedt u ${p.listingTitle as string} (${p.reference as string}) aan. Neem de aanbieding aan of wijs haar af vóór ${when(p.respondBy as Date, locale)}; zonder antwoord vervalt de aanbieding.`,
        ],
        action: { label: en ? "See the offer" : "Bekijk de aanbieding", url: `${base}/mijn` },
      };
    case "OFFER_DEADLINE_NEAR":
      return {
        subject: en
          ? `Reminder: answer the offer for ${p.listingTitle as string}`
          : `Herinnering: reageer op de aanbieding voor ${p.listingTitle as string}`,
        paragraphs: [
          en
            ? `You have not yet answered the offer for ${p.listingTitle as string} (${p.reference as string}). The deadline is ${when(p.respondBy as Date, locale)}.`
            : `U heeft nog niet gereageerd op de aanbieding voor ${p.listingTitle as string} (${p.reference as string}). De uiterste datum is ${when(p.respondBy as Date, locale)}.`,
        ],
        action: { label: en ? "See the offer" : "Bekijk de aanbieding", url: `${base}/mijn` },
      };
    case "URGENCY_DECISION":
      return {
        subject: en ? "Decision on your urgency application" : "Besluit over uw urgentieaanvraag",
        paragraphs: [
          p.granted
            ? en
              ? `Your urgency application has been granted${p.validUntil ? `, valid until ${day(p.validUntil as Date, locale)}` : ""}.`
              : `Uw urgentieaanvraag is toegekend${p.validUntil ? `, geldig tot en met ${day(p.validUntil as Date, locale)}` : ""}.`
            : en
              ? "Your urgency application has been rejected. The decision and its reasons are in the portal; you can object within 6 weeks."
              : "Uw urgentieaanvraag is afgewezen. Het besluit en de redenen staan in het portaal; u kunt binnen 6 weken bezwaar maken.",
        ],
        action: { label: en ? "See the decision" : "Bekijk het besluit", url: `${base}/urgentie` },
      };
    case "LETTING_RESULT":
      return {
        subject: en ? `Result: ${p.listingTitle as string}` : `Uitslag: ${p.listingTitle as string}`,
        paragraphs: [
          p.won
            ? en
              ? `The letting of ${p.listingTitle as string} (${p.reference as string}) to you is final. Congratulations on your new home.`
              : `De verhuur van ${p.listingTitle as string} (${p.reference as string}) aan u is rond. Gefeliciteerd met uw nieuwe woning.`
            : en
              ? `${p.listingTitle as string} (${p.reference as string}) has been let to another candidate. Your response has ended; your registration years stay as they are.`
              : `${p.listingTitle as string} (${p.reference as string}) is verhuurd aan een andere kandidaat. Uw reactie is beëindigd; uw inschrijfduur blijft zoals hij was.`,
        ],
        action: { label: en ? "Published results" : "Gepubliceerde uitslagen", url: `${base}/resultaten` },
      };
    case "SEARCH_ALERT": {
      const searches = p.searches as { name: string; listings: { title: string; reference: string }[] }[];
      const count = searches.reduce((n, s) => n + s.listings.length, 0);
      const names = searches.map((s) => `"${s.name}"`).join(", ");
      return {
        subject: en
          ? `${count} new ${count === 1 ? "home" : "homes"} for your saved ${searches.length === 1 ? "search" : "searches"} ${names}`
          : `${count} ${count === 1 ? "nieuwe woning" : "nieuwe woningen"} voor uw ${searches.length === 1 ? "zoekopdracht" : "zoekopdrachten"} ${names}`,
        paragraphs: [
          en
            ? `New listings match your saved ${searches.length === 1 ? "search" : "searches"} ${names}. Respond before the listing closes.`
            : `Nieuwe woningen passen bij uw bewaarde ${searches.length === 1 ? "zoekopdracht" : "zoekopdrachten"} ${names}. Reageer voordat de reactietermijn sluit.`,
        ],
        items: searches.flatMap((s) =>
          s.listings.map((l) => ({
            label:
              searches.length > 1 ? `${s.name}: ${l.title} (${l.reference})` : `${l.title} (${l.reference})`,
            url: `${base}/woning/${encodeURIComponent(l.reference)}`,
          })),
        ),
        action: {
          label: en ? "Manage your saved searches" : "Uw zoekopdrachten beheren",
          url: `${base}/mijn/zoekopdrachten`,
        },
      };
    }
    case "REGISTRATION_MERGED": {
      const date = day(p.registrationDate as Date, locale);
      const n = p.registrationNumber as number;
      const withdrawn = p.responsesWithdrawn as number;
      return {
        subject: en ? "Your registrations have been merged" : "Uw inschrijvingen zijn samengevoegd",
        paragraphs: [
          en
            ? "A household may have one registration as a home seeker. We found two registrations that belong to the same household and merged them into one."
            : "Een huishouden mag één inschrijving als woningzoekende hebben. Wij vonden twee inschrijvingen van hetzelfde huishouden en hebben ze samengevoegd tot één inschrijving.",
          p.kept
            ? en
              ? `Your registration (number ${n}) is the one kept. Its registration date is now ${date}, the earliest of the two, so no registration years were lost.`
              : `Uw inschrijving (nummer ${n}) blijft bestaan. De inschrijfdatum is nu ${date}, de vroegste van de twee, zodat u geen inschrijfduur verliest.`
            : en
              ? `This account's registration has been closed. Your household continues with registration number ${n}, registration date ${date} (the earliest of the two, so no registration years were lost). Sign in with the account of that registration to respond.${withdrawn ? ` ${withdrawn} active response(s) of this registration were withdrawn; respond again with the registration that was kept.` : ""}`
              : `De inschrijving van dit account is beëindigd. Uw huishouden gaat verder met inschrijfnummer ${n}, inschrijfdatum ${date} (de vroegste van de twee, zodat u geen inschrijfduur verliest). Log in met het account van die inschrijving om te reageren.${withdrawn ? ` ${withdrawn} lopende reactie(s) van deze inschrijving zijn ingetrokken; reageer opnieuw met de inschrijving die blijft.` : ""}`,
          en
            ? "Do you think this is a mistake? Let us know within 6 weeks by replying to this mail; the merge can then be reviewed."
            : "Denkt u dat dit niet klopt? Laat het ons binnen 6 weken weten door op deze mail te reageren; de samenvoeging kan dan worden herzien.",
        ],
        action: { label: en ? "Sign in" : "Inloggen", url: `${base}/inloggen` },
      };
    }
  }
  throw new Error(`unknown mail kind ${kind as string}`);
}

/** The unsubscribe footer of a notification mail. */
export function unsubscribeFooter(locale: MailLocale, url: string, manageUrl: string): string {
  return locale === "en"
    ? `You get this mail because of your Woonbeurt account. Stop mails of this kind with one click: ${url} — all notification settings: ${manageUrl}`
    : `U krijgt deze mail vanwege uw Woonbeurt-account. Geen mails van deze soort meer: ${url} — alle meldingsinstellingen: ${manageUrl}`;
}
