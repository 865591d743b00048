// Admins' page of people: who signed in through the organisation's identity provider, and the
// grants that give a person, or everyone in a group, a role and a scope. Each grant and
// revocation is recorded with its reason.
import { get, post, uuid, Problem, words as vocabulary } from './api.js';
import { h, field, select, view, showProblem, clearErrors, cards, instant, listed, roleName } from './ui.js';
import { t } from './i18n.js';

/** The fields of a scope (a token's or a grant's): countries, programmes, donor. */
export function scopeFields() {
  return [
    field(t('scope-countries'), 'scope.countries', { hint: t('scope-countries-hint'), attrs: { name: 'countries' } }),
    field(t('scope-programmes'), 'scope.programmes', { hint: t('scope-programmes-hint'), attrs: { name: 'programmes' } }),
    field(t('scope-donor'), 'scope.donor', { attrs: { name: 'donor' } }),
  ];
}

/** The scope [`scopeFields`] hold in `form`. */
export function scopeFrom(form) {
  const list = (name) => form.elements[name].value.split(/[\s,]+/).filter(Boolean).map((v) => v.toUpperCase());
  const scope = { countries: list('countries'), programmes: list('programmes') };
  if (form.elements.donor.value.trim()) scope.donor = form.elements.donor.value.trim();
  return scope;
}

/** A scope in words: "Everything", or its countries, programmes and donor. */
export function scopeInWords(scope, names) {
  return [
    scope.countries?.length ? t('scope-in-countries', { list: listed(scope.countries.map((c) => names.get(c) || c)) }) : '',
    scope.programmes?.length ? t('scope-in-programmes', { list: listed(scope.programmes) }) : '',
    scope.donor ? t('scope-in-donor', { donor: scope.donor }) : '',
  ].filter(Boolean).join('; ') || t('scope-everything');
}

/** A person as the list names them: their name, with their e-mail when known. */
function personName(p) {
  return p.email ? `${p.name} (${p.email})` : p.name;
}

function grantee(g, people) {
  if (g.kind === 'claim') return t('people-everyone-whose', { claim: g.claim, value: g.value });
  const person = people.find((p) => p.issuer === g.issuer && p.subject === g.subject);
  return person ? personName(person) : t('people-subject-at', { subject: g.subject, issuer: g.issuer });
}

function grantTable(grants, people, names) {
  return h('div', { class: 'table-wrap', id: 'grants' }, cards(h('table', {},
    h('thead', {}, h('tr', {}, [t('people-given-to'), t('people-role'), t('people-scope'), t('people-why'), t('people-granted'), t('people-state'), ''].map((heading) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, grants.map((g) => h('tr', { dataset: { grant: g.id } },
      h('th', { scope: 'row' }, grantee(g.grantee, people)), h('td', {}, roleName(g.role)),
      h('td', {}, scopeInWords(g.scope || {}, names)), h('td', {}, g.reason),
      h('td', {}, t('people-granted-by', { when: instant(g.granted_at), who: g.granted_by })),
      h('td', {}, g.revoked_at ? t('people-revoked', { when: instant(g.revoked_at) }) : t('people-standing')),
      h('td', {}, g.revoked_at ? '' : revokeButton(g))))))));
}

function revokeButton(g) {
  const form = h('form', { class: 'inline', 'aria-label': t('people-revoke-label') },
    field(t('people-revoke-why'), 'reason', { required: true }),
    h('button', { type: 'submit', class: 'secondary' }, t('people-revoke')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      await post(`/api/v1/grants/${g.id}/revocation`, { reason: form.elements.reason.value.trim() }, { 'Idempotency-Key': uuid() });
      location.reload();
    } catch (problem) {
      if (!(problem instanceof Problem)) throw problem;
      showProblem(form, problem);
    }
  });
  return form;
}

export async function peoplePage() {
  const page = view();
  const [people, grants, vocab] = await Promise.all([get('/api/v1/people'), get('/api/v1/grants'), vocabulary()]);
  const names = new Map(vocab.countries.map((c) => [c.code, c.name]));
  const issuers = [...new Set(people.map((p) => p.issuer))];
  const whom = select('to', [['claim', t('people-everyone-in-group')], ...people.map((p) => [`${p.issuer} ${p.subject}`, personName(p)])], { value: 'claim' });
  const roles = ['adviser', 'donor', 'manager', 'admin'].map((role) => [role, roleName(role)]);
  const form = h('form', { class: 'card', novalidate: true, 'aria-label': t('people-grant-title') },
    field(t('people-give-to'), 'to', { control: whom, hint: t('people-give-to-hint') }),
    field(t('people-group'), 'grantee.value', { hint: t('people-group-hint'), attrs: { name: 'group' } }),
    field(t('people-role'), 'role', { control: select('role', roles, { value: 'adviser' }) }),
    ...scopeFields(),
    field(t('people-why'), 'reason', { required: true, hint: t('people-why-hint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('people-grant'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const scope = scopeFrom(form);
    const to = form.elements.to.value;
    const person = people.find((p) => `${p.issuer} ${p.subject}` === to);
    const body = {
      id: uuid(),
      grantee: person ? { kind: 'person', issuer: person.issuer, subject: person.subject }
        : { kind: 'claim', claim: 'groups', value: form.elements.group.value.trim() },
      role: form.elements.role.value,
      scope,
      reason: form.elements.reason.value.trim(),
    };
    try {
      await post('/api/v1/grants', body, { 'Idempotency-Key': body.id });
      location.reload();
    } catch (problem) {
      if (!(problem instanceof Problem)) throw problem;
      showProblem(form, problem);
    }
  });
  const peopleTable = h('div', { class: 'table-wrap', id: 'people' }, cards(h('table', {},
    h('thead', {}, h('tr', {}, [t('people-name'), t('people-email'), t('people-provider'), t('people-described')].map((heading) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, people.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.name), h('td', {}, p.email || '–'),
      h('td', {}, issuers.length > 1 ? p.issuer : `${p.subject}`), h('td', {}, instant(p.recorded_at))))))));
  page(t('people-title'),
    h('p', {}, t('people-intro')),
    h('h2', {}, t('people-grant-title')), form,
    h('h2', {}, t('people-grants')), grants.length ? grantTable(grants, people, names) : h('p', {}, t('people-nothing-granted')),
    h('h2', {}, t('people-signed-in')), people.length ? peopleTable : h('p', {}, t('people-nobody')));
}
