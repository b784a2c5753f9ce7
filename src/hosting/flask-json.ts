/**
 * JSON exactly as Flask's `jsonify` writes it (BoardMate's wire format): object keys sorted,
 * compact separators, non-ASCII escaped as \uXXXX (`ensure_ascii=True`). Existing bots compare
 * and log these bodies, so byte-level fidelity is cheap insurance.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function flaskJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Python's repr() of a str/int, used to reproduce BoardMate's log wording (`{'resource': {...}, 'money': '200'}`). */
export type PyValue = string | number | { [key: string]: PyValue };

export function pythonRepr(value: PyValue): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
    .join(', ')}}`;
}
