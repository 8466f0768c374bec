// Settings, checked with zod at start: a missing or malformed setting stops the server with a
// message naming it. The embedded default (no DATABASE_URL) invents dev secrets once and keeps
// them in the data directory, so a newcomer needs no configuration.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { privateKeyFrom, publicKeyFrom } from "./pem";

const boolish = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    DATABASE_URL: z
      .string()
      .regex(
        /^(postgres|postgresql|memory|file):\/\//,
        "must start with postgres://, postgresql://, file:// or memory://",
      )
      .optional(),
    // A streaming replica of DATABASE_URL (decision 135): statistics, their exports, the stats API and
    // the public impact figures read from it; writes and what a user just did read the primary.
    DATABASE_REPLICA_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional(),
    DATA_DIR: z.string().min(1).default("./.data"),
    UPLOAD_DIR: z.string().min(1).optional(), // default: $DATA_DIR/uploads
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    PII_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (a 32-byte key)")
      .optional(),
    SEED_DEMO_DATA: boolish.optional(),
    SESSION_COOKIE_SECURE: boolish.optional(), // default: on in production
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_/, "must be a Stripe secret key (sk_test_… or sk_live_…)")
      .optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must start with whsec_").optional(),
    STRIPE_API_URL: z.string().url().optional(), // a local fake Stripe in tests
    // Shared state between app processes (login and lookup brakes); unset: kept in this process.
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
      .optional(),
    // Notifications (issue 18, decision 092): e-mail through this SMTP server; unset: e-mail is recorded
    // as "not configured" (SMS goes through the demo provider, which records messages).
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, "must start with smtp:// or smtps:// (e.g. smtp://user:pass@host:587)")
      .optional(),
    // The site's public address, for links in messages (default: http://HOST:PORT).
    PUBLIC_URL: z.string().url().optional(),
    MAIL_FROM: z.string().trim().min(3).max(200).default("消费帮扶馆 <no-reply@xfbf.invalid>"),
    // Checkout Session payment method types, comma separated: card, alipay, wechat_pay (WeChat Pay
    // and Alipay only on Stripe accounts that offer them, i.e. merchants outside mainland China).
    STRIPE_PAYMENT_METHODS: z
      .string()
      .regex(
        /^(card|alipay|wechat_pay)(,(card|alipay|wechat_pay))*$/,
        "must be a comma-separated list of card, alipay, wechat_pay",
      )
      .default("card"),
    PENDING_ORDER_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
    BANK_TRANSFER_DAYS: z.coerce.number().int().min(1).max(60).default(7),
    // Days a newly approved supplier stays under public notice (公示) before it becomes active:
    // whole days end at midnight (Asia/Shanghai); a fraction (0.0005 = 43 s) runs from the approval,
    // so a rehearsal or the journey test (tests/e2e/onboarding.spec.ts) sees the notice end.
    SUPPLIER_NOTICE_DAYS: z.coerce.number().min(0).max(60).default(5),
    // Early warning (issue 21): a fall of more than this percentage of last year's attributed
    // income over the same dates, and months without any attributed income, put a household on the list.
    WARNING_DROP_PERCENT: z.coerce.number().int().min(1).max(100).default(30),
    WARNING_IDLE_MONTHS: z.coerce.number().int().min(1).max(12).default(3),
    // Who runs the site, shown in the footer and the legal pages (Chinese law asks for the operator,
    // a way to reach it and the ICP filing number). The defaults say plainly that this is a demo.
    OPERATOR_NAME: z
      .string()
      .trim()
      .min(2)
      .max(100, "must be at most 100 characters")
      .default("三门峡示范区消费帮扶馆（演示运营方）"),
    OPERATOR_NAME_EN: z
      .string()
      .trim()
      .min(2)
      .max(100, "must be at most 100 characters")
      .default("Sanmenxia Consumption Assistance Store (demo operator)"),
    SERVICE_PHONE: z
      .string()
      .regex(
        /^(?:1[3-9]\d{9}|400-?\d{3}-?\d{4}|0\d{2,3}-?\d{7,8})$/,
        "must be a mobile, a 400 number or a landline such as 0398-1234567",
      )
      .default("400-000-0000"),
    ICP_NUMBER: z
      .string()
      .regex(/^[\u4e00-\u9fff]ICP备\d{8,10}号(?:-\d{1,3})?$/, "must look like 豫ICP备12345678号-1")
      .default("豫ICP备00000000号-1"),
    // Settlement fee charged to suppliers, basis points of a statement (app/models/settlement).
    SETTLEMENT_FEE_BP: z.coerce.number().int().min(0).max(10000).default(0),
    // Impact certificates (helper F, decision 075): the platform's Ed25519 private key as a PKCS#8
    // PEM (newlines may be written \n). Default: generated once into DATA_DIR/certificate-key.pem.
    CERTIFICATE_SIGNING_KEY: z
      .string()
      .regex(/-----BEGIN PRIVATE KEY-----/, "must be a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)")
      .optional(),
    // After-sales and order tracking (docs/aftersales.md).
    AUTO_CONFIRM_DAYS: z.coerce.number().int().min(1).max(60).default(10),
    // Fractions are allowed (0.5 = half a day) so a rehearsal or a journey test can run the whole
    // window and deadline in minutes (tests/e2e/aftersales-clock.spec.ts).
    AFTERSALES_WINDOW_DAYS: z.coerce.number().positive().max(90).default(7),
    AFTERSALES_FRESH_WINDOW_DAYS: z.coerce.number().positive().max(90).default(2),
    AFTERSALES_REPLY_HOURS: z.coerce.number().positive().max(720).default(48),
    // How often each process runs the background sweeps (expiry, escalation, auto-confirm…).
    SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    // ── Alipay and WeChat Pay (helper A; docs/payments.md). A provider is offered at checkout when
    // its app id / merchant id is set; then the rest of its group is required.
    ALIPAY_APP_ID: z
      .string()
      .regex(/^\d{16}$/, "must be the 16-digit Alipay app id")
      .optional(),
    ALIPAY_PRIVATE_KEY: z.string().optional(), // the app's RSA2 private key, PEM or base64
    ALIPAY_PUBLIC_KEY: z.string().optional(), // Alipay's public key (not the app's), PEM or base64
    ALIPAY_GATEWAY: z.string().url().default("https://openapi.alipay.com/gateway.do"),
    ALIPAY_NOTIFY_URL: z.string().url().optional(),
    WECHATPAY_MCH_ID: z
      .string()
      .regex(/^\d{8,12}$/, "must be the WeChat Pay merchant id (digits)")
      .optional(),
    WECHATPAY_APP_ID: z
      .string()
      .regex(/^wx[0-9a-f]{16}$/, "must look like wx0123456789abcdef")
      .optional(),
    WECHATPAY_SERIAL: z
      .string()
      .regex(/^[0-9A-Fa-f]{8,40}$/, "must be the hex serial number")
      .optional(),
    WECHATPAY_PRIVATE_KEY: z.string().optional(), // apiclient_key.pem
    WECHATPAY_APIV3_KEY: z.string().length(32, "must be the 32-character APIv3 key").optional(),
    WECHATPAY_PLATFORM_PUBLIC_KEY: z.string().optional(), // 微信支付公钥 (or platform certificate)
    WECHATPAY_PLATFORM_SERIAL: z
      .string()
      .min(8, "must be the platform key id or certificate serial")
      .optional(),
    WECHATPAY_BASE_URL: z.string().url().default("https://api.mch.weixin.qq.com"),
    WECHATPAY_NOTIFY_URL: z.string().url().optional(),
  })
  .superRefine((env, ctx) => {
    const realDatabase = env.DATABASE_URL?.startsWith("postgres");
    if (env.NODE_ENV === "production" && realDatabase) {
      for (const key of ["SESSION_SECRET", "PII_KEY"] as const) {
        if (!env[key])
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: "is required in production with DATABASE_URL",
          });
      }
    }
    if (env.DATABASE_REPLICA_URL && !realDatabase) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_REPLICA_URL"],
        message: "needs DATABASE_URL=postgres://… (a replica of the embedded database does not exist)",
      });
    }
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_WEBHOOK_SECRET"],
        message: "is required when STRIPE_SECRET_KEY is set",
      });
    }
    const groups = [
      ["ALIPAY_APP_ID", ["ALIPAY_PRIVATE_KEY", "ALIPAY_PUBLIC_KEY", "ALIPAY_NOTIFY_URL"]],
      [
        "WECHATPAY_MCH_ID",
        [
          "WECHATPAY_APP_ID",
          "WECHATPAY_SERIAL",
          "WECHATPAY_PRIVATE_KEY",
          "WECHATPAY_APIV3_KEY",
          "WECHATPAY_PLATFORM_PUBLIC_KEY",
          "WECHATPAY_PLATFORM_SERIAL",
          "WECHATPAY_NOTIFY_URL",
        ],
      ],
    ] as const;
    for (const [lead, needed] of groups) {
      if (!env[lead]) continue;
      for (const key of needed)
        if (!env[key])
          ctx.addIssue({ code: "custom", path: [key], message: `is required when ${lead} is set` });
    }
    const keys = [
      ["ALIPAY_PRIVATE_KEY", privateKeyFrom, "an RSA private key (PEM or base64)"],
      ["ALIPAY_PUBLIC_KEY", publicKeyFrom, "Alipay's RSA public key (PEM or base64)"],
      ["WECHATPAY_PRIVATE_KEY", privateKeyFrom, "the merchant's apiclient_key.pem"],
      [
        "WECHATPAY_PLATFORM_PUBLIC_KEY",
        publicKeyFrom,
        "WeChat Pay's public key or platform certificate (PEM)",
      ],
    ] as const;
    for (const [key, parse, what] of keys) {
      const value = env[key];
      if (!value) continue;
      try {
        parse(value);
      } catch {
        ctx.addIssue({ code: "custom", path: [key], message: `must be ${what}` });
      }
    }
  });

export type Env = z.infer<typeof envSchema> & {
  SESSION_SECRET: string;
  PII_KEY: string;
  SEED_DEMO_DATA: boolean;
  SESSION_COOKIE_SECURE: boolean;
};

export class EnvError extends Error {
  constructor(public problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses settings; fills dev secrets from (or into) DATA_DIR/secrets.json when allowed. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "(settings)"} ${i.message}`));
  }
  const env = result.data;
  const embedded = !env.DATABASE_URL?.startsWith("postgres");
  const devSecrets = env.SESSION_SECRET && env.PII_KEY ? null : loadDevSecrets(env.DATA_DIR);
  return {
    ...env,
    SESSION_SECRET: env.SESSION_SECRET ?? devSecrets!.SESSION_SECRET,
    PII_KEY: env.PII_KEY ?? devSecrets!.PII_KEY,
    SEED_DEMO_DATA: env.SEED_DEMO_DATA ?? embedded,
    SESSION_COOKIE_SECURE: env.SESSION_COOKIE_SECURE ?? env.NODE_ENV === "production",
  };
}

function loadDevSecrets(dataDir: string): { SESSION_SECRET: string; PII_KEY: string } {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  const secrets = {
    SESSION_SECRET: randomBytes(32).toString("hex"),
    PII_KEY: randomBytes(32).toString("hex"),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

let cached: Env | undefined;
export function getEnv(): Env {
  return (cached ??= parseEnv(process.env));
}

/** Tests that change process.env (e.g. to point Stripe at a local fake) re-read the settings. */
export function resetEnvCache(): void {
  cached = undefined;
}
