import { api } from './server.js';
import type { TestSocket } from './ws.js';

/** The ids of the event frames tagged (`data.tag`) with `prefix` that a socket has received, in arrival order. */
export function idsOn(socket: TestSocket, prefix: string): number[] {
  return socket.messages
    .filter((m) => m.type === 'minecraft_event' && typeof m.event?.data?.tag === 'string' && m.event.data.tag.startsWith(prefix))
    .map((m) => m.id as number);
}

/** Every stored event, newest first, read page by page from `GET /api/events`. */
export async function storedEvents(url: string, key: string): Promise<Array<{ id: number; data: { tag?: string } }>> {
  const events: Array<{ id: number; data: { tag?: string } }> = [];
  let before: number | null = null;
  do {
    const query: string = before === null ? '' : `&before=${before}`;
    const page = await api<{ events: Array<{ id: number; data: { tag?: string } }>; next_before: number | null }>(url, 'GET', `/api/events?limit=500${query}`, { key });
    events.push(...page.body.events);
    before = page.body.next_before;
  } while (before !== null);
  return events;
}

/** The ids of stored events tagged with `prefix`, ascending. */
export async function storedIds(url: string, key: string, prefix: string): Promise<number[]> {
  return (await storedEvents(url, key)).filter((e) => e.data.tag?.startsWith(prefix)).map((e) => e.id).sort((a, b) => a - b);
}
