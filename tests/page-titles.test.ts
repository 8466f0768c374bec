// Issue 17: every page's <title> and og:title speak the current locale only. Each route module's
// meta is called as the root would call it, once in Chinese and once in English (without loader
// data, as on a 404): an English title holds no Chinese character, a Chinese one no English word.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Locale } from "~/lib/i18n";
import { titleMeta } from "~/lib/seo";

const ROUTES_DIR = path.resolve(import.meta.dirname, "../app/routes");
type Descriptor = { title?: string; property?: string; content?: string };
type MetaFn = (args: object) => Descriptor[] | undefined;

const HAN = /[\u3400-\u9fff]/;
const ENGLISH_WORD = /\b[A-Za-z]{3,}\b/; // "404" and "API"-like codes stay allowed below

function titlesOf(meta: MetaFn, locale: Locale, file: string): string[] {
  const matches = [{ id: "root", data: { locale }, params: {}, pathname: "/", meta: [] }];
  const params = Object.fromEntries([...file.matchAll(/\$(\w+)/g)].map((m) => [m[1], "20261122-000123"]));
  const out = meta({ data: undefined, params, matches, location: { pathname: "/", search: "" } }) ?? [];
  return out
    .flatMap((d) => [d.title, d.property === "og:title" ? d.content : undefined])
    .filter(Boolean) as string[];
}

describe("page titles", () => {
  it("titleMeta gives one language with the site's name", () => {
    const zh = titleMeta([{ id: "root", data: { locale: "zh" } }], "我的账户", "My account");
    const en = titleMeta([{ id: "root", data: { locale: "en" } }], "我的账户", "My account");
    expect(zh[0]).toEqual({ title: expect.stringMatching(/^我的账户 · /) });
    expect(en[0]).toEqual({ title: expect.stringMatching(/^My account · /) });
    expect(en.every((d) => !HAN.test(JSON.stringify(d)))).toBe(true);
    expect(en).toContainEqual({ property: "og:title", content: "My account" });
  });

  it("every route's title is in the current locale only", { timeout: 120_000 }, async () => {
    const files = readdirSync(ROUTES_DIR).filter((f) => /\.tsx$/.test(f) && !/\.test\.tsx$/.test(f));
    const wrong: string[] = [];
    let checked = 0;
    for (const file of files) {
      const mod = (await import(`../app/routes/${file.replace(/\.tsx$/, "")}`)) as { meta?: MetaFn };
      if (typeof mod.meta !== "function") continue;
      for (const locale of ["zh", "en"] as const) {
        for (const title of titlesOf(mod.meta, locale, file)) {
          checked++;
          const allowed = title.replace(/\b(API|CSV|XLSX|PDF|QR)\b/g, "");
          if (locale === "en" ? HAN.test(title) : ENGLISH_WORD.test(allowed))
            wrong.push(`${file} (${locale}): ${title}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });
});
