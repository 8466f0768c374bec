// The storefront's message catalogs in both languages. A `.server` module so that the browser build
// leaves them out: a page's document carries its own language's storefront messages (decision 149).
import { accountMessages } from "./account";
import { addressMessages } from "./addresses";
import { catalogMessages } from "./catalog";
import { chinaPayMessages } from "./china-pay";
import { commonMessages } from "./common";
import { governancePublicMessages } from "./governance-public";
import { impactMessages } from "./impact";
import { pavilionMessages } from "./pavilion";
import { reviewMessages } from "./reviews";
import { shoppingMessages } from "./shopping";
import { showcaseMessages } from "./showcase";
import type { Messages } from "./types";

export const STOREFRONT_CATALOGS: Messages[] = [
  commonMessages,
  shoppingMessages,
  accountMessages,
  catalogMessages,
  impactMessages,
  reviewMessages,
  chinaPayMessages,
  showcaseMessages,
  governancePublicMessages,
  pavilionMessages,
  addressMessages,
];
