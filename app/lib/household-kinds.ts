// Household kinds and their official Chinese labels (户类型), shared by pages and the file reader.
export const HOUSEHOLD_KIND_VALUES = [
  "alleviated",
  "monitored_unstable",
  "monitored_marginal",
  "monitored_hardship",
] as const;
export type HouseholdKindValue = (typeof HOUSEHOLD_KIND_VALUES)[number];

export const KIND_BY_LABEL: Record<string, HouseholdKindValue> = {
  脱贫户: "alleviated",
  脱贫不稳定户: "monitored_unstable",
  边缘易致贫户: "monitored_marginal",
  突发严重困难户: "monitored_hardship",
};

export const MONITORED_KIND_VALUES: readonly HouseholdKindValue[] = [
  "monitored_unstable",
  "monitored_marginal",
  "monitored_hardship",
];
