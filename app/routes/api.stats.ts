// GET /api/stats?from=YYYY-MM-DD&to=YYYY-MM-DD[&town=<code>] with `Authorization: Bearer <token>`
// (tokens from /official/tokens). The same figures as the dashboard, for the token owner's scope;
// JSON, money in integer fen. 401 without a valid token, 400 for bad dates, 404 for a town outside
// the owner's scope (exactly like a town that does not exist). Documented in docs/statistics.md.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { authenticateApiToken } from "~/models/access/api-tokens.server";
import { checkRange, getStatisticsForApi, MAX_RANGE_DAYS } from "~/models/impact/statistics.server";

const RANGE_ERRORS = {
  bad_from: "`from` must be a calendar date written YYYY-MM-DD",
  bad_to: "`to` must be a calendar date written YYYY-MM-DD",
  reversed: "`to` must not be before `from`",
  too_long: `the range may span at most ${MAX_RANGE_DAYS} days`,
} as const;

const noStore = { "Cache-Control": "no-store" };

function problem(status: number, error: string, message: string, headers: Record<string, string> = {}) {
  return json({ error, message }, { status, headers: { ...noStore, ...headers } });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const caller = await authenticateApiToken(request.headers.get("Authorization"));
  if (!caller)
    return problem(401, "unauthorized", "a valid API token is required: Authorization: Bearer <token>", {
      "WWW-Authenticate": 'Bearer realm="stats"',
    });
  const params = new URL(request.url).searchParams;
  const range = checkRange(params.get("from") ?? "", params.get("to") ?? "");
  if (!range.ok) return problem(400, range.code, RANGE_ERRORS[range.code]);
  const town = params.get("town") || null; // an empty town= means the whole scope
  if (town !== null && !/^\d{6,12}$/.test(town))
    return problem(400, "bad_town", "`town` must be a town's region code (digits)");
  const result = await getStatisticsForApi({ caller, townCode: town, from: range.from, to: range.to });
  if (!result.ok) return problem(404, "not_found", "no such town in the token owner's region");
  const { headline: h, ...breakdowns } = result.statistics;
  return json(
    {
      from: range.from,
      to: range.to,
      // Everything committed up to this instant is counted (the figures may come from a replica).
      asOf: result.freshness.asOf,
      scope: result.scope.town
        ? { town: { code: result.scope.town.code, name: result.scope.town.name } }
        : { town: null, towns: result.scope.towns.map((x) => x.code) },
      assistedSalesFen: h.assistedSalesFen,
      otherSalesFen: h.otherSalesFen,
      orders: h.orders,
      buyers: h.buyers,
      householdsReached: h.householdsReached,
      personsReached: h.personsReached,
      attributedIncomeFen: h.attributedIncomeFen,
      perHouseholdFen: h.perHouseholdFen,
      perPersonFen: h.perPersonFen,
      villageCollectiveIncomeFen: h.villageCollectiveIncomeFen,
      villageCollectivesReached: h.villageCollectivesReached,
      monitoredNotReached: breakdowns.monitoredNotReached,
      breakdowns: {
        byTown: breakdowns.byTown,
        byVillage: breakdowns.byVillage,
        byCategory: breakdowns.byCategory,
        bySupplierKind: breakdowns.bySupplierKind,
        byBuyerKind: breakdowns.byBuyerKind,
        byHouseholdKind: breakdowns.byHouseholdKind,
        byIncomeType: breakdowns.byIncomeType,
        byMonth: breakdowns.monthly,
        coverage: breakdowns.coverage,
      },
    },
    { headers: noStore },
  );
}
