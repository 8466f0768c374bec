// The portals' catalogs (suppliers, officials, buyers' organisations): added by the portal layouts
// (supplier.tsx, official.tsx, buyer.tsx), never loaded by storefront pages (app/lib/i18n.ts).
import { aftersalesMessages } from "./aftersales";
import { certificationMessages } from "./certifications";
import { fulfilmentMessages } from "./fulfilment";
import { institutionMessages } from "./institutions";
import { linkageMessages } from "./linkages";
import { portalMessages } from "./portal";
import { registryMessages } from "./registry";
import { statisticsMessages } from "./statistics";
import { supplierCatalogMessages } from "./supplier-catalog";
import { settlementMessages } from "./settlement";
import { impactCertificateMessages } from "./impact-certificates";
import { onboardingMessages } from "./onboarding";
import { governanceMessages } from "./governance";
import { notificationMessages } from "./notifications";
import { payoutMessages } from "./payouts";
import { householdStatementMessages } from "./household-statements";

export const PORTAL_CATALOGS = [
  certificationMessages,
  fulfilmentMessages,
  institutionMessages,
  linkageMessages,
  portalMessages,
  registryMessages,
  statisticsMessages,
  supplierCatalogMessages,
  settlementMessages,
  impactCertificateMessages,
  onboardingMessages,
  aftersalesMessages,
  governanceMessages,
  notificationMessages,
  payoutMessages,
  householdStatementMessages,
];
