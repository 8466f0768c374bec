// Reads the catalogue's filters from a request's URL (/products?q=…&category=…), with zod, one
// parameter at a time, so a bad value is reported and ignored instead of failing the page. Server
// only, so the browser bundle of the catalogue pages does not carry zod.
import { z } from "zod";
import {
  defaultSort,
  fenToYuan,
  MAX_PAGE,
  MAX_QUERY_LENGTH,
  SORTS,
  SUPPLIER_KINDS,
  yuanToFen,
  type CatalogFilters,
  type CatalogProblem,
} from "./catalog-query";

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/);
const regionCode = z.string().regex(/^\d{12}$/);
const flag = z.enum(["1", "on", "true"]);
const pageNumber = z.coerce.number().int().min(1).max(MAX_PAGE);

/** Reads the filters from the URL; every bad value becomes a problem and is left out. */
export function parseCatalogParams(params: URLSearchParams): {
  filters: CatalogFilters;
  problems: CatalogProblem[];
} {
  const problems: CatalogProblem[] = [];
  const get = (name: string) => {
    const value = params.get(name)?.trim();
    return value ? value : null; // an empty form field means "not set"
  };
  function read<T>(name: string, code: CatalogProblem["code"], schema: z.ZodType<T>): T | null {
    const raw = get(name);
    if (raw === null) return null;
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    problems.push({ code, value: raw.slice(0, 60) });
    return null;
  }

  let q = get("q");
  if (q && [...q].length > MAX_QUERY_LENGTH) {
    problems.push({ code: "q", value: String(MAX_QUERY_LENGTH) });
    q = [...q].slice(0, MAX_QUERY_LENGTH).join("");
  }
  const price = (name: string, code: "price_min" | "price_max") => {
    const raw = get(name);
    if (raw === null) return null;
    const fen = yuanToFen(raw);
    if (fen === null) problems.push({ code, value: raw.slice(0, 20) });
    return fen;
  };
  let minPriceFen = price("minPrice", "price_min");
  let maxPriceFen = price("maxPrice", "price_max");
  if (minPriceFen !== null && maxPriceFen !== null && minPriceFen > maxPriceFen) {
    problems.push({ code: "price_range", value: `${fenToYuan(minPriceFen)}–${fenToYuan(maxPriceFen)}` });
    minPriceFen = maxPriceFen = null;
  }
  let sort = read("sort", "sort", z.enum(SORTS));
  if (sort === "relevance" && !q) sort = null;
  return {
    filters: {
      q,
      category: read("category", "category", slug),
      town: read("town", "town", regionCode),
      village: read("village", "village", regionCode),
      kind: read("kind", "kind", z.enum(SUPPLIER_KINDS)),
      certified: read("certified", "flag", flag) !== null,
      inStock: read("inStock", "flag", flag) !== null,
      minPriceFen,
      maxPriceFen,
      sort: sort ?? defaultSort({ q }),
      page: read("page", "page", pageNumber) ?? 1,
    },
    problems,
  };
}
