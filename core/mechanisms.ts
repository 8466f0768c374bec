// The one place for the linkage mechanism → income type mapping (DESIGN.md §2), with labels.
export const MECHANISMS = [
  "order_purchase",
  "employment",
  "land_lease",
  "equity_dividend",
  "guaranteed_dividend",
  "entrusted_farming",
  "own_production",
  "rebate_share",
] as const;
export type Mechanism = (typeof MECHANISMS)[number];

export const INCOME_TYPES = ["operating", "wage", "property", "transfer"] as const;
export type IncomeType = (typeof INCOME_TYPES)[number];

export const INCOME_TYPE_OF: Record<Mechanism, IncomeType> = {
  order_purchase: "operating",
  own_production: "operating",
  employment: "wage",
  land_lease: "property",
  equity_dividend: "property",
  guaranteed_dividend: "property",
  entrusted_farming: "property",
  rebate_share: "transfer",
};

export const MECHANISM_LABELS: Record<Mechanism, { zh: string; en: string }> = {
  order_purchase: { zh: "订单收购", en: "Order purchase" },
  employment: { zh: "务工就业", en: "Employment" },
  land_lease: { zh: "土地流转", en: "Land lease" },
  equity_dividend: { zh: "股份分红", en: "Equity dividend" },
  guaranteed_dividend: { zh: "保底分红", en: "Guaranteed dividend" },
  entrusted_farming: { zh: "代种代养", en: "Entrusted farming" },
  own_production: { zh: "自产自销", en: "Own production" },
  rebate_share: { zh: "二次返利", en: "Rebate share" },
};

export const INCOME_TYPE_LABELS: Record<IncomeType, { zh: string; en: string }> = {
  operating: { zh: "生产经营性收入", en: "Operating income" },
  wage: { zh: "工资性收入", en: "Wage income" },
  property: { zh: "财产性收入", en: "Property income" },
  transfer: { zh: "转移性收入", en: "Transfer income" },
};
