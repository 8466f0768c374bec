// A form field typed in yuan, for zod schemas (app/lib/form.ts parses the forms).
import { z } from "zod";
import { parseYuan } from "./money";

/** A form field typed in yuan, read as integer fen; `message` when malformed (or zero, when `positive`). */
export function yuanField(message: string, { positive = false }: { positive?: boolean } = {}) {
  return z
    .string()
    .trim()
    .transform((text, ctx) => {
      const fen = parseYuan(text);
      if (fen === null || (positive && fen === 0)) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return fen;
    });
}
