// Control characters are never meaningful input here, and PostgreSQL refuses NUL (0x00) in text
// outright (a query with one fails: a 500). They are refused at the edges: the form parser and the
// URL check server.js runs before any loader (web-security.server.ts).

/** In a text field: every C0 control and DEL, except tab, line feed and carriage return (textareas). */
// eslint-disable-next-line no-control-regex
export const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** In a URL path or query value: every C0 control and DEL (a tab or a newline too). */
// eslint-disable-next-line no-control-regex
export const CONTROL_IN_URL = /[\u0000-\u001f\u007f]/;

export const CONTROL_CHARACTERS_MESSAGE =
  "输入含有不允许的控制字符 · The input contains control characters that are not allowed";

/**
 * Throws a 400 when a text field (name or value) of a posted form holds a control character; the
 * action never runs, so nothing changes. File parts are not text and are left to their own checks.
 */
export function refuseControlCharacters(form: FormData): FormData {
  for (const [name, value] of form) {
    if (CONTROL_IN_TEXT.test(name) || (typeof value === "string" && CONTROL_IN_TEXT.test(value))) {
      throw new Response(CONTROL_CHARACTERS_MESSAGE, {
        status: 400,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    }
  }
  return form;
}
