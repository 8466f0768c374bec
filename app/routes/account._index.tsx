import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireUser } from "~/models/access/auth.server";
import { formatShanghaiDateTime } from "~/lib/dates";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import { listOrdersForUser } from "~/models/ordering/orders.server";
import { addMessages } from "~/lib/i18n";
import { impactCertificateMessages } from "~/lib/messages/impact-certificates";
import { notificationMessages } from "~/lib/messages/notifications";
import { titleMeta } from "~/lib/seo";

addMessages(impactCertificateMessages, notificationMessages); // the certificates and messages links

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "我的账户", "My account"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const orders = await listOrdersForUser({ userId: user.id });
  return json({
    user: { displayName: user.displayName, role: user.role, mobile: user.mobile, email: user.email },
    orders,
  });
}

export default function AccountPage() {
  const { user, orders } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("account.title")}</h1>
      <section aria-labelledby="profile" className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-200">
        <h2 id="profile" className="text-lg font-semibold">
          {t("account.greeting", { name: user.displayName })}
        </h2>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-stone-500">{t("account.role")}</dt>
          <dd data-testid="account-role">{t(`account.role.${user.role}`)}</dd>
          {user.mobile && (
            <>
              <dt className="text-stone-500">{t("account.mobile")}</dt>
              <dd>{user.mobile}</dd>
            </>
          )}
          {user.email && (
            <>
              <dt className="text-stone-500">{t("account.email")}</dt>
              <dd>{user.email}</dd>
            </>
          )}
        </dl>
        <Form method="post" action="/logout" className="mt-4">
          <button
            type="submit"
            className="rounded-lg border border-stone-300 px-4 py-2 text-sm hover:bg-stone-100 focus:outline-none focus:ring-2 focus:ring-brand-600"
          >
            {t("account.logout")}
          </button>
        </Form>
      </section>

      <nav aria-label={t("account.title")} className="mt-4 flex flex-wrap gap-3 text-sm">
        <Link to="/account/reviews" className="text-brand-700 hover:underline">
          {t("nav.account.reviews")}
        </Link>
        <Link to="/account/favourites" className="text-brand-700 hover:underline">
          {t("nav.account.favourites")}
        </Link>
        <Link to="/account/addresses" className="text-brand-700 hover:underline">
          {t("nav.account.addresses")}
        </Link>
        <Link to="/account/messages" className="text-brand-700 hover:underline">
          {t("notify.nav.account")}
        </Link>
      </nav>

      <section aria-labelledby="orders" className="mt-6">
        <h2 id="orders" className="text-lg font-semibold">
          {t("account.orders")}
        </h2>
        {orders.length === 0 ? (
          <div className="mt-3 rounded-xl bg-white p-6 text-center ring-1 ring-stone-200">
            <p className="text-stone-600">{t("account.noOrders")}</p>
            <Link
              to="/products"
              className="mt-3 inline-block rounded-lg bg-brand-600 px-5 py-2 text-white hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700 focus:ring-offset-2"
            >
              {t("account.startShopping")}
            </Link>
          </div>
        ) : (
          <ul className="mt-3 divide-y divide-stone-100 rounded-xl bg-white ring-1 ring-stone-200">
            {orders.map((o) => (
              <li key={o.orderNumber}>
                <Link
                  to={`/orders/${o.orderNumber}`}
                  className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 hover:bg-stone-50 focus:outline-none focus:ring-2 focus:ring-inset focus:ring-brand-600"
                >
                  <span>
                    <span className="block font-medium">
                      <span className="sr-only">{t("account.orderNumber")} </span>
                      {o.orderNumber}
                    </span>
                    <span className="block text-xs text-stone-500">
                      {formatShanghaiDateTime(o.createdAt)} ·{" "}
                      {t("account.orderItems", { count: o.lineCount })}
                    </span>
                  </span>
                  <span className="text-right">
                    <span className="block font-semibold">{formatFen(o.totalFen)}</span>
                    <span className="block text-xs text-stone-600">{t(`order.status.${o.status}`)}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className="mt-6">
        <Link to="/certificates" className="text-brand-700 underline" data-testid="account-certificates">
          {t("icert.orderLink")}
        </Link>
      </p>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
