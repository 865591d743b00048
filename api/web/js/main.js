// Entry point: the session, the navigation and the router (URL fragments: #/activities...).
import { get, request, setCsrf, whenUnauthorized, Problem } from './api.js';
import { h, field, page, showProblem, clearErrors } from './ui.js';
import { activitiesPage } from './activities.js';
import { activityPage, planPage } from './activity.js';
import { dashboardPage } from './dashboard.js';

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
  if (s.role === 'adviser') {
    links.push(h('a', { href: '#/activities' }, 'My activities'), h('a', { href: '#/plan' }, 'Plan an activity'));
  } else {
    links.push(h('a', { href: '#/dashboard' }, 'Dashboard'), h('a', { href: '#/activities' }, 'Activities'));
  }
  nav.replaceChildren(
    ...links,
    h('span', { class: 'who' }, `${s.name} (${s.role})`),
    h('button', { type: 'button', class: 'link', id: 'signout', onclick: signOut }, 'Sign out'),
  );
}

async function signOut() {
  try { await request('DELETE', '/api/v1/session', { quietAuth: true }); } catch (_) { /* already ended */ }
  session.current = null;
  setCsrf(null);
  renderNav();
  location.hash = '#/signin';
}

function signInPage() {
  const form = h('form', { class: 'card narrow', novalidate: true });
  const tokenField = field('Your access token', 'token', {
    type: 'password',
    hint: 'Paste the token you were given once; it is exchanged for a session and not kept in the browser.',
    required: true,
    attrs: { autocomplete: 'off', spellcheck: 'false' },
  });
  form.append(tokenField, h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Sign in')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const token = form.elements.token.value.trim();
    if (!token) {
      showProblem(form, new Problem(422, { detail: 'Paste your token first.', field: 'token' }));
      return;
    }
    try {
      const answer = await request('POST', '/api/v1/session', { body: { token }, quietAuth: true });
      form.elements.token.value = '';
      signedIn(answer);
      location.hash = answer.role === 'adviser' ? '#/activities' : '#/dashboard';
    } catch (problem) {
      if (problem.status === 401) problem.field = 'token';
      showProblem(form, problem);
    }
  });
  page('Sign in', h('p', {}, 'tatrack records technical-assistance activities from plan to report.'), form);
  form.elements.token.focus();
}

function signedIn(answer) {
  session.current = answer;
  setCsrf(answer.csrf_token);
  renderNav();
}

async function render() {
  const { path, params } = route();
  if (path === '/signin' || !session.current) {
    if (path !== '/signin') { location.hash = '#/signin'; return; }
    signInPage();
    return;
  }
  const s = session.current;
  try {
    if (path === '/') {
      location.hash = s.role === 'adviser' ? '#/activities' : '#/dashboard';
    } else if (path === '/activities') {
      await activitiesPage(s, params);
    } else if (path === '/plan') {
      await planPage(s);
    } else if (path.startsWith('/activity/')) {
      await activityPage(s, decodeURIComponent(path.slice('/activity/'.length)));
    } else if (path === '/dashboard') {
      await dashboardPage(s, params);
    } else {
      page('Not found', h('p', {}, 'There is no such page. ', h('a', { href: '#/' }, 'Go to the start.')));
    }
  } catch (problem) {
    if (problem.status === 401) return;
    const title = problem.status === 404 ? 'Not found' : 'Something went wrong';
    page(title, h('p', { class: 'form-error', role: 'alert' }, problem.message));
  }
}

whenUnauthorized(() => {
  session.current = null;
  setCsrf(null);
  renderNav();
  if (route().path !== '/signin') location.hash = '#/signin';
});

async function start() {
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
}

start();
