// The one error boundary: a friendly page for 404s and other responses, a generic one otherwise.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT } from "~/lib/use-locale";

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (!isRouteErrorResponse(error)) console.error(error);
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center">
      <p className="text-5xl font-bold text-brand-600">{status}</p>
      <h1 className="mt-4 text-2xl font-semibold">{notFound ? t("error.notFound") : t("error.generic")}</h1>
      <p className="mt-2 text-stone-600">
        {notFound
          ? t("error.notFoundBody")
          : isRouteErrorResponse(error) && typeof error.data === "string"
            ? error.data
            : t("error.genericBody")}
      </p>
      <Link
        to="/"
        className="mt-8 inline-block rounded-lg bg-brand-600 px-5 py-2 text-white hover:bg-brand-700"
      >
        {t("error.backHome")}
      </Link>
    </main>
  );
}
