// Admins' page of people: who signed in through the organisation's identity provider, and the
// grants that give a person, or everyone in a group, a role and a scope. Each grant and
// revocation is recorded with its reason.
import { get, post, uuid, Problem, words as vocabulary } from './api.js';
import { h, field, select, view, words, showProblem, clearErrors, cards, instant } from './ui.js';

/** The fields of a scope (a token's or a grant's): countries, programmes, donor. */
export function scopeFields() {
  return [
    field('Countries (advisers)', 'scope.countries', { hint: 'ISO 3166-1 alpha-3 codes separated by spaces, e.g. BOL PER.', attrs: { name: 'countries' } }),
    field('Programmes (advisers)', 'scope.programmes', { hint: 'Programme codes separated by spaces.', attrs: { name: 'programmes' } }),
    field('Donor (donors)', 'scope.donor', { attrs: { name: 'donor' } }),
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
    scope.countries?.length ? `Countries: ${scope.countries.map((c) => names.get(c) || c).join(', ')}` : '',
    scope.programmes?.length ? `Programmes: ${scope.programmes.join(', ')}` : '',
    scope.donor ? `Donor: ${scope.donor}` : '',
  ].filter(Boolean).join('; ') || 'Everything';
}

function grantee(g, people) {
  if (g.kind === 'claim') return `Everyone whose ${g.claim} include ${g.value}`;
  const person = people.find((p) => p.issuer === g.issuer && p.subject === g.subject);
  return person ? `${person.name}${person.email ? ` (${person.email})` : ''}` : `${g.subject} at ${g.issuer}`;
}

function grantTable(grants, people, names) {
  return h('div', { class: 'table-wrap', id: 'grants' }, cards(h('table', {},
    h('thead', {}, h('tr', {}, ['Given to', 'Role', 'Scope', 'Why', 'Granted', 'State', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, grants.map((g) => h('tr', { dataset: { grant: g.id } },
      h('th', { scope: 'row' }, grantee(g.grantee, people)), h('td', {}, words(g.role)),
      h('td', {}, scopeInWords(g.scope || {}, names)), h('td', {}, g.reason),
      h('td', {}, `${instant(g.granted_at)} by ${g.granted_by}`),
      h('td', {}, g.revoked_at ? `Revoked ${instant(g.revoked_at)}` : 'Standing'),
      h('td', {}, g.revoked_at ? '' : revokeButton(g))))))));
}

function revokeButton(g) {
  const form = h('form', { class: 'inline', 'aria-label': 'Revoke this grant' },
    field('Why revoke it', 'reason', { required: true }),
    h('button', { type: 'submit', class: 'secondary' }, 'Revoke'));
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
  const whom = select('to', [['claim', 'Everyone in a group'], ...people.map((p) => [`${p.issuer} ${p.subject}`, `${p.name}${p.email ? ` (${p.email})` : ''}`])], { value: 'claim' });
  const form = h('form', { class: 'card', novalidate: true, 'aria-label': 'Grant a role' },
    field('Give it to', 'to', { control: whom, hint: 'A person who has signed in once, or everyone whose sign-in names a group.' }),
    field('Group', 'grantee.value', { hint: 'As the identity provider sends it in the groups claim, e.g. tatrack-advisers-bol.', attrs: { name: 'group' } }),
    field('Role', 'role', { control: select('role', ['adviser', 'donor', 'manager', 'admin'], { value: 'adviser' }) }),
    ...scopeFields(),
    field('Why', 'reason', { required: true, hint: 'Kept with the grant for the audit trail.' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Grant')));
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
    h('thead', {}, h('tr', {}, ['Name', 'E-mail', 'Identity provider', 'Last described'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, people.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.name), h('td', {}, p.email || '–'),
      h('td', {}, issuers.length > 1 ? p.issuer : `${p.subject}`), h('td', {}, instant(p.recorded_at))))))));
  page('People and their rights',
    h('p', {}, 'People sign in with the organisation’s accounts. A first sign-in gives no rights: grant a role to the person, or to everyone in a group the identity provider names.'),
    h('h2', {}, 'Grant a role'), form,
    h('h2', {}, 'Grants'), grants.length ? grantTable(grants, people, names) : h('p', {}, 'Nothing granted yet.'),
    h('h2', {}, 'People who have signed in'), people.length ? peopleTable : h('p', {}, 'Nobody has signed in with the identity provider yet.'));
}
