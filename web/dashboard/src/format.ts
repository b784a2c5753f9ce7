/** Event data shown as JSON text; callers put it in a text node, never in HTML. */
export function formatData(data: unknown): string {
  try {
    return JSON.stringify(data, null, 2) ?? String(data);
  } catch {
    return String(data);
  }
}
