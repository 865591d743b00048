// A participant's page (#/participants/{id}, issue 28): what is held about the person and the
// activities they attended; for managers, everything held as one file (subject access), the
// erasure with its ground, and a merge into (or split from) another record, each with a reason.
import { get, post, uuid, Problem, words as vocabulary } from './api.js';
import { h, field, select, view, n, day, days, cards, institutionName, showProblem, clearErrors } from './ui.js';
import { t } from './i18n.js';
import { fileLink } from './downloads.js';
import { sexName, ageBandName, domainName, answerName, groundName, personName, countryName, DOMAINS, GROUNDS } from './attendees.js';

function facts(rows) {
  return h('dl', { class: 'facts' }, rows.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** The Washington Group answers given, or "not given". */
function disability(p) {
  if (!p.disability) return t('participant-wg-not-given');
  const said = p.has_disability ? t('participant-has-disability') : t('participant-has-no-disability');
  return [h('p', {}, said), h('ul', {}, DOMAINS.filter((d) => p.disability[d]).map((d) => h('li', {}, `${domainName(d)}: ${answerName(p.disability[d])}`)))];
}

function activitiesTable(p) {
  const score = (v) => (v === null || v === undefined ? '–' : n(v));
  return h('div', { class: 'table-wrap' }, cards(h('table', { id: 'participant-activities' },
    h('caption', {}, t('participant-activities-caption', { count: p.activities.length })),
    h('thead', {}, h('tr', {}, [t('participant-activity'), t('participant-dates'), t('participant-pre-score'), t('participant-post-score')]
      .map((head, i) => h('th', { scope: 'col', class: i > 1 ? 'num' : undefined }, head)))),
    h('tbody', {}, p.activities.map((a) => h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: `#/activity/${a.activity_id}` }, a.title)),
      h('td', {}, a.start ? days(a.start, a.end) : '–'),
      h('td', { class: 'num' }, score(a.pre_score)), h('td', { class: 'num' }, score(a.post_score))))))));
}

/** A manager's command on the person: a form that posts `body(form)` to `path`, then draws the page again. */
function command(path, label, fields, body, again, { danger = false } = {}) {
  const form = h('form', { class: 'command', novalidate: true, 'aria-label': label }, ...fields,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: danger ? 'danger' : undefined }, label)));
  let key = uuid();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      const sent = body(form);
      await post(path, sent, { 'Idempotency-Key': key });
      key = uuid();
      await again();
    } catch (problem) {
      if (!(problem instanceof Problem)) throw problem;
      showProblem(form, problem);
    }
  });
  return form;
}

const required = (form, name, detail) => {
  const v = form.elements[name].value.trim();
  if (!v) throw new Problem(422, { field: name, detail });
  return v;
};

/** The manager's actions: subject access, merge or split, erasure. */
function managerActions(p, base, again) {
  const id = p.id;
  const sections = [h('p', { class: 'actions' }, fileLink(`${base}/subject-access`, {}, t('participant-subject-access'), { id: 'subject-access' }),
    h('span', { class: 'muted' }, t('participant-subject-access-hint')))];
  const action = (key, title, form) => h('details', { class: 'task', dataset: { action: key } }, h('summary', {}, title), form);
  if (p.merged_into) {
    sections.push(action('split', t('participant-split'), command(`${base}/split`, t('participant-split'),
      [h('p', { class: 'hint' }, t('participant-split-hint')), field(t('participant-reason'), 'reason', { required: true })],
      (f) => ({ reason: required(f, 'reason', t('participant-reason-missing')) }), again)));
  } else {
    sections.push(action('merge', t('participant-merge'), command(`${base}/merge`, t('participant-merge'), [
      h('p', { class: 'hint' }, t('participant-merge-hint')),
      field(t('participant-merge-into'), 'into', { required: true, hint: t('participant-merge-into-hint'), attrs: { autocomplete: 'off', spellcheck: 'false' } }),
      field(t('participant-reason'), 'reason', { required: true }),
    ], (f) => {
      const into = required(f, 'into', t('participant-merge-into-missing')).replace(/^.*#\/participants\//, '');
      if (into === id) throw new Problem(422, { field: 'into', detail: t('participant-merge-into-self') });
      return { into, reason: required(f, 'reason', t('participant-reason-missing')) };
    }, again)));
  }
  if (!p.erased) {
    const confirm = h('input', { type: 'checkbox', name: 'confirm', id: 'erase-confirm' });
    sections.push(action('erase', t('participant-erase'), command(`${base}/erasure`, t('participant-erase'), [
      h('p', { class: 'hint' }, t('participant-erase-hint')),
      field(t('participant-erase-ground'), 'ground', { control: select('ground', GROUNDS.map((g) => [g, groundName(g)]), { empty: t('participant-choose') }), required: true }),
      h('div', { class: 'field', dataset: { field: 'confirm' } }, h('p', { class: 'check' }, confirm, ' ', h('label', { for: 'erase-confirm' }, t('participant-erase-confirm'))),
        h('p', { class: 'error', role: 'alert', hidden: true })),
    ], (f) => {
      const ground = required(f, 'ground', t('participant-erase-ground-missing'));
      if (!f.elements.confirm.checked) throw new Problem(422, { field: 'confirm', detail: t('participant-erase-confirm-missing') });
      return { ground };
    }, again, { danger: true })));
  }
  return h('section', { 'aria-labelledby': 'participant-actions-title', id: 'participant-actions' },
    h('h2', { id: 'participant-actions-title' }, t('participant-actions')), sections);
}

export async function participantPage(session, id) {
  const page = view();
  const base = `/api/v1/participants/${encodeURIComponent(id)}`;
  const [p, vocab] = await Promise.all([get(base), vocabulary()]);
  const names = new Map(vocab.countries.map((c) => [c.code, c.name]));
  const again = () => participantPage(session, id);
  const details = facts([
    [t('participant-sex'), sexName(p.sex)],
    [t('participant-age-band'), ageBandName(p.age_band)],
    [t('participant-institution'), p.institution ? institutionName(p.institution) : t('participant-not-given')],
    [t('participant-country'), countryName(names, p.country)],
    [t('participant-function'), p.function],
    [t('participant-email'), p.email],
    [t('participant-phone'), p.phone],
    [t('participant-disability'), disability(p)],
    [t('participant-consent'), p.consent ? t('participant-consent-value', { purpose: p.consent.purpose, date: day(p.consent.given_on) }) : null],
    [t('participant-merged-into'), p.merged_into ? h('a', { href: `#/participants/${p.merged_into}` }, t('participant-merged-into-link')) : null],
  ]);
  page(personName(p),
    p.erased ? h('p', { class: 'notice past', role: 'status', id: 'erased' }, t('participant-erased-notice')) : null,
    details,
    h('h2', {}, t('participant-activities')),
    p.activities.length ? activitiesTable(p) : h('p', {}, t('participant-no-activities')),
    session.role === 'manager' ? managerActions(p, base, again) : null);
}
