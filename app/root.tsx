import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  type ShouldRevalidateFunction,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { useNonce } from "~/lib/nonce";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  hasLocaleMessages,
  LOCALE_MESSAGES_ID,
  localeMessagesJson,
  translate,
  type Locale,
} from "~/lib/i18n";
// The root's only `.server` import (decision 148: every one it shares with other routes is a request
// more on every page's first load).
import { loadPageFrame } from "~/models/access/page-frame.server";
import { useLocale, useT } from "~/lib/use-locale";
import stylesheet from "~/tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { frame, setCookie } = await loadPageFrame({ request });
  return json(frame, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}

const MESSAGE_PAGES = ["/account/messages", "/official/messages"];

// Leaving a messages page reloads the root's unread count (opening the page marked them read).
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, defaultShouldRevalidate }) =>
  MESSAGE_PAGES.includes(currentUrl.pathname) || defaultShouldRevalidate;

function Header() {
  const t = useT();
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = useLocale();
  const location = useLocation();
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
        <Link
          to="/"
          className="whitespace-nowrap text-lg font-bold text-brand-700"
          aria-label={t("site.name")}
        >
          <span className="sm:hidden">{t("site.shortName")}</span>
          <span className="hidden sm:inline">{t("site.name")}</span>
        </Link>
        <nav className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1 whitespace-nowrap text-sm sm:gap-x-4">
          <Link to="/products" className="hover:text-brand-700">
            {t("nav.products")}
          </Link>
          <Link to="/cart" className="hover:text-brand-700">
            {t("nav.cart")}
            {data?.cartQuantity ? (
              <span className="ml-1 rounded-full bg-brand-600 px-1.5 text-xs text-white">
                {data.cartQuantity}
              </span>
            ) : null}
          </Link>
          {data?.role === "supplier_staff" && (
            <Link to="/supplier" className="hover:text-brand-700">
              {t("nav.supplierPortal")}
            </Link>
          )}
          {data?.role === "buyer_admin" && (
            <Link to="/buyer" className="hover:text-brand-700">
              {t("nav.buyerPortal")}
            </Link>
          )}
          {(data?.role === "official" || data?.role === "admin") && (
            <Link to="/official" className="hover:text-brand-700">
              {t("nav.officialPortal")}
            </Link>
          )}
          {/* The unread badge: hidden on the messages pages themselves (opening them marks them read;
              the root's count may be read before or after that mark). */}
          {data?.unreadMessages && !MESSAGE_PAGES.includes(location.pathname) ? (
            <Link
              to={
                data.role === "official" || data.role === "admin" ? "/official/messages" : "/account/messages"
              }
              className="hover:text-brand-700"
              aria-label={t("nav.unreadMessages", { count: data.unreadMessages })}
              data-testid="unread-messages"
            >
              {t("nav.messages")}
              <span className="ml-1 rounded-full bg-red-600 px-1.5 text-xs text-white">
                {data.unreadMessages}
              </span>
            </Link>
          ) : null}
          <Link to={data?.signedIn ? "/account" : "/login"} className="hover:text-brand-700">
            {data?.signedIn ? t("nav.account") : t("nav.login")}
          </Link>
          {/* A whole document load: the new page brings its language's messages (decision 149). */}
          <Form method="post" action="/lang" reloadDocument>
            <input type="hidden" name="to" value={locale === "zh" ? "en" : "zh"} />
            <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
            <button type="submit" className="rounded border border-stone-300 px-2 py-1 hover:bg-stone-100">
              {t("nav.switchLanguage")}
            </button>
          </Form>
        </nav>
      </div>
    </header>
  );
}

// Pages set their own titles; this is the fallback.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translate(data?.locale ?? "zh", "site.name") },
];

/**
 * The page's language's storefront messages, as a JSON block app/lib/i18n.ts reads before hydration
 * (decision 149). Written by the server; in the browser the element keeps the text it came with.
 */
function LocaleMessages({ locale }: { locale: Locale }) {
  const json =
    typeof document === "undefined"
      ? localeMessagesJson(locale)
      : (document.getElementById(LOCALE_MESSAGES_ID)?.textContent ?? "");
  // Another tab switched the language and this one navigated since: its document lacks them.
  useEffect(() => {
    if (!hasLocaleMessages(locale)) window.location.reload();
  }, [locale]);
  return (
    <script id={LOCALE_MESSAGES_ID} type="application/json" dangerouslySetInnerHTML={{ __html: json }} />
  );
}

export function Layout({ children }: { children: ReactNode }) {
  // useRouteLoaderData, not useLoaderData: the layout also wraps the error boundary.
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = data?.locale ?? "zh";
  const nonce = useNonce();
  const location = useLocation();
  return (
    <html lang={locale === "zh" ? "zh-CN" : "en"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      {/* A page with the phone's fixed buy bar keeps room for it below the footer. */}
      <body className="min-h-screen bg-stone-50 font-sans text-stone-900 has-[#buy-bar]:pb-20 md:has-[#buy-bar]:pb-0">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          {translate(locale, "nav.skipToContent")}
        </a>
        <Header />
        {/* A toast over the page (seen wherever the page is scrolled to), fading out by CSS alone; keyed
            by the location so a second add shows it again. */}
        {data?.toast && (
          <p
            key={location.key}
            role="status"
            className="toast pointer-events-none fixed inset-x-4 top-3 z-50 mx-auto max-w-md rounded-lg bg-green-50 px-4 py-2 text-center text-green-800 shadow-lg ring-1 ring-green-200"
          >
            {data.toast}
          </p>
        )}
        <div id="main">{children}</div>
        <footer className="mx-auto mt-12 max-w-6xl border-t border-stone-200 px-4 py-6 text-sm text-stone-600">
          <nav className="flex flex-wrap gap-x-6 gap-y-2">
            <Link to="/notices" className="hover:text-brand-700">
              {translate(locale, "footer.notices")}
            </Link>
            <Link to="/orders/lookup" className="hover:text-brand-700">
              {translate(locale, "footer.orderLookup")}
            </Link>
            <Link to="/terms" className="hover:text-brand-700">
              {translate(locale, "footer.terms")}
            </Link>
            <Link to="/privacy" className="hover:text-brand-700">
              {translate(locale, "footer.privacy")}
            </Link>
          </nav>
          {data?.site && (
            <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-stone-500">
              <span>{translate(locale, "footer.operator", { name: data.site.operator })}</span>
              <span>
                {translate(locale, "footer.servicePhone", { phone: "" })}
                <a href={`tel:${data.site.phone.replace(/-/g, "")}`} className="hover:text-brand-700">
                  {data.site.phone}
                </a>
              </span>
              {/* The filing number links to the MIIT filing system, as the filing rules ask. */}
              <a
                href="https://beian.miit.gov.cn/"
                target="_blank"
                rel="noreferrer"
                className="hover:text-brand-700"
              >
                {data.site.icp}
              </a>
            </p>
          )}
        </footer>
        {/* At the end: data the scripts read, not needed for the first paint. */}
        <LocaleMessages locale={locale} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  // Marks the page as hydrated (effects run after React's hydration and its error reports), so
  // browser tests wait for exactly that instead of for an idle network.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return <Outlet />;
}

export const ErrorBoundary = GeneralErrorBoundary;
