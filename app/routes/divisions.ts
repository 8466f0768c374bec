// One level of the administrative divisions as JSON, for the 省/市/区县 picker with JavaScript:
// ?province=河南省 → its cities; ?province=河南省&city=三门峡市 → its counties; neither → the
// provinces. Unknown names give an empty list. Public (guests check out too) and cacheable: the
// data changes only with the package version.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { divisionNames, placeLabels } from "~/models/ordering/divisions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const query = new URL(request.url).searchParams;
  const province = (query.get("province") ?? "").slice(0, 40);
  const city = (query.get("city") ?? "").slice(0, 40);
  const names = divisionNames({ province, city });
  return json(
    // ?lang=en adds the English labels (a query parameter, not the cookie, so the answer stays cacheable).
    { names, labels: placeLabels(names, query.get("lang") === "en" ? "en" : "zh") },
    { headers: { "Cache-Control": "public, max-age=86400" } },
  );
}
