// Entry point: the session, the navigation and the router (URL fragments: #/activities...).
import { get, request, setCsrf, whenUnauthorized, whenKept, Problem } from './api.js';
import { h, field, view, newView, showProblem, clearErrors, instant } from './ui.js';
import { activitiesPage, unfilteredPaths } from './activities.js';
import { activityPage, planPage } from './activity.js';
import { dashboardPage } from './dashboard.js';
import { reportPage } from './report.js';
import { resultsPage } from './results.js';
import { outboxList } from './kept.js';
import * as outbox from './outbox.js';
import { auditPage, tokensPage } from './manage.js';
import { importPage } from './imports.js';
import { iatiPage } from './iati.js';
import { peoplePage } from './people.js';
import { participantPage } from './participant.js';
import { t, language, preferred, useLanguage, languageMenu, untranslated } from './i18n.js';

export const session = { current: null };

function route() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  const [path, search = ''] = hash.split('?');
  return { path, params: new URLSearchParams(search) };
}

function renderNav() {
  const nav = document.getElementById('nav');
  const s = session.current;
  if (!s) { nav.replaceChildren(); return; }
  const links = [];
  if (!s.role) {
    // Signed in, nothing granted yet: no page to offer.
  } else if (s.role === 'adviser') {
    links.push(h('a', { href: '#/activities' }, t('nav-my-activities')), h('a', { href: '#/plan' }, t('nav-plan')));
    links.push(h('a', { href: '#/import' }, t('nav-import')));
  } else {
    links.push(h('a', { href: '#/dashboard' }, t('nav-dashboard')), h('a', { href: '#/results' }, t('nav-results')),
      h('a', { href: '#/activities' }, t('nav-activities')), h('a', { href: '#/report' }, t('nav-report')));
    if (s.role === 'manager' || s.role === 'admin') links.push(h('a', { href: '#/audit' }, t('nav-audit')));
    if (s.role === 'manager' || s.role === 'admin') links.push(h('a', { href: '#/iati' }, t('nav-iati')));
    if (s.role === 'admin') links.push(h('a', { href: '#/import' }, t('nav-import')));
    if (s.role === 'admin') links.push(h('a', { href: '#/people' }, t('nav-people')), h('a', { href: '#/tokens' }, t('nav-tokens')));
  }
  const kept = h('a', { href: '#/outbox', id: 'outbox-count', hidden: true });
  outbox.entries(s.name).then((all) => {
    const waiting = all.filter((e) => e.state === 'waiting').length;
    const refused = all.length - waiting;
    const counts = { waiting, refused };
    if (waiting && refused) kept.textContent = t('outbox-waiting-and-refused', counts);
    else if (waiting) kept.textContent = t('outbox-waiting', counts);
    else if (refused) kept.textContent = t('outbox-refused', counts);
    kept.hidden = all.length === 0;
  }).catch(() => {});
  nav.replaceChildren(
    ...links,
    kept,
    h('span', { class: 'who' }, t('nav-who', { name: s.name, role: s.role || 'none' })),
    h('button', { type: 'button', class: 'link', id: 'signout', onclick: signOut }, t('sign-out')),
  );
}

/** Forgets the API answers kept for offline use: they belong to the user signing in or out. */
async function forgetKeptAnswers() {
  if (!('caches' in window)) return;
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      if (new URL(request.url).pathname.startsWith('/api/')) await cache.delete(request);
    }
  }
}

async function signOut() {
  let ended = null;
  try { ended = await request('DELETE', '/api/v1/session', { quietAuth: true }); } catch (_) { /* already ended */ }
  await forgetKeptAnswers();
  session.current = null;
  setCsrf(null);
  renderNav();
  // Signed in by the identity provider: sign out there too, and come back to the start.
  if (ended && ended.provider_logout_url) { location.href = ended.provider_logout_url; return; }
  location.hash = '#/signin';
}

async function signInPage(params) {
  const page = view();
  const form = h('form', { class: 'card narrow', novalidate: true, 'aria-label': t('signin-form-label') });
  const tokenField = field(t('signin-token'), 'token', {
    type: 'password',
    hint: t('signin-token-hint'),
    required: true,
    attrs: { autocomplete: 'off', spellcheck: 'false' },
  });
  form.append(tokenField, h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('signin-button'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const token = form.elements.token.value.trim();
    if (!token) {
      showProblem(form, new Problem(422, { detail: t('signin-token-missing'), field: 'token' }));
      return;
    }
    try {
      const answer = await request('POST', '/api/v1/session', { body: { token }, quietAuth: true });
      form.elements.token.value = '';
      await forgetKeptAnswers();
      signedIn(answer);
      keepSessionForOffline();
      sendKept();
      keepForOffline();
      location.hash = answer.role === 'adviser' ? '#/activities' : '#/dashboard';
    } catch (problem) {
      if (problem.status === 401) problem.field = 'token';
      showProblem(form, problem);
    }
  });
  const intro = h('p', {}, t('signin-intro'));
  const failed = params.get('failed')
    ? h('p', { class: 'form-error', role: 'alert', id: 'signin-failed' }, t('signin-failed', { reason: params.get('failed') })) : null;
  // With the organisation's identity provider configured, its button comes first and the
  // token box moves under "Other ways to sign in".
  const provider = await get('/auth/oidc/provider', { quietAuth: true }).catch(() => null);
  if (!provider) {
    page(t('signin-title'), intro, failed, form);
    form.elements.token.focus();
    return;
  }
  const button = h('a', { class: 'button', id: 'signin-provider', href: '/auth/oidc/login' }, t('signin-provider', { provider: provider.name }));
  page(t('signin-title'), intro, failed, h('div', { class: 'card narrow' }, h('p', {}, button)),
    h('details', { class: 'card narrow other-ways' }, h('summary', {}, t('signin-other-ways')), form));
  button.focus();
}

function noRightsPage(s) {
  const email = s.person?.email;
  view()(t('no-role-title'),
    h('p', { id: 'no-role' }, email ? t('no-role-signed-in-email', { name: s.name, email }) : t('no-role-signed-in', { name: s.name })),
    h('p', {}, t('no-role-ask')));
}

async function outboxPage(s) {
  const page = view();
  const kept = await outbox.entries(s.name);
  const discard = async (entry) => {
    if (!window.confirm(t('outbox-discard-confirm', { label: entry.label, title: entry.title || entry.activity }))) return;
    await outbox.discard(entry.seq);
    await render();
  };
  const save = async (entry, body) => {
    await outbox.revise(entry.seq, body);
    await sendKept();
    await render();
  };
  page(t('outbox-title'),
    h('p', {}, t('outbox-intro')),
    kept.length ? outboxList(kept, { discard, save }) : h('p', { class: 'ok' }, t('outbox-empty')),
    kept.some((e) => e.state === 'waiting')
      ? h('button', { type: 'button', onclick: () => sendKept() }, t('outbox-send-now')) : null);
}

/** Asks for the session once more so that the service worker keeps it for offline starts. */
function keepSessionForOffline() {
  if (session.current) get('/api/v1/session', { quietAuth: true }).catch(() => {});
}

/** How long to wait before sending again what could not reach the server: doubling, at most 30 s. */
const retry = { delay: 1000, timer: null };

/**
 * Sends what the outbox keeps, then shows what changed. Called when the page starts, when the
 * connection comes back (the `online` event, or Background Sync through the service worker), and
 * again with backoff while a command still waits for the connection.
 */
async function sendKept() {
  const s = session.current;
  if (!s) return;
  clearTimeout(retry.timer);
  const sent = await outbox.flush(s.name).catch(() => ({ landed: 0, refused: 0, stalled: true }));
  if (sent.stalled) {
    retry.timer = setTimeout(sendKept, retry.delay);
    retry.delay = Math.min(retry.delay * 2, 30000);
  } else {
    retry.delay = 1000;
  }
  const { path } = route();
  if ((sent.landed || sent.refused) && (path === '/outbox' || path.startsWith('/activity/') || path === '/activities')) await render();
}

/** Asks the browser to wake the page when the connection is back (Background Sync, where it has it). */
function syncWhenOnline() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.ready.then((registration) => registration.sync && registration.sync.register('outbox')).catch(() => {});
}

/**
 * Fetches, while online, what the pages need to open offline: the lists and vocabularies, and
 * the adviser's recent activities with their history. The service worker keeps each answer.
 */
async function keepForOffline() {
  const s = session.current;
  if (!s || !navigator.onLine) return;
  const fetched = (path) => get(path, { quietAuth: true }).catch(() => null);
  // The worker installs the English catalogue only; this keeps the one the person reads.
  fetch(`/app/i18n/${language()}.ftl`).catch(() => null);
  await Promise.all(['/app/vocabulary.json', '/api/v1/programmes', '/api/v1/countries', '/api/v1/organisations', ...unfilteredPaths()].map(fetched));
  const recent = await fetched('/api/v1/activities?limit=20');
  for (const item of recent ? recent.items : []) {
    await fetched(`/api/v1/activities/${item.id}`);
    if (s.role !== 'donor') await fetched(`/api/v1/activities/${item.id}/history`);
  }
}

function signedIn(answer) {
  session.current = answer;
  setCsrf(answer.csrf_token);
  renderNav();
}

/** The oldest kept answer the current page shows, told above it while offline. */
const shownKept = { oldest: null };

function showKept(at) {
  if (shownKept.oldest && shownKept.oldest <= at) return;
  shownKept.oldest = at;
  const notice = document.getElementById('offline-notice');
  notice.textContent = t('offline-notice', { when: instant(at) });
  notice.hidden = false;
}

/** The pages whose catalogue is not written yet: English in every language. */
const STILL_ENGLISH = ['/report'];
/** The other pages: in English, French and Spanish (Arabic has only the shell so far). */
const PAGES = ['/activities', '/plan', '/activity/', '/participants/', '/import', '/dashboard', '/results', '/audit', '/tokens', '/people', '/iati'];
const PAGE_LANGUAGES = ['en', 'fr', 'es'];

/**
 * Whether the page at `path` shows its words in English only, in the language shown (marked so
 * for screen readers, and left to right inside a right-to-left shell).
 */
function englishOnly(path) {
  const page = ['/activity/', '/participants/'].find((prefix) => path.startsWith(prefix)) || path;
  if (STILL_ENGLISH.includes(page)) return true;
  return PAGES.includes(page) && !PAGE_LANGUAGES.includes(language());
}

async function render() {
  newView();
  shownKept.oldest = null;
  document.getElementById('offline-notice').hidden = true;
  const { path, params } = route();
  const main = document.getElementById('main');
  untranslated(main, false);
  if (path === '/signin' || !session.current) {
    if (path !== '/signin') { location.hash = '#/signin'; return; }
    await signInPage(params);
    return;
  }
  const s = session.current;
  if (!s.role) { noRightsPage(s); return; }
  const page = view();
  untranslated(main, englishOnly(path));
  try {
    if (path === '/') {
      location.hash = s.role === 'adviser' ? '#/activities' : '#/dashboard';
    } else if (path === '/activities') {
      await activitiesPage(s, params);
    } else if (path === '/plan') {
      await planPage(s);
    } else if (path.startsWith('/activity/')) {
      await activityPage(s, decodeURIComponent(path.slice('/activity/'.length)), params);
    } else if (path.startsWith('/participants/') && ['adviser', 'manager'].includes(s.role)) {
      await participantPage(s, decodeURIComponent(path.slice('/participants/'.length)));
    } else if (path === '/audit') {
      await auditPage(s, params);
    } else if (path === '/tokens') {
      await tokensPage(s);
    } else if (path === '/people') {
      await peoplePage(s);
    } else if (path === '/outbox') {
      await outboxPage(s);
    } else if (path === '/dashboard') {
      await dashboardPage(s, params);
    } else if (path === '/report') {
      await reportPage(s, params);
    } else if (path === '/results') {
      await resultsPage(s, params);
    } else if (path === '/import') {
      await importPage(s);
    } else if (path === '/iati') {
      await iatiPage(s, params);
    } else {
      page(t('not-found-title'), h('p', {}, t('not-found'), ' ', h('a', { href: '#/' }, t('not-found-start'))));
    }
  } catch (problem) {
    if (problem.status === 401) return;
    untranslated(main, false);
    const title = problem.status === 404 ? t('not-found-title') : t('went-wrong-title');
    page(title, h('p', { class: 'form-error', role: 'alert' }, problem.message));
  }
}

whenKept(showKept);

whenUnauthorized(() => {
  session.current = null;
  setCsrf(null);
  renderNav();
  if (route().path !== '/signin') location.hash = '#/signin';
});

/** The words of the page's frame (index.html) in the language shown. */
function translateFrame() {
  document.getElementById('skip').textContent = t('skip-to-content');
  document.getElementById('nav').setAttribute('aria-label', t('nav-label'));
}

/** The language changed in the header's menu: the frame, the navigation and the page again. */
async function languageChanged() {
  translateFrame();
  renderNav();
  await render();
}

async function start() {
  await useLanguage(preferred());
  translateFrame();
  document.querySelector('header.top').append(languageMenu(languageChanged));
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').catch(() => {});
    navigator.serviceWorker.addEventListener('controllerchange', () => { keepSessionForOffline(); keepForOffline(); });
  }
  outbox.onChange(() => renderNav());
  outbox.onKept(syncWhenOnline);
  window.addEventListener('online', () => { retry.delay = 1000; sendKept(); keepForOffline(); });
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', (event) => { if (event.data === 'send-kept') sendKept(); });
  }
  setInterval(() => sendKept(), 30000);
  try {
    signedIn(await get('/api/v1/session', { quietAuth: true }));
  } catch (_) {
    session.current = null;
  }
  window.addEventListener('hashchange', () => {
    render().then(() => document.getElementById('main').focus({ preventScroll: true }));
  });
  document.getElementById('skip').addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('main').focus();
  });
  await render();
  sendKept();
  keepForOffline();
}

start();
