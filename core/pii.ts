// Personal data of the beneficiary registry: ID card numbers are encrypted at rest (AES-256-GCM),
// found by keyed hash (HMAC-SHA256), and shown masked to everyone but officials of the region.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = "10X98765432";

/** GB 11643 check character for the first 17 digits. */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

/** 18 characters, 17 digits and a check character that matches, and a real birth date. */
export function isValidIdCard(value: string): boolean {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false;
  return idCardCheckChar(id.slice(0, 17)) === id[17];
}

function keyBytes(piiKey: string): Buffer {
  const key = Buffer.from(piiKey, "hex");
  if (key.length !== 32) throw new Error("PII_KEY must be 64 hex characters (32 bytes)");
  return key;
}

export function encryptPii(plain: string, piiKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyBytes(piiKey), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(
    ".",
  );
}

export function decryptPii(sealed: string, piiKey: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("Unreadable encrypted value");
  const decipher = createDecipheriv("aes-256-gcm", keyBytes(piiKey), Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
}

/** Keyed hash used to find a household by ID number without decrypting the registry. */
export function piiLookupHash(idCard: string, piiKey: string): string {
  return createHmac("sha256", keyBytes(piiKey)).update(idCard.trim().toUpperCase()).digest("hex");
}

/** 410122199001011234 → 4101**********1234 */
export function maskIdCard(idCard: string): string {
  const id = idCard.trim().toUpperCase();
  return `${id.slice(0, 4)}${"*".repeat(Math.max(0, id.length - 8))}${id.slice(-4)}`;
}

/** 张三明 → 张*明, 李四 → 李*, 欧阳娜娜 → 欧**娜 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join("");
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
