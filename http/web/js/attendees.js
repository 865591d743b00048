// What the participant pages share (issue 28): a person's categories in the reader's words, the
// fields that describe a person, the scores of a test, and an activity's attendance list. The
// categories are the API's codes; each reads through a literal catalogue id.
import { post, Problem } from './api.js';
import { h, field, select, n, cards, words, institutionName, today } from './ui.js';
import { t } from './i18n.js';

export const SEXES = ['female', 'male', 'other_or_undisclosed'];
export const AGE_BANDS = ['under_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_and_over', 'not_given'];
/** The Washington Group short set's six domains, and the four answers to each. */
export const DOMAINS = ['seeing', 'hearing', 'walking', 'remembering', 'self_care', 'communicating'];
const ANSWERS = ['no_difficulty', 'some_difficulty', 'a_lot_of_difficulty', 'cannot_do_at_all'];
/** The grounds of an erasure (GDPR art. 17), as the API names them. */
export const GROUNDS = ['subject_request', 'consent_withdrawn', 'no_longer_needed', 'unlawful', 'legal_obligation'];

const SEX_NAMES = () => ({
  female: t('participant-sex-female'), male: t('participant-sex-male'), other_or_undisclosed: t('participant-sex-other'),
});
const AGE_NAMES = () => ({
  under_18: t('participant-age-under-18'), '18_24': t('participant-age-18-24'), '25_34': t('participant-age-25-34'),
  '35_44': t('participant-age-35-44'), '45_54': t('participant-age-45-54'), '55_64': t('participant-age-55-64'),
  '65_and_over': t('participant-age-65-and-over'), not_given: t('participant-age-not-given'),
});
const DOMAIN_NAMES = () => ({
  seeing: t('participant-wg-seeing'), hearing: t('participant-wg-hearing'), walking: t('participant-wg-walking'),
  remembering: t('participant-wg-remembering'), self_care: t('participant-wg-self-care'), communicating: t('participant-wg-communicating'),
});
const ANSWER_NAMES = () => ({
  no_difficulty: t('participant-wg-no-difficulty'), some_difficulty: t('participant-wg-some-difficulty'),
  a_lot_of_difficulty: t('participant-wg-a-lot-of-difficulty'), cannot_do_at_all: t('participant-wg-cannot-do-at-all'),
});
const WHY_NAMES = () => ({ email: t('participant-match-why-email'), name_country_institution: t('participant-match-why-name') });
const GROUND_NAMES = () => ({
  subject_request: t('participant-ground-subject-request'), consent_withdrawn: t('participant-ground-consent-withdrawn'),
  no_longer_needed: t('participant-ground-no-longer-needed'), unlawful: t('participant-ground-unlawful'),
  legal_obligation: t('participant-ground-legal-obligation'),
});

const named = (list) => (value) => list()[value] ?? words(value);
export const sexName = named(SEX_NAMES);
export const ageBandName = named(AGE_NAMES);
export const domainName = named(DOMAIN_NAMES);
export const answerName = named(ANSWER_NAMES);
/** Why the server suggests a match: the same e-mail, or the same name, country and institution. */
export const whyName = named(WHY_NAMES);
export const groundName = named(GROUND_NAMES);

/** A participant's name as every page shows it: an erased person's is never known again. */
export const personName = (p) => (p.erased ? t('participant-erased-name') : p.name);

/** A country by its code, named as the vocabulary names it. */
export const countryName = (names, code) => (code ? `${names.get(code) || code} (${code})` : '');

/** A test's score (0 to 100) as typed: undefined when empty, else an integer, or a Problem on `name`. */
export function score(form, name) {
  const typed = form.elements[name].value.trim();
  if (typed === '') return undefined;
  const value = Number(typed);
  if (!Number.isInteger(value) || value < 0 || value > 100) throw new Problem(422, { field: name, detail: t('participant-score-invalid') });
  return value;
}

const scoreInput = (name) => h('input', { type: 'number', name, min: 0, max: 100, step: 1, inputmode: 'numeric' });

/** The scores of the tests before and after the training, side by side. */
export const scoreFields = () => h('div', { class: 'pair' },
  field(t('participant-pre-score'), 'pre_score', { control: scoreInput('pre_score'), hint: t('participant-score-hint') }),
  field(t('participant-post-score'), 'post_score', { control: scoreInput('post_score'), hint: t('participant-score-hint') }));

/** The consent every person gives: what the data is held for (`hint` says whose), and when they agreed. */
export const consentFields = (hint = t('participant-consent-purpose-hint')) => h('div', { class: 'pair' },
  field(t('participant-consent-purpose'), 'consent.purpose', { required: true, hint, attrs: { name: 'purpose', value: t('participant-consent-purpose-default') } }),
  field(t('participant-consent-date'), 'consent.given_on', { type: 'date', required: true, attrs: { name: 'given_on', value: today() } }));

/** The fields of a person: who they are (sealed by the server), their categories and consent. */
export function personFields(vocab, countries) {
  const country = select('country', vocab.countries.map((c) => [c.code, `${c.name} (${c.code})`]), { value: countries[0] || '' });
  const wg = h('details', { class: 'wg' }, h('summary', {}, t('participant-wg-title')),
    h('p', { class: 'hint' }, t('participant-wg-hint')),
    DOMAINS.map((d) => field(domainName(d), `disability.${d}`,
      { control: select(`wg_${d}`, ANSWERS.map((a) => [a, answerName(a)]), { empty: t('participant-wg-not-asked') }) })));
  return [
    field(t('participant-name'), 'name', { required: true, attrs: { autocomplete: 'off' } }),
    h('div', { class: 'pair' },
      field(t('participant-sex'), 'sex', { control: select('sex', SEXES.map((s) => [s, sexName(s)]), { empty: t('participant-choose') }), required: true }),
      field(t('participant-age-band'), 'age_band', { control: select('age_band', AGE_BANDS.map((b) => [b, ageBandName(b)]), { value: 'not_given' }) })),
    h('div', { class: 'pair' },
      field(t('participant-institution'), 'institution', { control: select('institution', vocab.institutions.map((i) => [i, institutionName(i)]), { empty: t('participant-not-given') }) }),
      field(t('participant-country'), 'country', { control: country, required: true })),
    field(t('participant-function'), 'function', { hint: t('participant-function-hint'), attrs: { autocomplete: 'off' } }),
    h('div', { class: 'pair' },
      field(t('participant-email'), 'email', { type: 'email', attrs: { autocomplete: 'off' } }),
      field(t('participant-phone'), 'phone', { type: 'tel', attrs: { autocomplete: 'off' } })),
    wg,
  ];
}

const value = (form, name) => {
  const v = form.elements[name].value.trim();
  return v === '' ? undefined : v;
};

/**
 * The person `personFields` and `consentFields` hold in `form`, as POST /participants takes it
 * (without its id); every missing value at once, beside its field, as a Problem.
 */
export function personFrom(form) {
  const answered = DOMAINS.filter((d) => form.elements[`wg_${d}`].value);
  const body = {
    name: value(form, 'name'), email: value(form, 'email'), phone: value(form, 'phone'), function: value(form, 'function'),
    sex: value(form, 'sex'), age_band: value(form, 'age_band'), institution: value(form, 'institution'), country: value(form, 'country'),
    disability: answered.length ? Object.fromEntries(DOMAINS.map((d) => [d, form.elements[`wg_${d}`].value || undefined])) : undefined,
    consent: { purpose: value(form, 'purpose'), given_on: value(form, 'given_on') },
  };
  const missing = [
    ['name', body.name, t('participant-missing-name')],
    ['sex', body.sex, t('participant-missing-sex')],
    ['country', body.country, t('participant-missing-country')],
    ['consent.purpose', body.consent.purpose, t('participant-missing-purpose')],
    ['consent.given_on', body.consent.given_on, t('participant-missing-date')],
  ].filter(([, v]) => v === undefined).map(([f, , detail]) => ({ field: f, detail }));
  if (answered.length && answered.length < DOMAINS.length) {
    const first = DOMAINS.find((d) => !answered.includes(d));
    missing.push({ field: `disability.${first}`, detail: t('participant-wg-all-or-none') });
  }
  if (missing.length) throw Object.assign(new Problem(422, missing[0]), { problems: missing });
  return body;
}

/** An activity's attendance list as a table (a card per person on a phone); names link to the person. */
export function attendanceTable(attendees, names, caption) {
  const heads = [t('participant-name'), t('participant-sex'), t('participant-age-band'), t('participant-institution'),
    t('participant-country'), t('participant-disability'), t('participant-pre-score'), t('participant-post-score')];
  const scoreCell = (v) => h('td', { class: 'num' }, v === null || v === undefined ? '–' : n(v));
  return h('div', { class: 'table-wrap' }, cards(h('table', { id: 'attendance' }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, heads.map((head, i) => h('th', { scope: 'col', class: i > 5 ? 'num' : undefined }, head)))),
    h('tbody', {}, attendees.map((a) => h('tr', { dataset: { participant: a.participant_id } },
      h('th', { scope: 'row' }, h('a', { href: `#/participants/${a.participant_id}`, class: a.erased ? 'erased' : undefined }, personName(a))),
      h('td', {}, sexName(a.sex)), h('td', {}, ageBandName(a.age_band)),
      h('td', {}, a.institution ? institutionName(a.institution) : '–'), h('td', {}, countryName(names, a.country)),
      h('td', {}, a.has_disability ? t('participant-yes') : t('participant-no')),
      scoreCell(a.pre_score), scoreCell(a.post_score)))))));
}

/** The list as POST .../attendance takes it back: each person with their scores. */
export const entries = (attendees) => attendees.map((a) => {
  const entry = { participant_id: a.participant_id };
  if (a.pre_score !== null && a.pre_score !== undefined) entry.pre_score = a.pre_score;
  if (a.post_score !== null && a.post_score !== undefined) entry.post_score = a.post_score;
  if (a.match_confirmed) entry.match_confirmed = true;
  return entry;
});

/** `list` with `added` in it: a person already there is replaced (their scores anew), not listed twice. */
export function withAdded(list, added) {
  const ids = new Set(added.map((a) => a.participant_id));
  return [...list.filter((a) => !ids.has(a.participant_id)), ...added];
}

/** Records `attendees` as the activity's whole list (replacing the one before). */
export function recordAttendance(activityId, attendees, reason, key) {
  return post(`/api/v1/activities/${encodeURIComponent(activityId)}/attendance`, { attendees, reason }, { 'Idempotency-Key': key });
}

/** The reason a change to a reported activity's list must give. */
export const reasonField = () => field(t('attendance-reason'), 'reason', { required: true, hint: t('attendance-reason-hint') });

/** The reason typed in `form`, required when the activity is reported; a Problem when missing. */
export function reasonOf(form, reported) {
  if (!reported) return undefined;
  const reason = form.elements.reason.value.trim();
  if (!reason) throw new Problem(422, { field: 'reason', detail: t('attendance-reason-missing') });
  return reason;
}

/** A radio button with its label, as the choices of a suggested match read. */
export function radio(name, value, label, checked = false) {
  const id = `${name}-${value}`.replace(/[^A-Za-z0-9_-]/g, '-');
  return h('p', { class: 'check choice' }, h('input', { type: 'radio', name, value, id, checked }), ' ', h('label', { for: id }, label));
}
