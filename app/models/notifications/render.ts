// A message's subject, plain text and simple HTML in the recipient's language (zh by default),
// from the texts in app/lib/messages/notifications.ts. Params are escaped in the HTML.
import { notificationMessages } from "~/lib/messages/notifications";
import type { NotificationParams, NotificationTemplate } from "./outbox.server";

type Key = keyof typeof notificationMessages;
const LINK = /(https?:\/\/[^\s<>"']+)/g;

function fill(text: string, params: NotificationParams): string {
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export type RenderedMessage = { subject: string; text: string; html: string; sms: string };

export function renderMessage(
  template: NotificationTemplate,
  params: NotificationParams,
  locale: string,
  siteUrl = "",
): RenderedMessage {
  // A link stored as a path (the stock trigger knows no host) is made absolute here.
  if (typeof params.link === "string" && params.link.startsWith("/"))
    params = { ...params, link: `${siteUrl.replace(/\/$/, "")}${params.link}` };
  const lang = locale === "en" ? "en" : "zh";
  const pick = (key: string) => notificationMessages[key as Key]?.[lang] ?? key;
  // A param written `@notify.…` names a text of the catalog, said in the reader's language.
  params = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      typeof v === "string" && v.startsWith("@notify.") ? pick(v.slice(1)) : v,
    ]),
  );
  const subject = fill(pick(`notify.${template}.subject`), params);
  const body = fill(pick(`notify.${template}.body`), params);
  const footer = pick("notify.footer");
  const text = `${body}\n\n${footer}\n`;
  const htmlBody = escapeHtml(body).replace(LINK, (url) => `<a href="${url}">${url}</a>`);
  const html =
    `<!doctype html><html lang="${lang === "zh" ? "zh-CN" : "en"}"><meta charset="utf-8">` +
    `<title>${escapeHtml(subject)}</title>` +
    `<body style="font-family:sans-serif;line-height:1.6;max-width:36em">` +
    `<p>${htmlBody}</p><p style="color:#78716c;font-size:12px">${escapeHtml(footer)}</p></body></html>`;
  // SMS: the signature first, as Chinese carriers require (【签名】), then the body.
  const sms = `【${lang === "zh" ? "消费帮扶馆" : "XFBF"}】${body}`;
  return { subject, text, html, sms };
}
