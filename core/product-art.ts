// The demo catalogue's gallery (issue 17, decision 091): four pictures per seeded product, drawn
// from its category's art (public/images/products/<category>.svg) with the product's own colour,
// arrangement, angle and label, so no two products look alike. Pure: the seed stores the paths,
// app/models/catalog/demo-images.server.ts renders a path to WebP with sharp the first time it is
// asked for and keeps the file. Deterministic: the same slug gives the same picture, byte for byte.

/** The views of a seeded product, in gallery order (the first is the listing card's image). */
export const DEMO_IMAGE_VIEWS = ["hero", "heap", "pack", "origin"] as const;
export type DemoImageView = (typeof DEMO_IMAGE_VIEWS)[number];

/** What each view shows, for alt texts (zh, en). */
export const DEMO_VIEW_LABELS: Record<DemoImageView, { zh: string; en: string }> = {
  hero: { zh: "主图", en: "close-up" },
  heap: { zh: "满筐", en: "a full basket" },
  pack: { zh: "包装", en: "the packaging" },
  origin: { zh: "产地", en: "where it grows" },
};

/** Upload-folder path (under products/, served by /media/…) of one view at one width. */
export function demoImageRelative(slug: string, view: number, width: number): string {
  return `products/demo/${slug}/${view}-${width}.webp`;
}

const DEMO_PATH = /^products\/demo\/([a-z0-9][a-z0-9-]{0,80})\/([1-4])-(\d{3,4})\.webp$/;

/** The slug, view number (1-based) and width of a demo image path, or null. */
export function parseDemoImageRelative(
  relative: string,
): { slug: string; view: number; width: number } | null {
  const m = DEMO_PATH.exec(relative);
  return m ? { slug: m[1], view: Number(m[2]), width: Number(m[3]) } : null;
}

/** FNV-1a: a small, stable hash of a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A tiny deterministic random sequence (mulberry32) seeded by the slug and the view. */
function sequence(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Art = { defs: string; body: string; tint: string };

/** Splits a category picture (400 × 300, a background rect, then the subject) into reusable parts. */
export function parseCategoryArt(svg: string): Art {
  const inner = svg.replace(/^[\s\S]*?<svg[^>]*>/, "").replace(/<\/svg>\s*$/, "");
  const defs = /<defs>([\s\S]*?)<\/defs>/.exec(inner)?.[1] ?? "";
  const rest = inner.replace(/<defs>[\s\S]*?<\/defs>/, "");
  const background = /<rect width="400" height="300" fill="(#[0-9a-fA-F]{3,6})"\/>/.exec(rest);
  return {
    defs,
    body: background ? rest.replace(background[0], "") : rest,
    tint: background?.[1] ?? "#f4eee6",
  };
}

function hsl(h: number, s: number, l: number) {
  return `hsl(${Math.round(((h % 360) + 360) % 360)} ${Math.round(s)}% ${Math.round(l)}%)`;
}

function hueOf(hex: string): number {
  const v = hex.replace("#", "");
  const full = v.length === 3 ? [...v].map((c) => c + c).join("") : v;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === min) return 30;
  const d = max - min;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return h * 60;
}

function escapeXml(text: string) {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const FONT = `font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"`;

/**
 * One gallery picture as SVG (viewBox 400 × 300, drawn at `width` × ¾ `width`). `label` is a short
 * Latin text for the package tag (a weight such as "5 kg", or the trace code); it may be empty.
 */
export function demoImageSvg({
  art,
  slug,
  view,
  width,
  label,
}: {
  art: Art;
  slug: string;
  view: number;
  width: number;
  label: string;
}): string {
  const seed = hash(slug);
  const rnd = sequence(seed ^ Math.imul(view, 0x9e3779b1));
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  // The product's own colour: the category tint's hue, turned by the slug's hash.
  const hue = hueOf(art.tint) + ((seed % 121) - 60);
  const accent = (seed >>> 8) % 360;
  const height = Math.round((width * 3) / 4);
  const use = (x: number, y: number, scale: number, angle: number) =>
    `<use xlink:href="#art" transform="translate(${x.toFixed(1)} ${y.toFixed(1)}) rotate(${angle.toFixed(1)} 200 160) scale(${scale.toFixed(3)})"/>`;
  let scene = "";
  const name = DEMO_IMAGE_VIEWS[view - 1] ?? "hero";
  if (name === "hero") {
    const angle = rnd() * 16 - 8;
    const scale = 0.95 + rnd() * 0.2;
    const pattern = pick(["dots", "stripes", "rings"] as const);
    const dots =
      pattern === "dots"
        ? Array.from(
            { length: 28 },
            (_, i) =>
              `<circle cx="${(i % 7) * 62 + 14}" cy="${Math.floor(i / 7) * 80 + 22}" r="${3 + rnd() * 3}" fill="#fff" opacity=".35"/>`,
          ).join("")
        : pattern === "stripes"
          ? Array.from(
              { length: 10 },
              (_, i) =>
                `<rect x="${i * 48 - 40}" y="-40" width="18" height="400" fill="#fff" opacity=".18" transform="rotate(${20 + (seed % 30)} 200 150)"/>`,
            ).join("")
          : Array.from(
              { length: 5 },
              (_, i) =>
                `<circle cx="${300 - (seed % 200)}" cy="${80 + (seed % 90)}" r="${40 + i * 45}" fill="none" stroke="#fff" stroke-width="10" opacity=".2"/>`,
            ).join("");
    scene =
      `<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${hsl(hue, 60, 93)}"/>` +
      `<stop offset="1" stop-color="${hsl(hue + 25, 55, 80)}"/></linearGradient></defs>` +
      `<rect width="400" height="300" fill="url(#bg)"/>${dots}` +
      `<ellipse cx="200" cy="262" rx="150" ry="20" fill="${hsl(hue, 30, 40)}" opacity=".18"/>` +
      (rnd() < 0.6
        ? use(rnd() < 0.5 ? 10 : 250, 150, 0.38, rnd() * 40 - 20) // a second, smaller one behind
        : "") +
      use((1 - scale) * 200 + (rnd() * 60 - 30), (1 - scale) * 150 + 4, scale, angle);
  } else if (name === "heap") {
    const count = 3 + Math.floor(rnd() * 3);
    const items = Array.from({ length: count }, (_, i) => {
      const scale = 0.42 + rnd() * 0.2;
      // Spread over the basket from left to right, a little jitter, never past the edges.
      const centre = 110 + (180 * (i + 0.5)) / count + (rnd() * 30 - 15);
      return { x: centre - 200 * scale, y: 112 + rnd() * 36 - 150 * scale, scale, angle: rnd() * 50 - 25 };
    }).sort((a, b) => a.y + 150 * a.scale - (b.y + 150 * b.scale));
    const wood = hsl(25 + (seed % 20), 45, 38 + (seed % 10));
    scene =
      `<rect width="400" height="300" fill="${hsl(hue, 35, 88)}"/>` +
      `<rect y="190" width="400" height="110" fill="${wood}"/>` +
      Array.from(
        { length: 4 },
        (_, i) => `<rect y="${200 + i * 26}" width="400" height="2" fill="#000" opacity=".12"/>`,
      ).join("") +
      `<path d="M60 150 Q200 120 340 150 L318 270 Q200 292 82 270Z" fill="${hsl(35, 55, 55)}"/>` +
      `<path d="M60 150 Q200 120 340 150" fill="none" stroke="${hsl(30, 50, 35)}" stroke-width="6"/>` +
      Array.from(
        { length: 6 },
        (_, i) =>
          `<path d="M70 ${170 + i * 17} Q200 ${150 + i * 17} 330 ${170 + i * 17}" fill="none" stroke="${hsl(30, 45, 40)}" stroke-width="2" opacity=".5"/>`,
      ).join("") +
      items.map((it) => use(it.x, it.y, it.scale, it.angle)).join("");
  } else if (name === "pack") {
    const boxHue = accent;
    const ribbon = hsl(boxHue + 180, 60, 45);
    const text = escapeXml(label.slice(0, 14));
    scene =
      `<rect width="400" height="300" fill="${hsl(hue, 25, 94)}"/>` +
      `<ellipse cx="200" cy="270" rx="170" ry="16" fill="#000" opacity=".08"/>` +
      `<rect x="70" y="110" width="260" height="160" rx="8" fill="${hsl(boxHue, 45, 55)}"/>` +
      `<rect x="60" y="92" width="280" height="36" rx="6" fill="${hsl(boxHue, 50, 45)}"/>` +
      `<rect x="188" y="92" width="24" height="178" fill="${ribbon}"/>` +
      `<path d="M200 92 C170 60 140 70 160 92Z M200 92 C230 60 260 70 240 92Z" fill="${ribbon}"/>` +
      `<rect x="92" y="140" width="86" height="100" rx="8" fill="#fff" opacity=".92"/>` +
      `<g transform="translate(92 150) scale(0.215)"><use xlink:href="#art"/></g>` +
      (text
        ? `<rect x="226" y="196" width="92" height="40" rx="6" fill="#fff" opacity=".92"/>` +
          `<text x="272" y="223" text-anchor="middle" font-size="18" font-weight="bold" fill="${hsl(boxHue, 50, 28)}" ${FONT}>${text}</text>`
        : "") +
      "";
  } else {
    const sunX = 60 + rnd() * 280;
    const hills = Array.from({ length: 3 }, (_, i) => {
      const base = 150 + i * 40;
      const a = base - 30 - rnd() * 40;
      const b = base - 20 - rnd() * 40;
      return `<path d="M0 ${base} Q100 ${a} 200 ${base - 10} T400 ${b} V300 H0Z" fill="${hsl(90 + (seed % 50) - i * 8, 35 + i * 8, 62 - i * 12)}"/>`;
    }).join("");
    const terraces = Array.from(
      { length: 5 },
      (_, i) =>
        `<path d="M0 ${232 + i * 14} Q200 ${220 + i * 14} 400 ${236 + i * 14}" fill="none" stroke="#fff" stroke-width="1.5" opacity=".25"/>`,
    ).join("");
    const houseX = 40 + rnd() * 120;
    scene =
      `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(200 + (seed % 20), 60, 78)}"/>` +
      `<stop offset="1" stop-color="${hsl(40 + (seed % 20), 70, 92)}"/></linearGradient></defs>` +
      `<rect width="400" height="300" fill="url(#sky)"/>` +
      `<circle cx="${sunX.toFixed(0)}" cy="${50 + rnd() * 30}" r="22" fill="${hsl(45, 95, 70)}"/>` +
      hills +
      terraces +
      `<g transform="translate(${houseX.toFixed(0)} 178)"><rect width="34" height="22" fill="#f5f0e6"/>` +
      `<path d="M-4 0 L17 -14 L38 0Z" fill="${hsl(accent, 35, 35)}"/><rect x="13" y="9" width="8" height="13" fill="${hsl(accent, 30, 30)}"/></g>` +
      use(180, 130, 0.5, rnd() * 20 - 10);
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 400 300" width="${width}" height="${height}">` +
    `<defs>${art.defs}<symbol id="art" viewBox="0 0 400 300" width="400" height="300">${art.body}</symbol></defs>` +
    scene +
    `</svg>`
  );
}

/** A short Latin label for the package tag: the first weight in the variant specs ("5 kg"), else "". */
export function packageLabel(specs: string[]): string {
  for (const spec of specs) {
    const m = /(\d+(?:\.\d+)?)\s*(kg|g|ml|L)\b/i.exec(spec);
    if (m) return `${m[1]} ${m[2]}`;
  }
  return "";
}
