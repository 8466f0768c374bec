// RSA keys as merchants get them from Alipay's and WeChat Pay's consoles: a PEM file (its line
// breaks possibly written as "\n" in an environment variable) or the bare base64 body that
// Alipay's key tool prints (PKCS#8 or PKCS#1 private keys, SPKI public keys).
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

const unescape = (text: string) => text.trim().replace(/\\n/g, "\n");

/** A private key from PEM or base64 DER (PKCS#8, else PKCS#1); throws when it is not one. */
export function privateKeyFrom(text: string): KeyObject {
  const value = unescape(text);
  if (value.includes("-----BEGIN")) return createPrivateKey(value);
  const der = Buffer.from(value.replace(/\s+/g, ""), "base64");
  try {
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } catch {
    return createPrivateKey({ key: der, format: "der", type: "pkcs1" });
  }
}

/** A public key from PEM (key or certificate) or base64 SPKI DER; throws when it is not one. */
export function publicKeyFrom(text: string): KeyObject {
  const value = unescape(text);
  if (value.includes("-----BEGIN")) return createPublicKey(value);
  return createPublicKey({
    key: Buffer.from(value.replace(/\s+/g, ""), "base64"),
    format: "der",
    type: "spki",
  });
}

/** PKCS#8 / SPKI PEM text of a key (what alipay-sdk expects). */
export const pemOf = (key: KeyObject): string =>
  key.type === "private"
    ? (key.export({ format: "pem", type: "pkcs8" }) as string)
    : (key.export({ format: "pem", type: "spki" }) as string);
