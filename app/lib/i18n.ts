// Chinese first, English available. The locale comes from the `lang` cookie (set by /lang);
// messages live in one dictionary so a missing translation is a type error.
import { accountMessages } from "./messages/account";
import { catalogMessages } from "./messages/catalog";
import { certificationMessages } from "./messages/certifications";
import { commonMessages } from "./messages/common";
import { fulfilmentMessages } from "./messages/fulfilment";
import { impactMessages } from "./messages/impact";
import { institutionMessages } from "./messages/institutions";
import { linkageMessages } from "./messages/linkages";
import { portalMessages } from "./messages/portal";
import { registryMessages } from "./messages/registry";
import { shoppingMessages } from "./messages/shopping";
import { supplierCatalogMessages } from "./messages/supplier-catalog";
import { statisticsMessages } from "./messages/statistics";

export const LOCALES = ["zh", "en"] as const;
export type Locale = (typeof LOCALES)[number];

// Each area keeps its strings in its own catalog under app/lib/messages/.
const messages = {
  ...commonMessages,
  ...shoppingMessages,
  ...accountMessages,
  ...catalogMessages,
  ...linkageMessages,
  ...certificationMessages,
  ...impactMessages,
  ...institutionMessages,
  ...registryMessages,
  ...portalMessages,
  ...supplierCatalogMessages,
  ...statisticsMessages,
  ...fulfilmentMessages,
};

export type MessageKey = keyof typeof messages;

/** The message in `locale`, with `{name}` placeholders filled from `vars`. */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const text: string = messages[key][locale];
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
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
