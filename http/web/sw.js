// tatrack's service worker: the app opens without a network once it has been installed.
// Installing keeps every file of the app (and the activity's rules, WebAssembly), so each page
// opens offline even if it was never opened (of the catalogues, English: the page keeps its own
// language's as it opens, which spares a phone three catalogues it will not read); every GET of the app's own origin then goes to the
// network first and falls back to the copy kept from the last answer, marked with the time it
// was fetched (X-Kept-At), so an online user never sees stale pages or figures and an offline
// one is told how old they are. Changes (POST, DELETE) are never touched here: the page keeps
// those in its outbox (js/outbox.js) while offline; Background Sync wakes it to send them.
const CACHE = 'tatrack-v10';
const SHELL = [
  '/', '/app/app.css', '/app/js/main.js', '/app/js/api.js', '/app/js/ui.js', '/app/js/outbox.js', '/app/js/kept.js',
  '/app/js/activities.js', '/app/js/activity.js', '/app/js/actions.js', '/app/js/pickers.js', '/app/js/dashboard.js', '/app/js/report.js', '/app/js/results.js', '/app/js/map.js', '/app/js/manage.js', '/app/js/rules.js', '/app/vocabulary.json',
  '/app/rules/tatrack_web_rules.js', '/app/rules/tatrack_web_rules_bg.wasm',
  '/app/js/downloads.js', '/app/js/imports.js', '/app/js/iati.js', '/app/js/people.js',
  '/app/js/attendees.js', '/app/js/participants.js', '/app/js/sheet.js', '/app/js/participant.js', '/app/js/trained.js',
  '/app/js/i18n.js', '/app/i18n/en.ftl',
  '/app/vendor/fluent-bundle/index.js', '/app/vendor/fluent-bundle/bundle.js', '/app/vendor/fluent-bundle/resolver.js',
  '/app/vendor/fluent-bundle/resource.js', '/app/vendor/fluent-bundle/scope.js', '/app/vendor/fluent-bundle/types.js',
  '/app/vendor/fluent-bundle/builtins.js', '/app/vendor/fluent-bundle/memoizer.js',
  '/app/icon.svg', '/app/manifest.webmanifest',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

const OFFLINE = JSON.stringify({
  type: '/problems/unavailable', title: 'Service Unavailable', status: 503,
  detail: 'You are offline, and this was not opened while online. It will show once the connection is back.',
});

/** `response` as kept: the same, with the time it was fetched. */
async function marked(response) {
  const headers = new Headers(response.headers);
  headers.set('X-Kept-At', new Date().toISOString());
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request.url, await marked(response.clone()));
    return response;
  } catch (_) {
    const kept = await cache.match(request.url);
    if (kept) return kept;
    return new Response(OFFLINE, { status: 503, headers: { 'Content-Type': 'application/problem+json' } });
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (/^\/(docs|api-docs|metrics|healthz|readyz|auth)/.test(url.pathname)) return;
  // Who took part (names, e-mails, a subject access file) is never kept on the device: a person
  // erased on the server must not stay readable in a phone's cache.
  if (/^\/api\/v1\/(participants|activities\/[^/]+\/attendance)/.test(url.pathname)) return;
  // Files asked for download (exports, templates) go to the network alone and are not kept.
  if (url.searchParams.has('format') || /\.(csv|xlsx)$/.test(url.pathname)) return;
  event.respondWith(networkFirst(request));
});

// Background Sync: the connection is back; the page sends its outbox (it holds the session).
self.addEventListener('sync', (event) => {
  if (event.tag !== 'outbox') return;
  event.waitUntil(self.clients.matchAll({ type: 'window' })
    .then((windows) => windows.forEach((w) => w.postMessage('send-kept'))));
});
