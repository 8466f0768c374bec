// /sitemap.xml: the home page, the catalogue, the legal pages, every product on sale, every active
// supplier, and the village and town pavilions (issue 21).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { shanghaiDate } from "~/lib/dates";
import { requestOrigin } from "~/lib/seo";
import { listSitemapEntries } from "~/models/catalog/catalog.server";

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!,
  );

function url(loc: string, extra = ""): string {
  return `  <url><loc>${escapeXml(loc)}</loc>${extra}</url>`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const origin = requestOrigin(request);
  const { products, suppliers, villages, towns } = await listSitemapEntries();
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`,
    url(`${origin}/`, "<changefreq>daily</changefreq>"),
    url(`${origin}/products`, "<changefreq>daily</changefreq>"),
    url(`${origin}/terms`, "<changefreq>yearly</changefreq>"),
    url(`${origin}/privacy`, "<changefreq>yearly</changefreq>"),
    ...products.map((p) =>
      url(
        `${origin}/products/${encodeURIComponent(p.slug)}`,
        `<lastmod>${shanghaiDate(p.updatedAt)}</lastmod>`,
      ),
    ),
    ...suppliers.map((s) => url(`${origin}/suppliers/${encodeURIComponent(s.slug)}`)),
    ...villages.map((v) => url(`${origin}/villages/${v.code}`, "<changefreq>weekly</changefreq>")),
    ...towns.map((t) => url(`${origin}/towns/${t.code}`, "<changefreq>weekly</changefreq>")),
    `</urlset>`,
  ];
  return new Response(lines.join("\n") + "\n", {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
