// Managers' and admins' pages: the audit (the hash chain's verification, the projector's
// progress, the global feed with its filters) and, for admins, token management.
import { get, post, query, words as vocabulary, uuid, Problem } from './api.js';
import { h, field, select, view, words, n, day, showProblem, clearErrors, cards, instant as when, roleName } from './ui.js';
import { downloads } from './downloads.js';
import { scopeFields, scopeFrom, scopeInWords } from './people.js';
import { t } from './i18n.js';

function facts(rows) {
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '–')]));
}

/** What the projector of the answering instance is doing, in words. */
const PROJECTOR = () => ({
  off: t('audit-projector-off'),
  starting: t('audit-projector-starting'),
  standby: t('audit-projector-standby'),
  projecting: t('audit-projector-projecting'),
  failing: t('audit-projector-failing'),
  restarting: t('audit-projector-restarting'),
  stopped: t('audit-projector-stopped'),
});

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
    ? h('p', { class: 'form-error', role: 'alert' }, t('audit-chain-broken', { detail: verification.broken.detail }))
    : facts([
      [t('audit-result'), h('span', { class: verification.intact ? 'ok' : 'error' }, verification.intact ? t('audit-intact') : t('audit-broken'))],
      [t('audit-links-checked'), n(verification.count)],
      [t('audit-head'), h('code', { class: 'hash' }, verification.head || t('audit-none-yet'))],
      [t('audit-signatures'), verification.signatures?.checked
        ? t('audit-signatures-held', { count: n(verification.signatures.signed), seq: verification.signatures.last_signed_seq ?? '–' })
        : t('audit-signatures-unchecked')],
    ]);
  const failure = status.failure;
  const projector = facts([
    [t('audit-checkpoint'), n(status.checkpoint)], [t('audit-log-head'), n(status.head)], [t('audit-lag'), t('audit-lag-events', { count: status.lag })],
    [t('audit-projector'), PROJECTOR()[status.projector] ?? words(status.projector)], [t('audit-instance'), status.instance],
    [t('audit-failure'), failure
      ? t('audit-failure-detail', { error: failure.error, position: failure.position ?? '–', attempts: failure.attempts })
      : t('audit-failure-none')],
  ]);
  const form = h('form', { class: 'filters', 'aria-label': t('audit-filter-label') },
    field(t('audit-actor'), 'actor', { attrs: { value: filters.actor } }),
    field(t('audit-from'), 'from', { type: 'datetime-local', attrs: { value: filters.from, step: 1 } }),
    field(t('audit-to'), 'to', { type: 'datetime-local', attrs: { value: filters.to, step: 1 } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('pages-show')), h('a', { class: 'button secondary', href: '#/audit' }, t('audit-clear'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/audit${query({ actor: form.elements.actor.value.trim(), from: form.elements.from.value, to: form.elements.to.value })}`;
  });
  const link = (e) => (e.aggregate_type === 'Activity' ? h('a', { href: `#/activity/${e.aggregate_id}` }, e.aggregate_id) : e.aggregate_id);
  const table = h('div', { class: 'table-wrap' }, cards(h('table', { id: 'feed' },
    h('thead', {}, h('tr', {}, [t('audit-seq'), t('audit-recorded'), t('audit-by'), t('audit-event'), t('audit-record'), t('audit-link')].map((heading) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, feed.items.map((e) => h('tr', {},
      h('td', { class: 'num' }, e.seq),
      h('td', {}, when(e.recorded_at)),
      // The actor and role as recorded in the log: names, not words to translate.
      h('td', { dir: 'auto' }, `${e.metadata?.actor ?? '–'}${e.metadata?.role ? ` (${e.metadata.role})` : ''}`),
      h('td', {}, `${e.event_type} ${e.event_version}`, e.metadata?.reason ? h('div', { class: 'muted' }, t('audit-reason', { reason: e.metadata.reason })) : null),
      h('td', {}, `${e.aggregate_type} `, link(e), ` v${e.sequence}`),
      h('td', {}, h('code', { class: 'hash', title: e.link }, e.link.slice(0, 12)))))))));
  const next = feed.items.length === 50
    ? h('p', {}, h('a', { class: 'button secondary', href: `#/audit${query({ ...filters, after: feed.next_after })}` }, t('audit-next')))
    : h('p', { class: 'muted' }, t('audit-end'));
  page(t('audit-title'),
    h('section', { class: 'card', 'aria-label': t('audit-chain') }, h('h2', {}, t('audit-chain')), chain),
    h('section', { class: 'card', 'aria-label': t('audit-projection-status') }, h('h2', {}, t('audit-read-models')), projector),
    h('section', { 'aria-label': t('audit-log') }, h('h2', {}, t('audit-log-title')), form,
      downloads('/api/v1/audit/events', asked, t('audit-these-events')), table, next));
}

export async function tokensPage() {
  const page = view();
  const [tokens, vocab] = await Promise.all([get('/api/v1/tokens'), vocabulary()]);
  const result = h('div', { 'aria-live': 'polite', id: 'issued' });
  const roles = ['adviser', 'donor', 'manager', 'admin'].map((role) => [role, roleName(role)]);
  const form = h('form', { class: 'card', novalidate: true, 'aria-label': t('tokens-issue') },
    h('div', { class: 'pair' },
      field(t('tokens-name'), 'name', { hint: t('tokens-name-hint'), required: true }),
      field(t('tokens-role'), 'role', { control: select('role', roles, { value: 'adviser' }) })),
    ...scopeFields(),
    field(t('tokens-expires'), 'expires_at', { type: 'datetime-local', attrs: { step: 1 } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('tokens-issue-button'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = { name: form.elements.name.value.trim(), role: form.elements.role.value, scope: scopeFrom(form) };
    if (form.elements.expires_at.value) body.expires_at = instant(form.elements.expires_at.value);
    try {
      const issued = await post('/api/v1/tokens', body, { 'Idempotency-Key': uuid() });
      result.replaceChildren(h('div', { class: 'card secret' },
        h('p', {}, t('tokens-issued', { name: body.name })),
        h('code', { id: 'secret' }, issued.token)));
      form.reset();
      const listed = await get('/api/v1/tokens');
      document.getElementById('tokens').replaceWith(tokenTable(listed, vocab));
    } catch (problem) {
      if (!(problem instanceof Problem)) throw problem;
      showProblem(form, problem);
    }
  });
  page(t('tokens-title'), result, h('h2', {}, t('tokens-issue')), form, h('h2', {}, t('tokens-all')), tokenTable(tokens, vocab));
}

function tokenTable(tokens, vocab) {
  const names = new Map(vocab.countries.map((c) => [c.code, c.name]));
  const scope = (s) => scopeInWords(s, names);
  return h('div', { class: 'table-wrap', id: 'tokens' }, cards(h('table', {},
    h('thead', {}, h('tr', {}, [t('tokens-name'), t('tokens-role'), t('tokens-scope'), t('tokens-created'), t('tokens-issued-by'), t('tokens-state'), ''].map((heading) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, tokens.map((token) => h('tr', { dataset: { token: token.name } },
      h('th', { scope: 'row' }, token.name), h('td', {}, roleName(token.role)), h('td', {}, scope(token.scope || {})),
      h('td', {}, day(token.created_at)),
      h('td', {}, token.issued_by || '–'),
      h('td', {}, tokenState(token)),
      h('td', {}, token.revoked_at ? '' : revokeButton(token))))))));
}

function tokenState(token) {
  if (token.revoked_at) return t('tokens-revoked', { when: day(token.revoked_at) });
  if (token.expires_at) return t('tokens-expires-on', { when: day(token.expires_at) });
  return t('tokens-active');
}

function revokeButton(token) {
  return h('button', {
    type: 'button', class: 'secondary',
    onclick: async (event) => {
      if (!window.confirm(t('tokens-revoke-confirm', { name: token.name }))) return;
      try {
        await post(`/api/v1/tokens/${encodeURIComponent(token.name)}/revocation`, undefined, { 'Idempotency-Key': uuid() });
        event.target.closest('tr').querySelector('td:nth-of-type(5)').textContent = t('tokens-revoked-now');
        event.target.remove();
      } catch (problem) {
        event.target.closest('td').append(h('p', { class: 'error', role: 'alert' }, problem.detail));
      }
    },
  }, t('tokens-revoke'));
}
