// The one id check: every row id is a UUID (gen_random_uuid), and a string that is not one is
// answered "not found" before it reaches PostgreSQL, which would reject it with an error.
import { z } from "zod";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

/** A form or query field that must hold a row id. */
export const IdSchema = z.string().regex(UUID);
