// The household create/edit form: shape checks only (the model checks checksum, uniqueness and
// region). Error messages are suffixes of `registry.field.<code>` messages.
import { z } from "zod";
import { HOUSEHOLD_KIND_VALUES } from "./household-kinds";

export const HouseholdForm = z.object({
  intent: z.string().optional(),
  registryCode: z.string().trim().max(32, "registry_code_invalid").optional().default(""),
  headName: z.string({ error: "name_invalid" }).trim().min(1, "name_invalid").max(30, "name_invalid"),
  idCard: z.string().trim().max(18, "id_card_invalid").optional().default(""),
  memberCount: z
    .string({ error: "member_count_invalid" })
    .trim()
    .regex(/^\d{1,2}$/, "member_count_invalid")
    .transform(Number),
  villageId: z
    .string({ error: "village_not_found" })
    .regex(/^\d{1,9}$/, "village_not_found")
    .transform(Number),
  kind: z.enum(HOUSEHOLD_KIND_VALUES, { error: "kind_invalid" }),
  status: z.enum(["active", "inactive"], { error: "status_invalid" }).optional(),
});
