import type { Messages } from "./types";

// Governance strings shown on storefront pages loaded with every page (kept tiny): the report link
// of the product page. The rest of governance's strings are in ./governance.
export const governancePublicMessages = {
  "governancePublic.reportLink": { zh: "举报价格或质量问题", en: "Report a price or quality problem" },
} satisfies Messages;
