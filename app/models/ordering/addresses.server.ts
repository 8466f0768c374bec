// The address book: a signed-in shopper's saved shipping addresses, used to prefill checkout.
// Every function takes the caller's user id and touches only that user's rows: another shopper's
// address id reads as "not found". At most ADDRESS_BOOK_LIMIT addresses, at most one default
// (partial unique index addresses_one_default); writes that count or move the default run under
// the user's row lock, so two parallel "set default" (or adds at the limit) leave one outcome.
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { db, schema as s, type Transaction } from "~/lib/db.server";
import { parseForm } from "~/lib/form";
import { localeFromRequest, type Locale } from "~/lib/i18n";
import { checkDivision, pickerOptions } from "./divisions.server";
import { addressForm } from "./storefront-forms.server";

export const ADDRESS_BOOK_LIMIT = 20;

export type AddressInput = {
  contactName: string;
  contactMobile: string;
  province: string;
  city: string;
  district: string;
  detail: string;
};

export type SavedAddress = AddressInput & { id: string; isDefault: boolean };

export type AddressResult =
  | { ok: true; id: string }
  | { ok: false; code: "not_found" | "limit" }
  | { ok: false; code: "division"; field: "province" | "city" | "district" };

const columns = {
  id: s.addresses.id,
  contactName: s.addresses.contactName,
  contactMobile: s.addresses.contactMobile,
  province: s.addresses.province,
  city: s.addresses.city,
  district: s.addresses.district,
  detail: s.addresses.detail,
  isDefault: s.addresses.isDefault,
};

const mine = (userId: string, id: string) => and(eq(s.addresses.userId, userId), eq(s.addresses.id, id));

/** Serialises the user's address-book writes (count, default) on their users row. */
async function lockUser(tx: Transaction, userId: string) {
  await tx.select({ id: s.users.id }).from(s.users).where(eq(s.users.id, userId)).for("update");
}

/** The default first, then the newest. */
export async function listAddresses({ userId }: { userId: string }): Promise<SavedAddress[]> {
  return db
    .select(columns)
    .from(s.addresses)
    .where(eq(s.addresses.userId, userId))
    .orderBy(desc(s.addresses.isDefault), desc(s.addresses.createdAt), desc(s.addresses.id));
}

/** One of the user's addresses, or null (also for another shopper's id). */
export async function getAddress({
  userId,
  id,
}: {
  userId: string;
  id: string;
}): Promise<SavedAddress | null> {
  const [row] = await db.select(columns).from(s.addresses).where(mine(userId, id));
  return row ?? null;
}

/** One of the user's addresses with its picker's options, for the edit page; null when not theirs. */
export async function getAddressForEdit({
  userId,
  id,
  locale,
}: {
  userId: string;
  id: string;
  locale: Locale;
}) {
  const address = await getAddress({ userId, id });
  return address ? { address, options: pickerOptions({ ...address, locale }) } : null;
}

function clean(input: AddressInput) {
  const check = checkDivision(input);
  if (!check.ok) return check;
  return {
    ok: true as const,
    values: {
      contactName: input.contactName.trim(),
      contactMobile: input.contactMobile.trim(),
      province: input.province,
      city: input.city,
      district: input.district,
      districtCode: check.districtCode,
      detail: input.detail.trim(),
    },
  };
}

async function makeDefault(tx: Transaction, userId: string, id: string) {
  await tx
    .update(s.addresses)
    .set({ isDefault: false, updatedAt: new Date() })
    .where(and(eq(s.addresses.userId, userId), eq(s.addresses.isDefault, true), ne(s.addresses.id, id)));
  await tx.update(s.addresses).set({ isDefault: true, updatedAt: new Date() }).where(mine(userId, id));
}

async function insertAddress(
  tx: Transaction,
  userId: string,
  values: Exclude<ReturnType<typeof clean>, { ok: false }>["values"],
  wantDefault: boolean,
): Promise<AddressResult> {
  const [{ count, defaults }] = await tx
    .select({
      count: sql<number>`count(*)::int`,
      defaults: sql<number>`count(*) filter (where ${s.addresses.isDefault})::int`,
    })
    .from(s.addresses)
    .where(eq(s.addresses.userId, userId));
  if (count >= ADDRESS_BOOK_LIMIT) return { ok: false, code: "limit" };
  const [row] = await tx
    .insert(s.addresses)
    .values({ ...values, userId, isDefault: false })
    .returning({ id: s.addresses.id });
  // The first address is the default whatever was ticked.
  if (wantDefault || defaults === 0) await makeDefault(tx, userId, row.id);
  return { ok: true, id: row.id };
}

/** Adds an address, or changes one of the user's (id given). */
export async function saveAddress({
  userId,
  id,
  input,
  makeDefault: wantDefault = false,
}: {
  userId: string;
  id?: string;
  input: AddressInput;
  makeDefault?: boolean;
}): Promise<AddressResult> {
  const cleaned = clean(input);
  if (!cleaned.ok) return cleaned;
  return db.transaction(async (tx) => {
    await lockUser(tx, userId);
    if (!id) return insertAddress(tx, userId, cleaned.values, wantDefault);
    const [row] = await tx
      .update(s.addresses)
      .set({ ...cleaned.values, updatedAt: new Date() })
      .where(mine(userId, id))
      .returning({ id: s.addresses.id });
    if (!row) return { ok: false, code: "not_found" };
    if (wantDefault) await makeDefault(tx, userId, id);
    return { ok: true, id };
  });
}

/** Makes one of the user's addresses the default (the previous default stops being one). */
export async function setDefaultAddress({
  userId,
  id,
}: {
  userId: string;
  id: string;
}): Promise<AddressResult> {
  return db.transaction(async (tx) => {
    await lockUser(tx, userId);
    const [row] = await tx.select({ id: s.addresses.id }).from(s.addresses).where(mine(userId, id));
    if (!row) return { ok: false, code: "not_found" };
    await makeDefault(tx, userId, id);
    return { ok: true, id };
  });
}

/** Deletes one of the user's addresses; when it was the default, the newest remaining one becomes it. */
export async function deleteAddress({ userId, id }: { userId: string; id: string }): Promise<AddressResult> {
  return db.transaction(async (tx) => {
    await lockUser(tx, userId);
    const [gone] = await tx
      .delete(s.addresses)
      .where(mine(userId, id))
      .returning({ id: s.addresses.id, isDefault: s.addresses.isDefault });
    if (!gone) return { ok: false, code: "not_found" };
    if (gone.isDefault) {
      const [next] = await tx
        .select({ id: s.addresses.id })
        .from(s.addresses)
        .where(eq(s.addresses.userId, userId))
        .orderBy(desc(s.addresses.createdAt), desc(s.addresses.id))
        .limit(1);
      if (next) await makeDefault(tx, userId, next.id);
    }
    return { ok: true, id };
  });
}

/**
 * Checkout's "save to address book", inside the order's transaction: adds the shipping address
 * unless the user already has the same one or the book is full (the order goes ahead either way).
 */
export async function rememberAddressInTx(
  tx: Transaction,
  userId: string,
  input: AddressInput,
): Promise<"saved" | "known" | "full" | "invalid"> {
  const cleaned = clean(input);
  if (!cleaned.ok) return "invalid";
  await lockUser(tx, userId);
  const v = cleaned.values;
  const [same] = await tx
    .select({ id: s.addresses.id })
    .from(s.addresses)
    .where(
      and(
        eq(s.addresses.userId, userId),
        eq(s.addresses.contactName, v.contactName),
        eq(s.addresses.contactMobile, v.contactMobile),
        eq(s.addresses.districtCode, v.districtCode),
        eq(s.addresses.detail, v.detail),
      ),
    )
    .limit(1);
  if (same) return "known";
  const result = await insertAddress(tx, userId, v, false);
  return result.ok ? "saved" : "full";
}

/**
 * The address book's add and edit post, one path for both: a 选择 ("pick") post comes back with the
 * next level of the 省/市/区县 picker and nothing lost; bad input comes back with its messages;
 * otherwise the address is saved (`id` given: the user's own address, else not_found).
 */
export async function submitAddressForm({
  request,
  userId,
  id,
}: {
  request: Request;
  userId: string;
  id?: string;
}) {
  const form = await parseForm(request, addressForm());
  const values = form.values;
  const locale = localeFromRequest(request);
  const options = pickerOptions({ province: values.province, city: values.city, locale });
  const page = (fieldErrors: Record<string, string[]>, limitReached = false) => ({
    fieldErrors,
    values,
    options,
    limitReached,
  });
  if (values.intent === "pick") return { status: 200, page: page({}) } as const;
  if (!form.ok) return { status: 400, page: page(form.fieldErrors) } as const;
  const { makeDefault, ...input } = form.data;
  const result = await saveAddress({ userId, id, input, makeDefault: makeDefault === "1" });
  if (result.ok) return { status: "saved" } as const;
  if (result.code === "division")
    return { status: 400, page: page({ [result.field]: ["division"] }) } as const;
  if (result.code === "limit") return { status: 409, page: page({}, true) } as const;
  return { status: 404 } as const;
}
