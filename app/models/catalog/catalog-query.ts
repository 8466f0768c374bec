// The catalogue's URL vocabulary (/products?q=…&category=…). Pure: shared by the route, the model
// and the browser bundle (page links are built from the same filters); the parsing of a request's
// parameters, with zod, is in catalog-params.server.ts so the browser does not load zod.
import { parseYuan } from "~/lib/money";

export const PAGE_SIZE = 24;
export const MAX_PAGE = 10_000;
export const MAX_QUERY_LENGTH = 50;
/** The highest price filter accepted: ¥1,000,000. */
const MAX_PRICE_YUAN = 1_000_000;

// "unreached": 帮扶最需要的农户 — monitored households not yet reached this year (issue 21).
export const SORTS = ["relevance", "popular", "newest", "price_asc", "price_desc", "unreached"] as const;
export type Sort = (typeof SORTS)[number];

export const SUPPLIER_KINDS = [
  "cooperative",
  "enterprise",
  "village_collective",
  "workshop",
  "household",
] as const;
export type SupplierKind = (typeof SUPPLIER_KINDS)[number];

export type CatalogFilters = {
  q: string | null;
  category: string | null; // top-level or leaf slug
  town: string | null; // region code
  village: string | null; // region code
  kind: SupplierKind | null;
  certified: boolean;
  inStock: boolean;
  minPriceFen: number | null;
  maxPriceFen: number | null;
  sort: Sort; // "relevance" only with a query
  page: number;
};

/** Why a URL parameter was ignored; the page says so in words (catalog.problem.*). */
export type CatalogProblem = {
  code:
    | "q"
    | "category"
    | "town"
    | "village"
    | "village_town"
    | "kind"
    | "flag"
    | "price_min"
    | "price_max"
    | "price_range"
    | "sort"
    | "page";
  value: string;
};

export const EMPTY_FILTERS: CatalogFilters = {
  q: null,
  category: null,
  town: null,
  village: null,
  kind: null,
  certified: false,
  inStock: false,
  minPriceFen: null,
  maxPriceFen: null,
  sort: "popular",
  page: 1,
};

/** A price typed in yuan → fen (app/lib/money.ts), within the catalogue's price range; else null. */
export function yuanToFen(text: string): number | null {
  const fen = parseYuan(text);
  return fen !== null && fen <= MAX_PRICE_YUAN * 100 ? fen : null;
}

/** fen → "12" or "12.5" yuan, for the URL and the price inputs. */
export function fenToYuan(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  return cents === 0 ? String(yuan) : `${yuan}.${String(cents).padStart(2, "0").replace(/0$/, "")}`;
}

/** The order used when the URL names none: relevance for a search, sales otherwise. */
export function defaultSort(f: Pick<CatalogFilters, "q">): Sort {
  return f.q ? "relevance" : "popular";
}

/** The URL of a filter state; defaults are left out so shared links stay short. */
export function catalogHref(filters: CatalogFilters, change: Partial<CatalogFilters> = {}): string {
  const f = { ...filters, page: 1, ...change };
  const params = new URLSearchParams();
  if (f.q) params.set("q", f.q);
  if (f.category) params.set("category", f.category);
  if (f.town) params.set("town", f.town);
  if (f.village) params.set("village", f.village);
  if (f.kind) params.set("kind", f.kind);
  if (f.certified) params.set("certified", "1");
  if (f.inStock) params.set("inStock", "1");
  if (f.minPriceFen !== null) params.set("minPrice", fenToYuan(f.minPriceFen));
  if (f.maxPriceFen !== null) params.set("maxPrice", fenToYuan(f.maxPriceFen));
  if (f.sort !== defaultSort(f)) params.set("sort", f.sort);
  if (f.page > 1) params.set("page", String(f.page));
  const query = params.toString();
  return query ? `/products?${query}` : "/products";
}

/** How many filters narrow the list (the query and the sort excluded). */
export function activeFilterCount(f: CatalogFilters): number {
  const set = [
    f.category,
    f.village ?? f.town,
    f.kind,
    f.certified || null,
    f.inStock || null,
    f.minPriceFen ?? f.maxPriceFen,
  ];
  return set.filter((v) => v !== null).length;
}
