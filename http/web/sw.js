// tatrack's service worker: the app opens without a network once it has been opened.
// Every GET of the app's own origin goes to the network first and falls back to the copy kept
// from the last answer, so an online user never sees stale pages or figures, and an offline one
// sees the shell and the activities opened before. Changes (POST, DELETE) are never touched
// here: the page keeps those in its outbox (js/outbox.js) while offline.
const CACHE = 'tatrack-v3';
const SHELL = [
  '/', '/app/app.css', '/app/js/main.js', '/app/js/api.js', '/app/js/ui.js', '/app/js/outbox.js', '/app/js/kept.js',
  '/app/js/activities.js', '/app/js/activity.js', '/app/js/dashboard.js', '/app/js/report.js', '/app/js/results.js', '/app/js/map.js', '/app/js/manage.js', '/app/vocabulary.json',
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

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request.url, response.clone());
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
  if (/^\/(docs|api-docs|metrics|healthz|readyz)/.test(url.pathname)) return;
  event.respondWith(networkFirst(request));
});
