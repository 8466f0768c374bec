// What a person sees, everywhere (issue 17): every page every role may open, at the project's width
// (mobile 390 × 844, desktop 1280 × 800). Each page fails on a console error, a page error, a React
// hydration warning, a chart wider than its box, a table column narrower than two CJK characters,
// a document wider than the window, a navigation that hides links in a sideways scroll, or a
// same-origin link on it answering 403 or 404.
//
// Pages: every page route without parameters that answers the role 200 (read from app/routes, so a
// new page is swept without editing this file), plus, for every route with parameters, the first
// link to it found on a visited page (one detail page per list). One browser context per role.
import { expect, test, type Page } from "@playwright/test";
import {
  logIn,
  routeFiles,
  routeUrls,
  SESSION_LINK,
  SWEEP_ROLES,
  watchErrors,
  type SweepRole,
} from "./fixtures";

type Finding = { kind: string; page: string; detail: string };

const files = routeFiles();
const pageFiles = files.filter((f) => f.isPage);
const paramPages = pageFiles.filter((f) => f.hasParams);
const fixedPages = routeUrls(pageFiles);
// Sweeping these would change the session or its state (they are still checked as links).
const NOT_VISITED = /^\/(logout|lang)(\/|$)|^\/(bench|webhooks|api)\//;
// At most this many links of one shape (the route they reach) are fetched per role: a list of 150
// products costs 3 requests, not 150. Every shape of link is still checked.
const LINKS_PER_SHAPE = 3;

// Link checks run beside the page visits, this many at a time (the server answers one while the
// browser lays out the next page).
const LINK_CHECKS_AT_ONCE = 4;
// Links the visitor (no session) opened without a redirect: public pages, which answer every role
// alike, so the signed-in roles after it do not fetch them again (one worker runs the roles in order).
const PUBLIC_LINKS = new Set<string>();
// Pages already swept by an earlier role, by URL and the page's own loader output (`?_data=`), with
// the links found on them. A role whose loader answer for a URL is byte-identical to an earlier
// role's gets the same page body (route components read only their own loader data and the
// locale), so it is not visited again: the links of its main part are still checked with this
// role's cookies and followed to detail pages. What differs between roles (the header, the portal
// navigation: root and layout loaders) is checked on the role's own visits; a page is reused only
// after the role has visited a page in the same frame (layout). One worker runs the roles in order;
// a role run alone (`-g`) or retried (a new worker) visits everything. Decision 130.
const SWEPT = new Map<string, PageLink[]>();
type PageLink = { path: string; inMain: boolean };
// A trace would snapshot every page's DOM (portal pages of thousands of cells): minutes of the run.
test.use({ trace: "off" });

// A link's shape: the route file it reaches (any ids, slugs or codes), or its path for a route
// without parameters; the query is left out (`?page=2` and `?page=8` are one shape).
// Like Remix, a static segment wins over a parameter (`/aftersales/new` over `/aftersales/$claimId`).
const paramCount = (f: { url: string }) => f.url.split("$").length;
const routeOf = (path: string) =>
  files.find((f) => f.url === path) ??
  files.filter((f) => f.hasParams && f.pattern.test(path)).sort((a, b) => paramCount(a) - paramCount(b))[0];
const shapeOf = (path: string) => routeOf(path)?.file ?? path;
// The frame a page is drawn in: the deepest layout route (an <Outlet />) above it, else the root.
const layouts = files.filter((f) => f.isLayout && !f.hasParams);
const frameOf = (path: string) =>
  layouts
    .filter((l) => path === l.url || path.startsWith(`${l.url}/`))
    .sort((a, b) => b.url.length - a.url.length)[0]?.file ?? "root";
/** `?_data=` for the route of `path` (its query kept): the route's loader alone, no render. */
const dataUrl = (path: string, id: string) =>
  `${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(id)}`;

/** Layout findings of the page as it stands: measured in the browser. */
async function layoutFindings(page: Page) {
  return page.evaluate(() => {
    const out: { kind: string; detail: string }[] = [];
    const name = (e: Element) =>
      `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${typeof e.className === "string" && e.className ? `.${e.className.trim().split(/\s+/).slice(0, 3).join(".")}` : ""}`;
    // The document wider than the window: the page scrolls sideways.
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1)
      out.push({ kind: "overflow", detail: `${doc.scrollWidth} px in ${doc.clientWidth}` });
    // A navigation that scrolls sideways hides some of its links (the portal tab bar did).
    for (const nav of document.querySelectorAll("nav, nav > ul")) {
      if (nav.scrollWidth > nav.clientWidth + 1)
        out.push({ kind: "nav", detail: `${name(nav)} ${nav.scrollWidth} px in ${nav.clientWidth}` });
    }
    // A chart (any drawing wider than 100 px) sticking out of the box that holds it.
    for (const svg of document.querySelectorAll("svg")) {
      const r = svg.getBoundingClientRect();
      if (r.width <= 100) continue;
      let box = svg.parentElement!;
      while (box.parentElement && getComputedStyle(box).display.startsWith("inline")) box = box.parentElement;
      const b = box.getBoundingClientRect();
      const padL = parseFloat(getComputedStyle(box).paddingLeft) || 0;
      const padR = parseFloat(getComputedStyle(box).paddingRight) || 0;
      if (r.left < b.left - 1 || r.right > b.right + 1 || r.width > b.width - padL - padR + 1)
        out.push({
          kind: "chart",
          detail: `${name(svg)} ${Math.round(r.width)} px in ${name(box)} of ${Math.round(b.width)} px`,
        });
    }
    // Table cells squeezed below two CJK characters (content box against 2 × the font size).
    const narrow: string[] = [];
    // Cells hidden from sight (a table heading kept for screen readers only) are not measured.
    const offscreen = (e: Element) => {
      for (let a: Element | null = e; a && a.tagName !== "TABLE"; a = a.parentElement)
        if (getComputedStyle(a).clipPath !== "none") return true;
      return false;
    };
    for (const cell of document.querySelectorAll("table th, table td")) {
      if (cell.getClientRects().length === 0 || offscreen(cell)) continue;
      // Text of the cell a person sees: a screen-reader-only heading (`sr-only` span) is not.
      let text = (cell as HTMLElement).innerText;
      for (const hidden of cell.querySelectorAll<HTMLElement>(".sr-only"))
        text = text.replace(hidden.innerText, "");
      text = text.replace(/\s+/g, "");
      if (text.length < 2) continue;
      const style = getComputedStyle(cell);
      const content =
        cell.getBoundingClientRect().width -
        parseFloat(style.paddingLeft) -
        parseFloat(style.paddingRight) -
        parseFloat(style.borderLeftWidth) -
        parseFloat(style.borderRightWidth);
      const need = 2 * parseFloat(style.fontSize);
      if (content < need - 0.5) narrow.push(`"${text.slice(0, 10)}" ${Math.round(content)} px < ${need} px`);
    }
    if (narrow.length > 0)
      out.push({ kind: "table", detail: `${narrow.length} cells, e.g. ${narrow.slice(0, 3).join("; ")}` });
    return { findings: out, height: doc.scrollHeight };
  });
}

/** Same-origin links of the page (absolute URLs resolved by the browser), without fragments. */
async function linksOn(page: Page): Promise<PageLink[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLAnchorElement>("a[href]")]
      .filter((a) => a.origin === location.origin)
      .map((a) => ({ path: a.pathname + a.search, inMain: Boolean(a.closest("#main")) })),
  );
}

for (const role of SWEEP_ROLES) {
  test(`every page as ${role} shows no error, fits and links somewhere`, async ({ page }, testInfo) => {
    // About half a minute a role on an idle machine; generous for a loaded CI box.
    test.setTimeout(400_000);
    const width = testInfo.project.name === "mobile" ? 390 : 1280;
    await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
    if (role !== "anonymous") await logIn(page, role as Exclude<SweepRole, "anonymous">);
    const errors = watchErrors(page);
    const findings: Finding[] = [];
    const heights: [string, number][] = [];

    // The fixed pages this role may open: those whose loader answers 200 (no redirect, no 403). Only
    // the route's own loader runs (`?_data=`), not the page render: every loader guards itself.
    // The answer is kept: a page whose answer an earlier role got alike is not visited again (SWEPT).
    const loaderData = new Map<string, string>();
    const loaderOf = async (url: string) => {
      const route = routeOf(url.replace(/\?.*/, ""));
      if (!route?.hasLoader) return { status: 200, body: "" };
      const response = await page.request.get(dataUrl(url, route.id), { maxRedirects: 0 });
      const answer = { status: response.status(), body: (await response.text()).replace(/"loadMs":\d+/, "") };
      await response.dispose();
      return answer;
    };
    const opens = await Promise.all(
      fixedPages
        .filter((url) => !NOT_VISITED.test(url))
        .map(async (url) => {
          const { status, body } = await loaderOf(url);
          if (status !== 200) return null;
          loaderData.set(url, body);
          return url;
        }),
    );
    const queue = opens.filter((url): url is string => url !== null);
    const framesSeen = new Set<string>(); // frames (layouts) this role has visited a page in
    const reused: string[] = [];
    const visited = new Set<string>();
    const detailDone = new Set<string>(); // route files with parameters already visited once
    const linkShapes = new Map<string, number>();
    const linksChecked = new Set<string>();
    // Same-origin links answer (downloads included, fetched as GET with the page's cookies), checked
    // in the background while the next pages are visited; a failed request is a finding too.
    const linkChecks: Promise<void>[] = [];
    let running = 0;
    let fetched = 0;
    const waiting: (() => void)[] = [];
    const checkLink = async (href: string, from: string) => {
      if (PUBLIC_LINKS.has(href)) return;
      while (running >= LINK_CHECKS_AT_ONCE) await new Promise<void>((wake) => waiting.push(wake));
      running++;
      fetched++;
      try {
        const r = await page.request.get(href, { maxRedirects: 5 });
        if (r.status() === 403 || r.status() === 404)
          findings.push({ kind: "link", page: from, detail: `${href} → ${r.status()}` });
        const { pathname, search } = new URL(r.url());
        if (role === "anonymous" && r.status() === 200 && pathname + search === href) PUBLIC_LINKS.add(href);
        await r.dispose();
      } catch (error) {
        findings.push({
          kind: "link",
          page: from,
          detail: `${href} → ${(error as Error).message.split("\n")[0]}`,
        });
      } finally {
        running--;
        waiting.shift()?.();
      }
    };

    // Checks the links of a page (visited, or reused from an earlier role) and queues detail pages.
    const followLinks = (links: PageLink[], url: string) => {
      for (const link of links) {
        const href = link.path;
        if (SESSION_LINK.test(href) || linksChecked.has(href)) continue;
        linksChecked.add(href);
        const shape = shapeOf(href.replace(/\?.*/, ""));
        const n = linkShapes.get(shape) ?? 0;
        if (n < LINKS_PER_SHAPE) {
          linkShapes.set(shape, n + 1);
          linkChecks.push(checkLink(href, url));
        }
        // One detail page per route with parameters: the first link to it, found in a page's main part.
        const pathOnly = href.replace(/\?.*/, "");
        const route = paramPages.find((f) => f.pattern.test(pathOnly));
        if (link.inMain && route && !detailDone.has(route.file) && !NOT_VISITED.test(pathOnly)) {
          detailDone.add(route.file);
          queue.push(href);
        }
      }
    };

    while (queue.length > 0) {
      const url = queue.shift()!;
      if (visited.has(url) || reused.includes(url)) continue;
      // A detail page's loader is asked here; one that does not answer 200 is visited (and reported).
      const answer = loaderData.has(url) ? { status: 200, body: loaderData.get(url)! } : await loaderOf(url);
      const data = answer.status === 200 ? answer.body : null;
      const frame = frameOf(url.replace(/\?.*/, ""));
      const earlier = data === null ? undefined : SWEPT.get(`${url}\n${data}`);
      if (earlier && framesSeen.has(frame)) {
        reused.push(url);
        // The page's own links (in #main); the frame's links are this role's, checked on its visits.
        followLinks(
          earlier.filter((link) => link.inMain),
          url,
        );
        continue;
      }
      visited.add(url);
      framesSeen.add(frame);
      errors.length = 0;
      const response = await page.goto(url);
      if (response && response.status() >= 400)
        findings.push({ kind: "status", page: url, detail: String(response.status()) });
      // Pages hydrate after their first paint (decision 156); two suites at once on 2 cores once took
      // over 10 s on a heavy page. A page that never hydrates still fails.
      await page.waitForSelector("html[data-hydrated]", { state: "attached", timeout: 20_000 }).catch(() => {
        findings.push({ kind: "hydration", page: url, detail: "never hydrated" });
      });
      for (const e of errors)
        findings.push({
          kind: /hydrat|#41[89]|#42[35]|did not match/i.test(e) ? "hydration" : "console",
          page: url,
          detail: e.slice(0, 200),
        });
      const { findings: layout, height } = await layoutFindings(page);
      for (const f of layout) findings.push({ ...f, page: url });
      heights.push([url, height]);

      const links = await linksOn(page);
      if (data !== null) SWEPT.set(`${url}\n${data}`, links);
      followLinks(links, url);
    }
    await Promise.all(linkChecks);

    const byKind: Record<string, number> = {};
    for (const f of findings) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
    const tallest = heights.sort((a, b) => b[1] - a[1]).slice(0, 5);
    const summary = `${role} @ ${width}px: ${visited.size} pages visited, ${reused.length} as an earlier role saw them, ${linksChecked.size} links (${fetched} fetched); findings ${JSON.stringify(byKind)}; tallest ${tallest.map(([u, h]) => `${u} ${h}px`).join(", ")}`;
    console.log(summary);
    testInfo.annotations.push({ type: "sweep", description: summary });
    expect(visited.size + reused.length).toBeGreaterThan(role === "anonymous" ? 8 : 10);
    expect(findings.map((f) => `[${f.kind}] ${f.page}: ${f.detail}`)).toEqual([]);
  });
}
