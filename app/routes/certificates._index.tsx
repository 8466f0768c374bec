// A buyer's impact certificates: ask for one for an order (theirs, or their organisation's) or,
// for an organisation's buyer admin, for a year; and the ones they issued. Plain forms, POST → 303.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormField, SubmitButton } from "~/components/form-field";
import { formatShanghaiDateTime, shanghaiYear } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import { addMessages, type MessageKey } from "~/lib/i18n";
import { impactCertificateMessages } from "~/lib/messages/impact-certificates";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { requireUser } from "~/models/access/auth.server";
import { issueCertificate, listMyCertificates } from "~/models/impact/certificates.server";
import { titleMeta } from "~/lib/seo";

addMessages(impactCertificateMessages);

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "帮扶成效证书", "Impact certificates"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const order = new URL(request.url).searchParams.get("order")?.slice(0, 40) ?? "";
  return json({
    certificates: await listMyCertificates({ caller: user }),
    canCertifyYear: user.role === "buyer_admin" && Boolean(user.organisationId),
    thisYear: shanghaiYear(),
    order,
  });
}

const IssueForm = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("order"), orderNumber: z.string().trim().min(1).max(40) }),
  z.object({ kind: z.literal("institution_year"), year: z.coerce.number().int() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = await parseForm(request, IssueForm);
  if (!parsed.ok) return json({ error: "icert.notFound" satisfies MessageKey }, { status: 400 });
  const result = await issueCertificate({ caller: user, request: parsed.data });
  if (!result.ok) {
    const error: MessageKey = result.code === "bad_year" ? "icert.badYear" : "icert.notFound";
    return json({ error }, { status: result.code === "bad_year" ? 400 : 404 });
  }
  return redirectWithToast(request, `/certificates/${result.id}`, "icert.issued");
}

export default function CertificatesPage() {
  const { certificates, canCertifyYear, thisYear, order } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("icert.title")}</h1>
      <p className="mt-2 text-sm text-stone-600">{t("icert.intro")}</p>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.error)}
        </p>
      )}
      <section aria-labelledby="for-order" className="mt-6 rounded-xl bg-white p-4 ring-1 ring-stone-200">
        <h2 id="for-order" className="text-lg font-semibold">
          {t("icert.forOrder")}
        </h2>
        <Form method="post" className="mt-3 space-y-3">
          <input type="hidden" name="kind" value="order" />
          <FormField name="orderNumber" label={t("icert.orderNumber")} defaultValue={order} required />
          <SubmitButton>{t("icert.issue")}</SubmitButton>
        </Form>
      </section>
      {canCertifyYear && (
        <section aria-labelledby="for-year" className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-200">
          <h2 id="for-year" className="text-lg font-semibold">
            {t("icert.forYear")}
          </h2>
          <Form method="post" className="mt-3 space-y-3">
            <input type="hidden" name="kind" value="institution_year" />
            <FormField
              name="year"
              label={t("icert.year")}
              type="number"
              min={2020}
              max={thisYear}
              defaultValue={thisYear}
              required
            />
            <SubmitButton>{t("icert.issueYear")}</SubmitButton>
          </Form>
        </section>
      )}
      <section aria-labelledby="mine" className="mt-6">
        <h2 id="mine" className="text-lg font-semibold">
          {t("icert.mine")}
        </h2>
        {certificates.length === 0 ? (
          <p className="mt-2 text-stone-600">{t("icert.noneIssued")}</p>
        ) : (
          <ul className="mt-2 divide-y divide-stone-100 rounded-xl bg-white ring-1 ring-stone-200">
            {certificates.map((c) => (
              <li key={c.id}>
                <Link
                  to={`/certificates/${c.id}`}
                  className="flex flex-wrap justify-between gap-2 px-4 py-3 hover:bg-stone-50 focus:outline-none focus:ring-2 focus:ring-inset focus:ring-brand-600"
                >
                  <span className="font-medium">
                    {c.subject.kind === "order"
                      ? t("icert.subject.order", { number: c.subject.orderNumber, date: c.subject.paidOn })
                      : t("icert.subject.institution_year", {
                          organisation: c.subject.organisation,
                          year: c.subject.year,
                        })}
                  </span>
                  <span className="text-xs text-stone-500">
                    {c.id} · {formatShanghaiDateTime(c.issuedAt)}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
