// The activity page's participants (issue 28), for advisers in scope and managers: the
// attendance list, a form to add one person (asking the server first whether they are someone
// already registered), and the import of an attendance sheet (sheet.js). Donors never see it.
import { get, post, uuid, Problem } from './api.js';
import { h, showProblem, clearErrors } from './ui.js';
import { t } from './i18n.js';
import {
  personFields, consentFields, scoreFields, personFrom, score, attendanceTable, entries, withAdded,
  recordAttendance, radio, whyName, reasonField, reasonOf,
} from './attendees.js';
import { sheetForm } from './sheet.js';

/** The roles that keep lists of participants; the server decides the scope. */
const KEEPERS = new Set(['adviser', 'manager']);
/** Lists are kept of what happened: once the activity is delivered. */
const HAPPENED = new Set(['delivered', 'reported']);

/**
 * The section, drawn at once and filled when the list arrives; null for a reader who keeps no
 * lists or an activity that has not happened. Hidden when the server refuses (out of scope).
 */
export function participantsSection(session, record, vocab, names, reload) {
  if (!KEEPERS.has(session.role) || !HAPPENED.has(record.status)) return null;
  const title = h('h2', { id: 'participants-title' }, t('attendance-title'));
  const section = h('section', { id: 'participants', 'aria-labelledby': 'participants-title' }, title,
    h('p', { class: 'muted' }, t('attendance-loading')));
  get(`/api/v1/activities/${encodeURIComponent(record.id)}/attendance`).then((list) => {
    const ctx = { session, record, vocab, names, reload, current: entries(list.attendees), reported: record.status === 'reported' };
    section.replaceChildren(title,
      list.attendees.length
        ? attendanceTable(list.attendees, names, t('attendance-caption', { count: list.attendees.length }))
        : h('p', {}, t('attendance-none')),
      h('details', { class: 'task', id: 'add-participant' }, h('summary', {}, t('attendance-add')), addForm(ctx)),
      h('details', { class: 'task', id: 'import-sheet' }, h('summary', {}, t('sheet-title')), sheetForm(ctx)));
  }).catch((problem) => {
    if ([401, 403, 404].includes(problem.status)) { section.remove(); return; }
    section.replaceChildren(title, h('p', { class: 'form-error', role: 'alert' }, problem.message));
  });
  return section;
}

/**
 * Adding one person: the server is asked for people who may be the same (same e-mail, or same
 * name, country and institution); the adviser says whether one is; then the person is
 * registered (unless they are someone already known) and the whole list recorded.
 */
function addForm(ctx) {
  const { record, vocab, reload, current, reported } = ctx;
  const choice = h('div', { class: 'matches', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, t('attendance-check-and-add'));
  const form = h('form', { class: 'command', novalidate: true, 'aria-label': t('attendance-add') },
    reported ? reasonField() : null,
    ...personFields(vocab, record.countries),
    consentFields(),
    scoreFields(),
    choice,
    h('div', { class: 'actions' }, button));
  // Chosen once per person, so that a retry registers the same person once.
  const state = { id: uuid(), key: uuid(), matches: null, registered: false };
  const forget = () => {
    if (state.registered) return;
    state.matches = null;
    choice.replaceChildren();
    button.textContent = t('attendance-check-and-add');
  };
  form.addEventListener('input', (event) => { if (['name', 'email', 'country', 'institution'].includes(event.target.name)) forget(); });
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    button.disabled = true;
    clearErrors(form);
    try {
      const reason = reasonOf(form, reported);
      const person = personFrom(form);
      const scores = { pre_score: score(form, 'pre_score'), post_score: score(form, 'post_score') };
      if (state.matches === null) {
        const found = await post('/api/v1/participants/matches', { name: person.name, email: person.email, country: person.country, institution: person.institution });
        state.matches = found.matches || [];
        if (state.matches.length) { offer(choice, state.matches); button.textContent = t('attendance-add-button'); return; }
      }
      const chosen = form.elements.same ? form.querySelector('input[name=same]:checked')?.value : 'new';
      if (!chosen) throw new Problem(422, { field: 'same', detail: t('attendance-match-choose') });
      let entry;
      if (chosen === 'new') {
        const body = { id: state.id, ...person, not_same_as: state.matches.map((m) => m.participant_id) };
        // Registered once: a retry after the list was refused records the same person.
        if (!state.registered) await post('/api/v1/participants', body, { 'Idempotency-Key': state.id });
        state.registered = true;
        entry = { participant_id: state.id, ...scores };
      } else {
        entry = { participant_id: chosen, match_confirmed: true, ...scores };
      }
      await recordAttendance(record.id, withAdded(current, [entry]), reason, state.key);
      await reload();
      document.getElementById('participants')?.scrollIntoView();
    } catch (problem) {
      if (!(problem instanceof Problem)) throw problem;
      showProblem(form, problem, { reload });
    } finally {
      busy = false;
      button.disabled = false;
    }
  });
  return form;
}

/** The people the server suggests, each "the same person", and "not the same: a new person". */
function offer(where, matches) {
  where.replaceChildren(h('fieldset', { class: 'choice', dataset: { field: 'same' } },
    h('legend', {}, t('attendance-match-legend', { count: matches.length })),
    matches.map((m) => radio('same', m.participant_id, t('attendance-match-same', { name: m.name, why: whyName(m.why) }))),
    radio('same', 'new', t('attendance-match-not-same')),
    h('p', { class: 'error', role: 'alert', hidden: true })));
  where.querySelector('input').focus();
}
