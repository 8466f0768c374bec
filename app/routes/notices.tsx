// Public (no login): certifications under public notice (公示) with their dates, and the suppliers
// and products certified today (certificate number, issuer, valid until). Each list has its own
// page parameter (np, cp); plain links, so it works without JavaScript.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { addMessages, localized, translate } from "~/lib/i18n";
import { metaLocale, requestOrigin, seoMeta } from "~/lib/seo";
import { useLocale, useT } from "~/lib/use-locale";
import { listPublicNotices, type NoticeRow } from "~/models/catalog/certifications.server";
import { certificationMessages } from "~/lib/messages/certifications";
import { onboardingMessages } from "~/lib/messages/onboarding";
import { listSupplierNotices } from "~/models/onboarding/applications.server";

addMessages(certificationMessages, onboardingMessages);

function pageParam(value: string | null): number {
  const n = Number(value ?? "1");
  return Number.isSafeInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const noticePage = pageParam(url.searchParams.get("np"));
  const certifiedPage = pageParam(url.searchParams.get("cp"));
  const [lists, supplierNotices] = await Promise.all([
    listPublicNotices({ noticePage, certifiedPage }),
    listSupplierNotices(),
  ]);
  return json({ ...lists, supplierNotices, noticePage, certifiedPage, origin: requestOrigin(request) });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = metaLocale(matches);
  return seoMeta({
    locale,
    title: translate(locale, "notices.title"),
    description: translate(locale, "notices.intro"),
    url: data ? `${data.origin}/notices` : undefined,
  });
};

function SubjectName({ row }: { row: NoticeRow }) {
  const locale = useLocale();
  const t = useT();
  const supplier = localized(locale, row.supplierName, row.supplierNameEn);
  return (
    <>
      <span className="mr-2 rounded bg-stone-100 px-1.5 py-0.5 text-xs text-stone-700">
        {t(`cert.subject.${row.subject}`)}
      </span>
      {row.subject === "product" && row.productSlug ? (
        <>
          <Link to={`/products/${row.productSlug}`} className="font-medium text-brand-700 hover:underline">
            {localized(locale, row.productName ?? "", row.productNameEn)}
          </Link>
          <span className="block text-sm text-stone-600">{supplier}</span>
        </>
      ) : (
        <Link to={`/suppliers/${row.supplierSlug}`} className="font-medium text-brand-700 hover:underline">
          {supplier}
        </Link>
      )}
    </>
  );
}

export default function NoticesPage() {
  const { notices, certified, supplierNotices, noticePage, certifiedPage } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const href = (np: number, cp: number) =>
    `?${new URLSearchParams({ ...(np > 1 ? { np: String(np) } : {}), ...(cp > 1 ? { cp: String(cp) } : {}) })}`;
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("notices.title")}</h1>
      <p className="mt-2 max-w-3xl text-stone-600">{t("notices.intro")}</p>

      <section aria-labelledby="under-notice" className="mt-8">
        <h2 id="under-notice" className="text-xl font-semibold">
          {t("notices.underNotice")}{" "}
          <span className="text-base font-normal text-stone-500">({notices.total})</span>
        </h2>
        {notices.rows.length === 0 ? (
          <p className="mt-2 text-stone-600">{t("notices.none")}</p>
        ) : (
          <DataTable
            className="mt-3"
            tableClassName="min-w-[36rem]"
            headers={[
              { label: t("notices.col.name") },
              { label: t("cert.col.town") },
              { label: t("notices.col.period") },
            ]}
          >
            {notices.rows.map((row) => (
              <tr key={row.id}>
                <td className="px-3 py-2">
                  <SubjectName row={row} />
                </td>
                <td className="px-3 py-2">{localized(locale, row.townName, row.townNameEn)}</td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {row.noticeStartsOn} – {row.noticeEndsOn}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pagination page={noticePage} pageCount={notices.pageCount} href={(p) => href(p, certifiedPage)} />
      </section>

      <section aria-labelledby="supplier-notices" className="mt-10">
        <h2 id="supplier-notices" className="text-xl font-semibold">
          {t("onboarding.notices.title")}{" "}
          <span className="text-base font-normal text-stone-500">({supplierNotices.length})</span>
        </h2>
        {supplierNotices.length === 0 ? (
          <p className="mt-2 text-stone-600">{t("onboarding.notices.none")}</p>
        ) : (
          <>
            <DataTable
              className="mt-3"
              tableClassName="min-w-[36rem]"
              testId="supplier-notices"
              headers={[
                { label: t("notices.col.name") },
                { label: t("cert.col.town") },
                { label: t("notices.col.period") },
              ]}
            >
              {supplierNotices.map((row) => (
                <tr key={row.id}>
                  <td className="px-3 py-2">
                    <span className="mr-2 rounded bg-stone-100 px-1.5 py-0.5 text-xs text-stone-700">
                      {t(`onboarding.kind.${row.kind}`)}
                    </span>
                    <span className="font-medium">{row.entityName}</span>
                  </td>
                  <td className="px-3 py-2">{localized(locale, row.townName, row.townNameEn)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {row.noticeStartsOn} – {row.noticeEndsOn}
                  </td>
                </tr>
              ))}
            </DataTable>
            <p className="mt-2 text-sm text-stone-600">{t("onboarding.notices.objections")}</p>
          </>
        )}
      </section>

      <section aria-labelledby="certified" className="mt-10">
        <h2 id="certified" className="text-xl font-semibold">
          {t("notices.certified")}{" "}
          <span className="text-base font-normal text-stone-500">({certified.total})</span>
        </h2>
        {certified.rows.length === 0 ? (
          <p className="mt-2 text-stone-600">{t("notices.noneCertified")}</p>
        ) : (
          <DataTable
            className="mt-3"
            tableClassName="min-w-[44rem]"
            headers={[
              { label: t("notices.col.name") },
              { label: t("cert.certificateNo") },
              { label: t("cert.issuer") },
              { label: t("cert.validUntil") },
            ]}
          >
            {certified.rows.map((row) => (
              <tr key={row.id}>
                <td className="px-3 py-2">
                  <SubjectName row={row} />
                </td>
                <td className="px-3 py-2 font-mono">{row.certificateNo}</td>
                <td className="px-3 py-2">{row.issuer}</td>
                <td className="px-3 py-2 whitespace-nowrap">{row.validUntil}</td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pagination page={certifiedPage} pageCount={certified.pageCount} href={(p) => href(noticePage, p)} />
      </section>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
