// CEF escaping (ArcSight CEF spec): header fields escape `\` and `|`, and cannot carry line breaks;
// extension values escape `\` and `=`, and carry line breaks as `\n` / `\r`.

const EXTENSION_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '=': '\\=', '\n': '\\n', '\r': '\\r' };
const EXTENSION_UNESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '=': '=', '|': '|', n: '\n', r: '\r' };

/** A header field: `\` → `\\`, `|` → `\|`, and any line break → one space (the header has no escape for it). */
export function escapeCefHeader(v: string): string {
  return v.replace(/\r\n|\r|\n/g, ' ').replace(/[\\|]/g, (c) => `\\${c}`);
}

/** An extension value: `\` → `\\`, `=` → `\=`, LF → `\n`, CR → `\r`. Pipes need no escape here. */
export function escapeCefValue(v: string): string {
  return v.replace(/[\\=\n\r]/g, (c) => EXTENSION_ESCAPES[c]!);
}

/** Reverses escapeCefHeader's escapes; a backslash before anything else is kept as it is. */
export function unescapeCefHeader(v: string): string {
  return v.replace(/\\([\\|])/g, '$1');
}

/** Reverses escapeCefValue (and tolerates `\|`, which some producers write); unknown escapes are kept. */
export function unescapeCefValue(v: string): string {
  return v.replace(/\\([\\=|nr])/g, (_m, c: string) => EXTENSION_UNESCAPES[c]!);
}
