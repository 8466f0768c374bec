// Every GET route (read from app/routes, so none is forgotten) and every page one link away,
// as every role, against the real server: no response may carry a NUL byte or invalid UTF-8
// (React 18's streaming renderer did, inside Chinese text, where a 3-byte character met its
// 2 KB buffer's end — see app/entry.server.tsx).
import { expect, test, type APIRequestContext } from "@playwright/test";
import { logIn, routeUrls, SESSION_LINK, SWEEP_ROLES } from "./fixtures";

const strict = new TextDecoder("utf-8", { fatal: true });

function problemOf(body: Buffer): string | null {
  const nul = body.indexOf(0);
  if (nul >= 0)
    return `NUL byte at ${nul}: …${body.subarray(Math.max(0, nul - 12), nul + 8).toString("utf8")}…`;
  try {
    strict.decode(body);
  } catch {
    return "invalid UTF-8";
  }
  return null;
}

/** Same-site links of a page, one per path shape (ids replaced) so a list of 150 products costs one fetch. */
function linksOf(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/href="(\/[^"#]*)"/g)) {
    const href = m[1].replace(/&amp;/g, "&");
    if (href.startsWith("//") || href.startsWith("/build/") || SESSION_LINK.test(href)) continue;
    out.push(href);
  }
  return out;
}
const shapeOf = (url: string) =>
  url
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id")
    .replace(/\d+/g, "9")
    .replace(/\?.*/, "?");

async function check(request: APIRequestContext, urls: string[]) {
  const problems: string[] = [];
  const seen = new Set<string>();
  const queue = [...urls];
  let fetched = 0;
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(shapeOf(url))) continue;
    seen.add(shapeOf(url));
    const response = await request.get(url, { maxRedirects: 5 });
    fetched++;
    const type = response.headers()["content-type"] ?? "";
    if (!/^(text\/|application\/(json|xml|javascript))/.test(type)) continue; // exports (XLSX), images, PDFs
    const body = await response.body();
    const problem = problemOf(body);
    if (problem) problems.push(`${url} (${response.status()}): ${problem}`);
    // Follow links one level from the route list (their targets are not crawled further).
    if (urls.includes(url) && type.startsWith("text/html")) queue.push(...linksOf(body.toString("utf8")));
  }
  return { problems, fetched };
}

for (const role of SWEEP_ROLES) {
  test(`no NUL byte or invalid UTF-8 in any page, as ${role}`, async ({ page }) => {
    test.setTimeout(180_000);
    if (role !== "anonymous") await logIn(page, role);
    const { problems, fetched } = await check(page.request, routeUrls());
    expect(fetched).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });
}
