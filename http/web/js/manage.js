// Managers' and admins' pages: the audit (the hash chain's verification, the projector's
// progress, the global feed with its filters) and, for admins, token management.
import { get, post, query, words as vocabulary, uuid, Problem } from './api.js';
import { h, field, select, view, words, n, showProblem, clearErrors, cards } from './ui.js';
import { downloads } from './downloads.js';
import { scopeFields, scopeFrom, scopeInWords } from './people.js';

function facts(rows) {
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '–')]));
}

/** "2019-10-20T10:00" typed in a datetime-local field, as RFC 3339 in UTC. */
const instant = (value) => (value ? `${value.length === 16 ? `${value}:00` : value}Z` : '');

export async function auditPage(session, params) {
  const page = view();
  const filters = { actor: params.get('actor') || '', from: params.get('from') || '', to: params.get('to') || '' };
  // What the feed asks, and what its downloads save: the same page of the log.
  const asked = { ...filters, from: instant(filters.from), to: instant(filters.to), after: params.get('after') || '', limit: 50 };
  const [verification, status, feed] = await Promise.all([
    get('/api/v1/audit/verify').catch((problem) => {
      if (problem.status === 409) return { broken: problem };
      throw problem;
    }),
    get('/api/v1/projections/status'),
    get(`/api/v1/audit/events${query(asked)}`),
  ]);
  const chain = verification.broken
    ? h('p', { class: 'form-error', role: 'alert' }, 'The hash chain is broken: ', verification.broken.detail)
    : facts([
      ['Result', h('span', { class: verification.intact ? 'ok' : 'error' }, verification.intact ? 'Intact: no stored event was altered or removed' : 'Broken')],
      ['Links checked', n(verification.count)],
      ['Head', h('code', { class: 'hash' }, verification.head || 'none yet')],
    ]);
  const projector = facts([
    ['Checkpoint', n(status.checkpoint)], ['Head of the log', n(status.head)], ['Lag', `${n(status.lag)} events`],
    ['Projector', words(status.projector)], ['Answering instance', status.instance],
    ['Failure', status.failure ? `${status.failure.error} (position ${status.failure.position ?? '–'}, ${status.failure.attempts} attempts)` : 'none'],
  ]);
  const form = h('form', { class: 'filters', 'aria-label': 'Filter the feed' },
    field('Recorded by (token name)', 'actor', { attrs: { value: filters.actor } }),
    field('From (UTC)', 'from', { type: 'datetime-local', attrs: { value: filters.from, step: 1 } }),
    field('To (UTC)', 'to', { type: 'datetime-local', attrs: { value: filters.to, step: 1 } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show'), h('a', { class: 'button secondary', href: '#/audit' }, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/audit${query({ actor: form.elements.actor.value.trim(), from: form.elements.from.value, to: form.elements.to.value })}`;
  });
  const link = (e) => (e.aggregate_type === 'Activity' ? h('a', { href: `#/activity/${e.aggregate_id}` }, e.aggregate_id) : e.aggregate_id);
  const table = h('div', { class: 'table-wrap' }, cards(h('table', { id: 'feed' },
    h('thead', {}, h('tr', {}, ['#', 'Recorded (UTC)', 'By', 'Event', 'Record', 'Link'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, feed.items.map((e) => h('tr', {},
      h('td', { class: 'num' }, e.seq),
      h('td', {}, e.recorded_at.replace('T', ' ').replace('Z', '')),
      h('td', {}, `${e.metadata?.actor ?? '–'}${e.metadata?.role ? ` (${e.metadata.role})` : ''}`),
      h('td', {}, `${e.event_type} ${e.event_version}`, e.metadata?.reason ? h('div', { class: 'muted' }, `Reason: ${e.metadata.reason}`) : null),
      h('td', {}, `${e.aggregate_type} `, link(e), ` v${e.sequence}`),
      h('td', {}, h('code', { class: 'hash', title: e.link }, e.link.slice(0, 12)))))))));
  const next = feed.items.length === 50
    ? h('p', {}, h('a', { class: 'button secondary', href: `#/audit${query({ ...filters, after: feed.next_after })}` }, 'Next events'))
    : h('p', { class: 'muted' }, 'End of the log.');
  page('Audit',
    h('section', { class: 'card', 'aria-label': 'Hash chain' }, h('h2', {}, 'Hash chain'), chain),
    h('section', { class: 'card', 'aria-label': 'Projection status' }, h('h2', {}, 'Read models'), projector),
    h('section', { 'aria-label': 'The global log' }, h('h2', {}, 'The global log, in commit order'), form,
      downloads('/api/v1/audit/events', asked, 'these events'), table, next));
}

export async function tokensPage() {
  const page = view();
  const [tokens, vocab] = await Promise.all([get('/api/v1/tokens'), vocabulary()]);
  const result = h('div', { 'aria-live': 'polite', id: 'issued' });
  const form = h('form', { class: 'card', novalidate: true, 'aria-label': 'Issue a token' },
    h('div', { class: 'pair' },
      field('Name', 'name', { hint: 'Recorded as the actor of everything the token does.', required: true }),
      field('Role', 'role', { control: select('role', ['adviser', 'donor', 'manager', 'admin'], { value: 'adviser' }) })),
    ...scopeFields(),
    field('Expires (UTC, optional)', 'expires_at', { type: 'datetime-local', attrs: { step: 1 } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Issue the token')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = { name: form.elements.name.value.trim(), role: form.elements.role.value, scope: scopeFrom(form) };
    if (form.elements.expires_at.value) body.expires_at = instant(form.elements.expires_at.value);
    try {
      const issued = await post('/api/v1/tokens', body, { 'Idempotency-Key': uuid() });
      result.replaceChildren(h('div', { class: 'card secret' },
        h('p', {}, `Token ${body.name} issued. Copy its secret now: it is shown only this once.`),
        h('code', { id: 'secret' }, issued.token)));
      form.reset();
      const listed = await get('/api/v1/tokens');
      document.getElementById('tokens').replaceWith(tokenTable(listed, vocab));
    } catch (problem) {
      if (!(problem instanceof Problem)) throw problem;
      showProblem(form, problem);
    }
  });
  page('Tokens', result, h('h2', {}, 'Issue a token'), form, h('h2', {}, 'All tokens'), tokenTable(tokens, vocab));
}

function tokenTable(tokens, vocab) {
  const names = new Map(vocab.countries.map((c) => [c.code, c.name]));
  const scope = (s) => scopeInWords(s, names);
  return h('div', { class: 'table-wrap', id: 'tokens' }, cards(h('table', {},
    h('thead', {}, h('tr', {}, ['Name', 'Role', 'Scope', 'Created', 'Issued by', 'State', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, tokens.map((t) => h('tr', { dataset: { token: t.name } },
      h('th', { scope: 'row' }, t.name), h('td', {}, words(t.role)), h('td', {}, scope(t.scope || {})),
      h('td', {}, t.created_at.slice(0, 10)),
      h('td', {}, t.issued_by || '–'),
      h('td', {}, t.revoked_at ? `Revoked ${t.revoked_at.slice(0, 10)}` : t.expires_at ? `Expires ${t.expires_at.slice(0, 10)}` : 'Active'),
      h('td', {}, t.revoked_at ? '' : h('button', {
        type: 'button', class: 'secondary',
        onclick: async (event) => {
          if (!window.confirm(`Revoke ${t.name}? Its sessions end at once.`)) return;
          try {
            await post(`/api/v1/tokens/${encodeURIComponent(t.name)}/revocation`, undefined, { 'Idempotency-Key': uuid() });
            event.target.closest('tr').querySelector('td:nth-of-type(5)').textContent = 'Revoked';
            event.target.remove();
          } catch (problem) {
            event.target.closest('td').append(h('p', { class: 'error', role: 'alert' }, problem.detail));
          }
        },
      }, 'Revoke'))))))));
}
