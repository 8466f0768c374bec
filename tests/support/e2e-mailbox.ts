// The e2e runs' mailbox: Playwright's globalSetup (playwright.config.ts) starts a real local SMTP
// server (tests/support/smtp.ts) on E2E_SMTP_PORT (default: the app's port + 9) before the app,
// whose SMTP_URL points at it, and writes every message it accepts to a folder as JSON, so a spec
// running in a worker process can read what the app sent (`waitForMail`).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { startTestSmtp, type ReceivedMail } from "./smtp";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? PORT + 9);
export const E2E_MAIL_DIR = path.resolve(`.cache/e2e-mail-${E2E_SMTP_PORT}`);

/** Playwright globalSetup: the SMTP server for the whole run; the returned function stops it. */
export default async function startMailbox(): Promise<() => Promise<void>> {
  rmSync(E2E_MAIL_DIR, { recursive: true, force: true });
  mkdirSync(E2E_MAIL_DIR, { recursive: true });
  let n = 0;
  const smtp = await startTestSmtp(E2E_SMTP_PORT, {
    onMessage: (mail) => {
      n++;
      writeFileSync(
        path.join(E2E_MAIL_DIR, `${Date.now()}-${String(n).padStart(5, "0")}.json`),
        JSON.stringify(mail),
      );
    },
  });
  return () => smtp.close();
}

/** Every message the mailbox received for `to` so far, oldest first. */
export function mailsTo(to: string): ReceivedMail[] {
  return readdirSync(E2E_MAIL_DIR)
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(E2E_MAIL_DIR, f), "utf8")) as ReceivedMail)
    .filter((m) => m.to.includes(to.toLowerCase()));
}

/** Waits (polling) until a message for `to` whose subject matches arrives, and returns it. */
export async function waitForMail(to: string, subject: RegExp, timeout = 20_000): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await expect
    .poll(
      () => {
        found = mailsTo(to).find((m) => subject.test(m.subject));
        return Boolean(found);
      },
      { timeout, message: `an e-mail to ${to} with a subject like ${subject}` },
    )
    .toBe(true);
  return found!;
}
