// Storefront pages load only the storefront's message catalogs (app/lib/i18n.ts); a portal string
// shown on a page whose route did not add its catalog would appear as its bare key in the browser.
// This reads every page's sources as the browser gets them — the route module and everything it
// imports, minus .server modules and type-only imports — and checks that each message key named
// there is in a catalog the page has: the storefront's, the ones the route adds with addMessages,
// or (under /supplier, /official, /buyer) the portals' ones its layout adds.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { STOREFRONT_CATALOGS } from "./i18n";
import { PORTAL_CATALOGS } from "./messages/areas";
import { aftersalesMessages } from "./messages/aftersales";
import { certificationMessages } from "./messages/certifications";
import { fulfilmentMessages } from "./messages/fulfilment";
import { institutionMessages } from "./messages/institutions";
import { legalMessages } from "./messages/legal";
import { linkageMessages } from "./messages/linkages";
import { portalMessages } from "./messages/portal";
import { registryMessages } from "./messages/registry";
import { statisticsMessages } from "./messages/statistics";
import { supplierCatalogMessages } from "./messages/supplier-catalog";
import { onboardingMessages } from "./messages/onboarding";
import type { Messages } from "./messages/types";
import { impactCertificateMessages } from "./messages/impact-certificates";
import { governanceMessages } from "./messages/governance";
import { notificationMessages } from "./messages/notifications";

const APP = path.resolve(import.meta.dirname, "..");
const BY_NAME: Record<string, Messages[]> = {
  "...PORTAL_CATALOGS": PORTAL_CATALOGS,
  certificationMessages: [certificationMessages],
  fulfilmentMessages: [fulfilmentMessages],
  institutionMessages: [institutionMessages],
  legalMessages: [legalMessages],
  linkageMessages: [linkageMessages],
  portalMessages: [portalMessages],
  registryMessages: [registryMessages],
  statisticsMessages: [statisticsMessages],
  supplierCatalogMessages: [supplierCatalogMessages],
  impactCertificateMessages: [impactCertificateMessages],
  onboardingMessages: [onboardingMessages],
  aftersalesMessages: [aftersalesMessages],
  governanceMessages: [governanceMessages],
  notificationMessages: [notificationMessages],
};
const ALL_KEYS = new Set(
  [...STOREFRONT_CATALOGS, ...PORTAL_CATALOGS, legalMessages].flatMap((c) => Object.keys(c)),
);
const PORTAL_LAYOUTS = ["supplier", "official", "buyer"];

function resolveImport(from: string, spec: string): string | null {
  const base = spec.startsWith("~/")
    ? path.join(APP, spec.slice(2))
    : spec.startsWith(".")
      ? path.resolve(path.dirname(from), spec)
      : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`])
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return null;
}

/** Message keys named in `file` and in what it imports for the browser (not .server, not types). */
function keysSeenBy(file: string, seen = new Set<string>()): Set<string> {
  const keys = new Set<string>();
  if (seen.has(file) || file.includes(`${path.sep}messages${path.sep}`) || /\.server\.tsx?$/.test(file))
    return keys;
  seen.add(file);
  const source = readFileSync(file, "utf8");
  for (const [, literal] of source.matchAll(/["'`]([A-Za-z][\w]*(?:\.[\w]+)+)["'`]/g))
    if (ALL_KEYS.has(literal)) keys.add(literal);
  // Keys built from a prefix (`fulfil.error.${code}`): every key that starts with it.
  for (const [, prefix] of source.matchAll(/`([A-Za-z][\w.]*\.)\$\{/g))
    for (const k of ALL_KEYS) if (k.startsWith(prefix)) keys.add(k);
  for (const [statement, spec] of source.matchAll(/^import\s+(?!type\s)[^;]*?from\s+["']([^"']+)["']/gms)) {
    const target = resolveImport(file, spec);
    if (target && !/^import\s+\{\s*type\s/.test(statement))
      for (const k of keysSeenBy(target, seen)) keys.add(k);
  }
  return keys;
}

/** The catalogs a page has: the storefront's, its route's addMessages, its portal layout's. */
function catalogsOf(routeFile: string): Messages[] {
  const name = path.basename(routeFile);
  const added = [...readFileSync(routeFile, "utf8").matchAll(/^addMessages\(([^)]*)\)/gm)].flatMap(
    ([, args]) => args.split(",").map((a) => a.trim()),
  );
  for (const a of added)
    if (!BY_NAME[a]) throw new Error(`${name}: addMessages(${a}) is not known to this test`);
  const underLayout = PORTAL_LAYOUTS.some((p) => name.startsWith(`${p}.`));
  return [
    ...STOREFRONT_CATALOGS,
    ...added.flatMap((a) => BY_NAME[a]),
    ...(underLayout ? PORTAL_CATALOGS : []),
  ];
}

const pages = readdirSync(path.join(APP, "routes"))
  .filter((f) => f.endsWith(".tsx") && !f.includes(".test."))
  .map((f) => path.join(APP, "routes", f));

describe("message catalogs per page", () => {
  it("the storefront's catalogs are not the portals' (the split is real)", () => {
    const storefront = new Set(STOREFRONT_CATALOGS.flatMap((c) => Object.keys(c)));
    expect(PORTAL_CATALOGS.flatMap((c) => Object.keys(c)).filter((k) => storefront.has(k))).toEqual([]);
    expect(storefront.size).toBeGreaterThan(100);
  });

  it.each([path.join(APP, "root.tsx"), ...pages].map((f) => [path.relative(APP, f), f]))(
    "%s has every message it names",
    (_name, file) => {
      const available = new Set(catalogsOf(file).flatMap((c) => Object.keys(c)));
      const missing = [...keysSeenBy(file)].filter((k) => !available.has(k)).sort();
      expect(missing).toEqual([]);
    },
  );
});
