// The only way the app talks to the server: the REST API under /api/v1, with the session
// cookie (sent by the browser, never readable here) and the session's CSRF token on changes.

import { language } from './i18n.js';

/** An API failure: the problem+json body (RFC 9457) with its status. */
export class Problem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || `The server answered ${status}.`);
    this.status = status;
    this.type = body && body.type;
    this.detail = this.message;
    this.field = body && body.field;
    this.currentVersion = body && body.current_version;
    this.body = body;
  }
}

let csrfToken = null;
let onUnauthorized = () => {};
let onKeptAnswer = () => {};

export function setCsrf(token) { csrfToken = token; }
export function whenUnauthorized(handler) { onUnauthorized = handler; }
/** Calls `handler(fetchedAt)` for each answer the service worker gave from its copy (offline). */
export function whenKept(handler) { onKeptAnswer = handler; }

/** A random UUID (v4); works where crypto.randomUUID does not (plain HTTP on a LAN). */
export function uuid() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Sends a request; answers the parsed JSON body (null for 204; the text with `text`), throws a Problem otherwise. */
export async function request(method, path, { body, headers = {}, quietAuth = false, text: asText = false } = {}) {
  // The server answers (problems, names, headers) in the language the app shows.
  const sent = { Accept: 'application/json', 'Accept-Language': language(), ...headers };
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  if (!['GET', 'HEAD'].includes(method) && csrfToken) sent['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (_) {
    throw unreachable();
  }
  const keptAt = response.headers.get('X-Kept-At');
  if (keptAt) onKeptAnswer(keptAt);
  if (response.status === 204) return null;
  const text = await response.text();
  return answer(response.status, text, quietAuth, asText);
}

function unreachable() {
  return new Problem(0, {
    title: 'Offline',
    detail: 'The server cannot be reached. Nothing you typed is lost: try again when the connection is back.',
  });
}

/** The answer's body: parsed JSON (or the text itself with `asText`), or a Problem thrown. */
function answer(status, text, quietAuth, asText) {
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (_) { data = null; }
  if (status < 200 || status > 299) {
    const problem = new Problem(status, data || { detail: text });
    if (status === 401 && !quietAuth) onUnauthorized(problem);
    throw problem;
  }
  return asText ? text : data;
}

/**
 * Posts `form` (a FormData holding a file) as multipart/form-data, or a file itself as the body
 * when its `type` is given. `progress(step, share)` hears 'sending' with the share of the file
 * sent so far, then 'checking' once the whole file is with the server. Answers the parsed JSON;
 * throws a Problem.
 */
export function upload(path, form, progress = () => {}, type = null) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', language());
    if (type) xhr.setRequestHeader('Content-Type', type);
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => progress('sending', e.lengthComputable ? e.loaded / e.total : null);
    xhr.upload.onload = () => progress('checking');
    xhr.onerror = () => reject(unreachable());
    xhr.onload = () => {
      try { resolve(answer(xhr.status, xhr.responseText, false, false)); } catch (problem) { reject(problem); }
    };
    xhr.send(form);
  });
}

export const get = (path, options) => request('GET', path, options);
export const post = (path, body, headers) => request('POST', path, { body, headers });

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

let vocabulary = null;
/** Kinds, modes, outputs, institutions, countries (with names), currencies (with decimals). */
export async function words() {
  if (!vocabulary) vocabulary = await get('/app/vocabulary.json');
  return vocabulary;
}
