// The address book (issue 17): a signed-in shopper's saved addresses, with set-default and delete
// (plain forms: they work without JavaScript). Another shopper's address id is "not found".
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { parseForm } from "~/lib/form";
import { titleMeta } from "~/lib/seo";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { requireUser } from "~/models/access/auth.server";
import {
  ADDRESS_BOOK_LIMIT,
  deleteAddress,
  listAddresses,
  setDefaultAddress,
} from "~/models/ordering/addresses.server";
import { addressIntent } from "~/models/ordering/storefront-forms.server";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "收货地址", "Shipping addresses"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ addresses: await listAddresses({ userId: user.id }), limit: ADDRESS_BOOK_LIMIT });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await parseForm(request, addressIntent());
  if (!form.ok) throw new Response("Bad request", { status: 400 });
  const { intent, id } = form.data;
  const result =
    intent === "delete"
      ? await deleteAddress({ userId: user.id, id })
      : await setDefaultAddress({ userId: user.id, id });
  if (!result.ok) throw new Response("Not found", { status: 404 });
  return redirectWithToast(
    request,
    "/account/addresses",
    intent === "delete" ? "addresses.toast.deleted" : "addresses.toast.defaultSet",
  );
}

const button =
  "rounded-lg border border-stone-300 px-3 py-1.5 text-sm hover:bg-stone-100 focus:outline-none focus:ring-2 focus:ring-brand-600";

export default function AddressesPage() {
  const { addresses, limit } = useLoaderData<typeof loader>();
  const t = useT();
  const full = addresses.length >= limit;
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <p className="text-sm">
        <Link to="/account" className="text-brand-700 hover:underline">
          {t("nav.account")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("addresses.title")}</h1>
      <p className="mt-1 text-sm text-stone-600" data-testid="address-count">
        {t("addresses.count", { count: addresses.length, max: limit })}
      </p>
      {full ? (
        <p role="note" className="mt-4 rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
          {t("addresses.limit", { max: limit })}
        </p>
      ) : (
        <Link
          to="/account/addresses/new"
          className="mt-4 inline-block rounded-lg bg-brand-700 px-4 py-2 text-white hover:bg-brand-800"
        >
          {t("addresses.add")}
        </Link>
      )}
      {addresses.length === 0 ? (
        <p className="mt-6 text-stone-600">{t("addresses.empty")}</p>
      ) : (
        <ul className="mt-6 space-y-3" data-testid="address-list">
          {addresses.map((a) => (
            <li key={a.id} className="rounded-xl bg-white p-4 ring-1 ring-stone-200">
              <p className="font-medium">
                {a.contactName} <span className="text-stone-600">{a.contactMobile}</span>
                {a.isDefault && (
                  <span className="ml-2 whitespace-nowrap rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-700">
                    {t("addresses.default")}
                  </span>
                )}
              </p>
              <p className="mt-1 break-words text-sm text-stone-700">
                {a.province} {a.city} {a.district} {a.detail}
              </p>
              <div className="mt-3 flex flex-wrap gap-2">
                <Link to={`/account/addresses/${a.id}`} className={button}>
                  {t("addresses.edit")}
                </Link>
                {!a.isDefault && (
                  <Form method="post">
                    <input type="hidden" name="id" value={a.id} />
                    <button type="submit" name="intent" value="setDefault" className={button}>
                      {t("addresses.setDefault")}
                    </button>
                  </Form>
                )}
                <Form method="post">
                  <input type="hidden" name="id" value={a.id} />
                  <button type="submit" name="intent" value="delete" className={button}>
                    {t("addresses.delete")}
                  </button>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
