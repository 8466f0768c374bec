// Text a person types, used inside an ILIKE pattern: their own %, _ and \ are taken literally.
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/** `%…%`: rows whose column contains the typed text. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
