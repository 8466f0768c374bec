import type { Messages } from "./types";

// The impact receipt of a paid order (本单帮扶成效): income attributed through the benefit-linkage
// agreements, as totals only. Worded as attributed income (带动增收 / 帮扶收益), never net income.
export const impactMessages = {
  "orderImpact.title": { zh: "本单帮扶成效", en: "What this order does" },
  "orderImpact.households": { zh: "{count} 户脱贫户/监测户", en: "{count} supported households" },
  "orderImpact.monitored": { zh: "（其中监测户 {count} 户）", en: " ({count} of them monitored households)" },
  "orderImpact.collectives": { zh: "{count} 个村集体", en: "{count} village collectives" },
  "orderImpact.and": { zh: "、", en: " and " },
  "orderImpact.summary": {
    zh: "本单带动 {who}增收 {amount}（{types}），涉及 {villages}。",
    en: "This order brings {amount} of attributed income ({types}) to {who} in {villages}.",
  },
  "orderImpact.listSeparator": { zh: "、", en: ", " },
  "orderImpact.type.operating": { zh: "经营性 {amount}", en: "operating {amount}" },
  "orderImpact.type.wage": { zh: "工资性 {amount}", en: "wage {amount}" },
  "orderImpact.type.property": { zh: "财产性 {amount}", en: "property {amount}" },
  "orderImpact.type.transfer": { zh: "转移性 {amount}", en: "transfer {amount}" },
  "orderImpact.note": {
    zh: "以上为按利益联结协议从本单销售额中分配给农户和村集体的帮扶收益（带动增收）；只显示汇总数，不公开农户信息。",
    en: "These are the assistance income amounts attributed from this sale to households and village collectives under their benefit-linkage agreements; totals only, no household is named.",
  },
} satisfies Messages;
