// What the two legal pages (/privacy, /terms) load: the operator and the phone from the settings,
// in the visitor's language, and the origin for their canonical URL.
import { getEnv } from "./env.server";
import { localeFromRequest } from "./i18n";
import { requestOrigin } from "./seo";

export function legalPageData(request: Request) {
  const env = getEnv();
  const operator = localeFromRequest(request) === "en" ? env.OPERATOR_NAME_EN : env.OPERATOR_NAME;
  return { operator, phone: env.SERVICE_PHONE, origin: requestOrigin(request) };
}
