// Chinese first, English available. The locale comes from the `lang` cookie (set by /lang).
// Each area keeps its strings in its own catalog under app/lib/messages/; MessageKey spans them all,
// so a missing translation is a type error. Only the storefront's catalogs are loaded here: the
// portals' ones (app/lib/messages/areas.ts) are added by the routes that show them (addMessages at
// the top of the portal layouts, and of the few storefront pages that borrow a portal string), so
// a storefront page does not ship the portals' text to the browser. The server loads every route,
// so it knows every message; app/lib/i18n.test.ts checks that each page adds what it uses.
import type { accountMessages } from "./messages/account";
import type { addressMessages } from "./messages/addresses";
import type { aftersalesMessages } from "./messages/aftersales";
import type { catalogMessages } from "./messages/catalog";
import type { chinaPayMessages } from "./messages/china-pay";
import type { certificationMessages } from "./messages/certifications";
import type { commonMessages } from "./messages/common";
import type { fulfilmentMessages } from "./messages/fulfilment";
import type { impactMessages } from "./messages/impact";
import type { institutionMessages } from "./messages/institutions";
import type { legalMessages } from "./messages/legal";
import type { linkageMessages } from "./messages/linkages";
import type { portalMessages } from "./messages/portal";
import type { registryMessages } from "./messages/registry";
import type { reviewMessages } from "./messages/reviews";
import type { shoppingMessages } from "./messages/shopping";
import type { showcaseMessages } from "./messages/showcase";
import type { statisticsMessages } from "./messages/statistics";
import type { supplierCatalogMessages } from "./messages/supplier-catalog";
import type { Messages } from "./messages/types";
import { STOREFRONT_CATALOGS } from "./messages/storefront.server";
import type { settlementMessages } from "./messages/settlement";
import type { impactCertificateMessages } from "./messages/impact-certificates";
import type { onboardingMessages } from "./messages/onboarding";
import type { governanceMessages } from "./messages/governance";
import type { governancePublicMessages } from "./messages/governance-public";
import type { notificationMessages } from "./messages/notifications";
import type { payoutMessages } from "./messages/payouts";
import type { pavilionMessages } from "./messages/pavilion";
import type { householdStatementMessages } from "./messages/household-statements";

export const LOCALES = ["zh", "en"] as const;
export type Locale = (typeof LOCALES)[number];

// The storefront's catalogs, both languages, on the server only: in the browser this `.server`
// import is an empty module, and a page gets its own language's storefront messages from the
// document instead (decision 149: half the text, nothing of the other language).
export { STOREFRONT_CATALOGS };

type AllMessages = typeof commonMessages &
  typeof shoppingMessages &
  typeof accountMessages &
  typeof catalogMessages &
  typeof impactMessages &
  typeof linkageMessages &
  typeof certificationMessages &
  typeof institutionMessages &
  typeof registryMessages &
  typeof portalMessages &
  typeof supplierCatalogMessages &
  typeof statisticsMessages &
  typeof fulfilmentMessages &
  typeof legalMessages &
  typeof settlementMessages &
  typeof impactCertificateMessages &
  typeof onboardingMessages &
  typeof notificationMessages &
  typeof aftersalesMessages &
  typeof reviewMessages &
  typeof chinaPayMessages &
  typeof showcaseMessages &
  typeof governanceMessages &
  typeof governancePublicMessages &
  typeof payoutMessages &
  typeof pavilionMessages &
  typeof householdStatementMessages &
  typeof addressMessages;

// Both languages: the storefront's on the server, and the catalogs routes add with addMessages.
const messages: Messages = Object.assign({}, ...(STOREFRONT_CATALOGS ?? []));
// One language: the storefront's messages of the page's locale, read in the browser from the document.
const localeMessages: Partial<Record<Locale, Record<string, string>>> = {};

/** The id of the document's JSON block holding its locale's storefront messages. */
export const LOCALE_MESSAGES_ID = "locale-messages";

const serialized = new Map<Locale, string>();

/** Server: `locale`'s storefront messages as the JSON block's text (`<` escaped, safe inside a script). */
export function localeMessagesJson(locale: Locale): string {
  let json = serialized.get(locale);
  if (json === undefined) {
    const table: Record<string, string> = {};
    for (const catalog of STOREFRONT_CATALOGS ?? [])
      for (const [key, text] of Object.entries(catalog)) table[key] = text[locale];
    json = JSON.stringify({ locale, messages: table }).replace(/</g, "\\u003c");
    serialized.set(locale, json);
  }
  return json;
}

/** Browser: reads the document's block before anything renders (this module loads before hydration). */
function readDocumentMessages(): void {
  const text = document.getElementById(LOCALE_MESSAGES_ID)?.textContent;
  if (!text) return;
  const block = JSON.parse(text) as { locale: Locale; messages: Record<string, string> };
  localeMessages[block.locale] = block.messages;
}
if (typeof document !== "undefined") readDocumentMessages();

/** Whether `locale`'s storefront messages are here (in the browser: whether the document had them). */
export function hasLocaleMessages(locale: Locale): boolean {
  return STOREFRONT_CATALOGS !== undefined || localeMessages[locale] !== undefined;
}

/** Makes these catalogs' messages available (called at the top of the routes that show them). */
export function addMessages(...catalogs: Messages[]): void {
  for (const catalog of catalogs) Object.assign(messages, catalog);
}

export type MessageKey = keyof AllMessages;

/** The message in `locale`, with `{name}` placeholders filled from `vars`. */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  // A key whose catalog this page did not add shows as itself (i18n.test.ts keeps that from happening).
  const text: string = messages[key]?.[locale] ?? localeMessages[locale]?.[key] ?? key;
  return vars
    ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m))
    : text;
}

export function localeFromRequest(request: Request): Locale {
  const cookie = request.headers.get("Cookie") ?? "";
  const match = /(?:^|;\s*)lang=(zh|en)/.exec(cookie);
  return (match?.[1] as Locale | undefined) ?? "zh";
}

/** Picks the English text when the locale is English and one exists. */
export function localized(locale: Locale, zh: string, en: string | null | undefined): string {
  return locale === "en" && en ? en : zh;
}
