// /towns/:id — the town pavilion (一村一品, issue 21): public, by the region's 12-digit code (an
// internal id redirects there). Served from the rollups and through the anonymous page cache.
import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PavilionPage, pavilionMeta, type PavilionView } from "~/components/pavilion-page";
import { invariantResponse } from "~/lib/invariant";
import { metaLocale, requestOrigin } from "~/lib/seo";
import { getPavilion } from "~/models/catalog/pavilions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const key = params.id ?? "";
  const pavilion = await getPavilion({ level: "town", key });
  invariantResponse(pavilion, "Not found", { status: 404 });
  if (pavilion.code !== key) throw redirect(`/towns/${pavilion.code}`, 301);
  return json({ pavilion, origin: requestOrigin(request) });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pavilionMeta(metaLocale(matches), data?.pavilion as PavilionView | undefined, data?.origin);

export default function TownPavilion() {
  const { pavilion } = useLoaderData<typeof loader>();
  return <PavilionPage pavilion={pavilion as PavilionView} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
