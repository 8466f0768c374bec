// /robots.txt: everything public may be crawled; accounts, carts, checkout, payment, orders and the
// back offices may not. `Allow: /suppliers/` keeps the public supplier pages out of `/supplier`.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestOrigin } from "~/lib/seo";

const PRIVATE = ["/account", "/cart", "/checkout", "/pay", "/orders", "/supplier", "/official", "/buyer"];

export function robotsTxt(origin: string): string {
  return [
    "User-agent: *",
    "Allow: /",
    "Allow: /suppliers/",
    ...PRIVATE.map((path) => `Disallow: ${path}`),
    "",
    `Sitemap: ${origin}/sitemap.xml`,
    "",
  ].join("\n");
}

export async function loader({ request }: LoaderFunctionArgs) {
  return new Response(robotsTxt(requestOrigin(request)), {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
