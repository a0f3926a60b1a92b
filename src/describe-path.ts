/** Where in a parsed YAML/JSON document a schema problem is, for one-line error messages. */

/** "models[3] (id qwen-long).prices[0].input" — paths name the entry's id where it has one. */
export function describePath(data: unknown, path: Array<string | number>): string {
  let out = '';
  let node: unknown = data;
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : key;
    node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
    if (typeof key === 'number' && node && typeof node === 'object' && 'id' in node) {
      out += ` (id ${String((node as { id: unknown }).id)})`;
    }
  }
  return out || '(top level)';
}
