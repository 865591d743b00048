// The outbox: commands made while offline, kept in IndexedDB with their activity id and
// Idempotency-Key, and sent in the order they were made once the connection is back. A command
// whose answer was lost half-way is sent again with the same key, so the server records it once.
// A command the server refuses (409, 422...) stays, marked with the reason, until the adviser
// puts it right (it then waits again, with the same key) or discards it; nothing typed is
// dropped silently.
import { request } from './api.js';

const DB = 'tatrack';
const STORE = 'outbox';
const listeners = new Set();

function database() {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(DB, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
}

async function run(mode, work) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const asked = work(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(asked ? asked.result : undefined); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

const keptListeners = new Set();

function changed() { for (const listener of listeners) listener(); }

/** Calls `listener` whenever the outbox changes. */
export function onChange(listener) { listeners.add(listener); }

/** Calls `listener` whenever a command is kept to be sent later. */
export function onKept(listener) { keptListeners.add(listener); }

/** Every kept command of `actor`, oldest first. */
export async function entries(actor) {
  const all = await run('readonly', (store) => store.getAll());
  return all.filter((e) => e.actor === actor).sort((a, b) => a.seq - b.seq);
}

/**
 * Keeps a command: { actor, activity, title, label, action, path, body, key, ifMatch }. `action`
 * is the domain's name for it (the page folds kept commands with the rules by it); `ifMatch`,
 * for commands that name a line or an output by its place, is the version they were made on.
 */
export async function keep(command) {
  await run('readwrite', (store) => store.add({ ...command, state: 'waiting', made_at: new Date().toISOString() }));
  changed();
  for (const listener of keptListeners) listener();
}

/** Replaces a kept command's body, keeping its place and key; it waits to be sent again. */
export async function revise(seq, body) {
  const entry = await run('readonly', (store) => store.get(seq));
  if (!entry) return;
  const waiting = { ...entry, body, state: 'waiting', edited_at: new Date().toISOString() };
  for (const refusal of ['status', 'reason', 'field']) delete waiting[refusal];
  await run('readwrite', (store) => store.put(waiting));
  changed();
}

export async function discard(seq) {
  await run('readwrite', (store) => store.delete(seq));
  changed();
}

let sending = null;

/**
 * Sends `actor`'s waiting commands in order. Stops at the first that cannot reach the server
 * (it stays waiting, with its key); marks refused ones with the server's reason. Answers
 * { landed, refused, stalled }: how many landed, how many were refused, and whether one still
 * waits for the connection.
 */
export function flush(actor) {
  if (!sending) sending = send(actor).finally(() => { sending = null; });
  return sending;
}

async function send(actor) {
  let landed = 0;
  let refused = 0;
  for (const entry of await entries(actor)) {
    if (entry.state !== 'waiting') continue;
    const headers = { 'Idempotency-Key': entry.key };
    if (entry.ifMatch !== undefined) headers['If-Match'] = `"${entry.ifMatch}"`;
    try {
      await request('POST', entry.path, { body: entry.body, headers, quietAuth: true });
      await run('readwrite', (store) => store.delete(entry.seq));
      landed += 1;
    } catch (problem) {
      // Offline, unavailable, rate-limited or signed out: try again later, in the same order.
      if ([0, 401, 408, 429, 500, 502, 503, 504].includes(problem.status)) return { landed, refused, stalled: true };
      await run('readwrite', (store) => store.put({ ...entry, state: 'refused', status: problem.status, reason: problem.detail, field: problem.field }));
      refused += 1;
    }
    changed();
  }
  return { landed, refused, stalled: false };
}
