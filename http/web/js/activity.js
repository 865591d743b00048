// Planning an activity, and the activity page: its record, the actions its state allows (each
// a short form sending one command), and its history as a timeline.
import { get, post, query, uuid, words as vocabulary, Problem } from './api.js';
import { h, field, view, n, instant, day, days, money, kindName, statusName, outputName, institutionName } from './ui.js';
import { t } from './i18n.js';
import * as outbox from './outbox.js';
import { outboxList } from './kept.js';
import { foresee } from './rules.js';
import { actionForms } from './actions.js';
import { participantsSection } from './participants.js';
import {
  countryPicker, programmeSelect, vocabularySelect, text, submitter, countryLabel,
  modeName, fieldName, fundingLine, outputLine,
} from './pickers.js';

/** The API path of each action the domain names, under /api/v1/activities/{id}/. */
const PATHS = {
  reschedule: 'reschedule', record_delivery: 'delivery', record_participants: 'participants',
  attribute_funding: 'funding', withdraw_funding: 'funding/withdrawal', record_output: 'outputs',
  correct: 'corrections', cancel: 'cancellation', report: 'report', amend_delivery: 'delivery/amendment',
  amend_participants: 'participants/amendment', amend_funding: 'funding/amendment',
  amend_output: 'outputs/amendment', remove_output: 'outputs/removal', void: 'voiding',
};
const PLAN_PATH = '/api/v1/activities';

/** The action a kept command stands for, from the API path it is sent to. */
function actionOf(path) {
  if (path === PLAN_PATH) return 'plan';
  const tail = path.split('/').slice(5).join('/');
  return Object.keys(PATHS).find((action) => PATHS[action] === tail);
}

/** What a manager may send: amendments and voiding; the other commands are advisers'. */
const MANAGER_ACTIONS = new Set(['amend_delivery', 'amend_participants', 'amend_funding', 'amend_output', 'remove_output', 'void']);

/** Commands that name a funding line or an output by its place: sent on the version they were made on. */
const NAMES_A_PLACE = new Set(['amend_funding', 'amend_output', 'remove_output']);

/** `actor`'s kept commands for activity `id`, oldest first. */
async function keptFor(actor, id) {
  return (await outbox.entries(actor)).filter((e) => e.activity === id);
}

/** Those of `kept` that wait to be sent, as the rules take them. */
const waitingOf = (kept) => kept.filter((e) => e.state === 'waiting').map((e) => ({ action: actionOf(e.path), body: e.body }));

export async function planPage(session) {
  const page = view();
  const [vocab, programmes] = await Promise.all([vocabulary(), get('/api/v1/programmes')]);
  const picker = countryPicker(vocab, [], session.scope.countries);
  const form = h('form', { class: 'card', novalidate: true },
    field(t('plan-programme'), 'programme_id', { control: programmeSelect(programmes), required: true }),
    field(t('plan-kind'), 'kind', { control: vocabularySelect('kind', vocab.activity_kinds, kindName, { empty: t('plan-kind-choose') }), required: true }),
    field(t('plan-activity-title'), 'title', { required: true }),
    field(t('plan-countries'), 'countries', { control: picker.control, hint: t('plan-countries-hint') }),
    field(t('plan-location'), 'location', { required: true, hint: t('plan-location-hint') }),
    h('div', { class: 'pair' },
      field(t('plan-start'), 'planned_start', { type: 'date', required: true }),
      field(t('plan-end'), 'planned_end', { type: 'date', required: true })),
    field(t('plan-description'), 'description', { type: 'textarea' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('plan-submit'))));
  picker.input.name = 'countries';
  // The activity's id is chosen here, once, so that a retry names the same activity.
  const id = uuid();
  submitter(form, async (key) => {
    const chosen = picker.read();
    const body = {
      id,
      programme_id: form.elements.programme_id.value || undefined,
      kind: form.elements.kind.value || undefined,
      title: text(form, 'title'),
      countries: chosen.codes,
      location: text(form, 'location'),
      planned_start: form.elements.planned_start.value || undefined,
      planned_end: form.elements.planned_end.value || undefined,
      description: text(form, 'description'),
    };
    // Every missing value at once, in words, beside its field, before anything is sent.
    const missing = [
      ['programme_id', t('plan-missing-programme')],
      ['kind', t('plan-missing-kind')],
      ['title', t('plan-missing-title')],
      ['location', t('plan-missing-location')],
      ['planned_start', t('plan-missing-start')],
      ['planned_end', t('plan-missing-end')],
    ].filter(([name]) => body[name] === undefined).map(([f, detail]) => ({ field: f, detail }));
    if (chosen.problem) missing.push({ field: 'countries', detail: chosen.problem });
    else if (!chosen.codes.length) missing.push({ field: 'countries', detail: t('plan-missing-countries') });
    if (body.planned_start && body.planned_end && body.planned_end < body.planned_start) {
      missing.push({ field: 'planned_end', detail: t('plan-end-before-start') });
    }
    if (missing.length) throw Object.assign(new Problem(422, missing[0]), { problems: missing });
    const kept = { actor: session.name, activity: id, title: body.title, label: t('plan-submit'), path: PLAN_PATH, body, key };
    if (navigator.onLine) {
      try {
        await post(PLAN_PATH, body, { 'Idempotency-Key': key });
        location.hash = `#/activity/${id}`;
        return;
      } catch (problem) {
        if (problem.status !== 0) throw problem;
      }
    }
    // Offline: checked by the rules here, kept in the outbox with its id and key, and sent when
    // the connection is back; the activity's page already shows it.
    await keepIfTaken(session, id, null, 'plan', kept);
    location.hash = `#/activity/${id}`;
  });
  page(t('plan-title'), form);
}

function definition(rows) {
  return h('dl', { class: 'facts' }, rows.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** A changed field's path in words: `funding[0].amount` reads "Funding 0 › Amount". */
function pathName(path) {
  return path.split('.').map((step) => {
    const [, name, place] = step.match(/^([^[]*)(?:\[(\d+)\])?$/) || [null, step];
    return place === undefined ? fieldName(name) : `${fieldName(name)} ${place}`;
  }).join(' › ');
}

/**
 * A changed value in words: a breakdown as "Police 20, Prosecutors 8", a list joined, a date as
 * every page writes it, a code of the vocabulary (by the field it is in) in the reader's words.
 */
function shown(value, path = '') {
  const key = path.split('.').pop().replace(/\[\d+\]$/, '');
  if (value === null || value === undefined) return t('activity-history-nothing');
  if (Array.isArray(value)) return value.map((v) => shown(v)).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value).map(([k, v]) => `${key === 'by_institution' ? institutionName(k) : /^[A-Z]{3}$/.test(k) ? k : fieldName(k)} ${shown(v, `${path}.${k}`)}`).join(', ');
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return day(value);
  if (typeof value === 'number') return n(value);
  if (key === 'status') return statusName(value);
  if (key === 'mode') return modeName(value);
  if (key === 'kind') return path.startsWith('outputs') ? outputName(value) : kindName(value);
  if (key === 'amount' && /^\d+(\.\d+)?$/.test(value)) return money(value);
  return String(value);
}

function timeline(history, id) {
  return h('ol', { class: 'timeline' }, history.map((e) => h('li', {},
    h('p', { class: 'what' }, e.summary, ' ', h('a', { href: `#/activity/${id}?version=${e.version}`, class: 'then' }, t('activity-history-as-it-stood'))),
    h('p', { class: 'muted' }, `${t('activity-history-by', { actor: e.actor || t('activity-history-someone'), role: e.role || 'none' })} · `,
      h('time', { datetime: e.recorded_at }, instant(e.recorded_at)),
      ` · ${t('activity-history-version', { version: String(e.version) })}`),
    e.reason ? h('p', {}, t('activity-history-reason', { reason: e.reason })) : null,
    e.changes ? h('ul', { class: 'changes' }, e.changes.map((c) => h('li', {}, t('activity-history-field', { field: pathName(c.field) }), ' ',
      h('del', {}, shown(c.old, c.field)), ' → ', h('ins', {}, shown(c.new, c.field))))) : null)));
}

// The donors a funding form suggests: registered organisations by their canonical names, then
// names recorded before (an organisation's alias stands for it, so it is not offered twice).
async function knownDonors(record) {
  const recorded = new Set(record.funding.map((l) => l.donor));
  try {
    const programme = await get(`/api/v1/programmes/${record.programme_id}`);
    for (const c of programme.contributions || []) recorded.add(c.donor);
  } catch (_) { /* a programme outside the caller's view: no suggestions from it */ }
  try {
    const listed = await get('/api/v1/activities?limit=500');
    for (const item of listed.items) for (const d of item.donors.split(',')) if (d) recorded.add(d);
  } catch (_) { /* suggestions only */ }
  let organisations = [];
  try { organisations = await get('/api/v1/organisations'); } catch (_) { organisations = []; }
  const claimed = new Set(organisations.flatMap((o) => [o.name, ...o.aliases]).map((n) => n.trim().toLowerCase()));
  const others = [...recorded].filter((d) => !claimed.has(d.trim().toLowerCase())).sort();
  return [...organisations.map((o) => o.name), ...others];
}

/**
 * Keeps `kept` in the outbox if the rules take it after what already waits; otherwise throws
 * the refusal, which the form shows beside its field as it would the server's.
 */
async function keepIfTaken(session, id, shown, action, kept) {
  const waiting = waitingOf(await keptFor(session.name, id));
  const future = await foresee(shown, [...waiting, { action, body: kept.body }]);
  const last = future.outcomes[future.outcomes.length - 1];
  if (last.outcome === 'refused') throw new Problem(last.field ? 422 : 409, { detail: last.detail, field: last.field });
  await outbox.keep(kept);
}

/**
 * The activity as the server last showed it (`shown`, null when it never was: planned on this
 * device), with what the outbox still has to send for it folded on by the domain's rules: the
 * record to show, the version it will have and the actions its state takes.
 */
async function ahead(id, shown, waiting) {
  const future = await foresee(shown, waiting);
  if (!future.record) return null;
  return { record: { ...shown, ...future.record, id, version: future.version }, actions: future.actions, waiting: waiting.length };
}

export async function activityPage(session, id, params = new URLSearchParams()) {
  const page = view();
  const render = () => activityPage(session, id);
  // The activity as it stood at a version or an instant, when the URL asks for one.
  const then = { version: params.get('version') || '', as_of: params.get('as_of') || '' };
  const past = Boolean(then.version || then.as_of);
  const [vocab, programmes] = await Promise.all([vocabulary(), get('/api/v1/programmes').catch(() => [])]);
  const kept = await keptFor(session.name, id);
  const waiting = waitingOf(kept);
  let shown = null;
  try {
    shown = await get(`/api/v1/activities/${encodeURIComponent(id)}${query(then)}`);
  } catch (problem) {
    // Never fetched (planned offline), or not yet on the server: the outbox may still hold it.
    if (past || ![0, 404, 503].includes(problem.status)) throw problem;
    if (!waiting.length) throw problem;
  }
  const future = past ? { record: shown, actions: [], waiting: 0 } : await ahead(id, shown, waiting);
  if (!future) throw new Problem(404, { detail: t('activity-not-found', { id }) });
  const { record } = future;
  const names = new Map(vocab.countries.map((c) => [c.code, c.name]));
  const canWrite = !past && ['adviser', 'admin', 'manager'].includes(session.role);
  const canHistory = session.role !== 'donor';
  const [history, donors] = await Promise.all([
    canHistory && shown ? get(`/api/v1/activities/${id}/history`).catch(() => null) : null,
    canWrite ? knownDonors(record) : [],
  ]);
  const programme = programmes.find((p) => p.id === record.programme_id) || null;
  const send = async (action, body, key, label, form) => {
    const path = `/api/v1/activities/${id}/${PATHS[action]}`;
    const command = { actor: session.name, activity: id, title: record.title, label, path, body, key };
    if (NAMES_A_PLACE.has(action)) command.ifMatch = record.version;
    if (future.waiting || !navigator.onLine) {
      // Behind commands still waiting, or offline: decided here by the same rules the server
      // runs, kept, and sent in order once the connection is back.
      await keepIfTaken(session, id, shown, action, command);
    } else {
      try {
        await post(path, body, { 'If-Match': `"${record.version}"`, 'Idempotency-Key': key });
      } catch (problem) {
        if (problem.status !== 0) throw problem;
        // The connection dropped (or the answer was lost): kept with its key, so it lands once.
        await keepIfTaken(session, id, shown, action, command);
      }
    }
    form.closest('details').open = false;
    await render();
    document.getElementById('main').focus();
  };
  const keptSection = h('section', { id: 'waiting', 'aria-live': 'polite' });
  if (kept.length) {
    keptSection.append(h('details', { class: 'kept' }, h('summary', {}, t('activity-kept', { count: kept.length })), outboxList(kept)));
  }
  const p = record.participants;
  const facts = definition([
    [t('activity-fact-status'), [h('span', { class: `badge ${record.status}` }, statusName(record.status)),
      future.waiting ? h('span', { class: 'pending' }, ` ${t('activity-fact-status-waiting')}`) : null]],
    [t('activity-fact-programme'), programme ? `${programme.code} – ${programme.name}` : record.programme_id],
    [t('activity-fact-kind'), kindName(record.kind)],
    [t('activity-fact-countries'), record.countries.map((c) => countryLabel(names, c)).join(', ')],
    [t('activity-fact-location'), record.location],
    [t('activity-fact-planned'), days(record.planned_start, record.planned_end)],
    [t('activity-fact-delivered'), record.delivery ? t('activity-fact-delivered-value', { days: days(record.delivery.start, record.delivery.end), mode: modeName(record.delivery.mode) }) : null],
    [t('activity-fact-participants'), p ? t('activity-fact-participants-value', {
      total: p.female + p.male + p.other_or_undisclosed, female: p.female, male: p.male, other: p.other_or_undisclosed,
    }) : null],
    [t('activity-fact-funding'), record.funding.length ? h('ul', {}, record.funding.map((l) => h('li', {}, fundingLine(l)))) : null],
    [t('activity-fact-outputs'), record.outputs.length ? h('ul', {}, record.outputs.map((o) => h('li', {}, outputLine(o)))) : null],
    [t('activity-fact-cancelled-because'), record.cancellation_reason],
    [t('activity-fact-voided-because'), record.void_reason],
    [t('activity-fact-description'), record.description],
    [t('activity-fact-version'), future.waiting ? t('activity-fact-version-pending', { now: String(shown ? shown.version : 0), then: String(record.version) }) : String(record.version)],
  ]);
  const sections = [];
  if (future.waiting) {
    sections.push(h('p', { class: 'notice pending', role: 'status' }, t('activity-pending', { count: future.waiting })));
  }
  if (past) {
    sections.push(h('p', { class: 'notice past', role: 'status' },
      t('activity-past', { version: String(record.version), recorded: instant(record.recorded_at) }), ' ',
      h('a', { href: `#/activity/${id}` }, t('activity-show-current'))));
  }
  sections.push(facts, keptSection);
  if (canWrite) {
    const forms = actionForms({ record, vocab, names, donors, send, session, reload: render });
    const mine = (a) => session.role !== 'manager' || MANAGER_ACTIONS.has(a);
    const offered = future.actions.filter((a) => forms[a] && mine(a));
    if (offered.length) sections.push(h('section', { 'aria-labelledby': 'actions-title', id: 'actions' },
      h('h2', { id: 'actions-title' }, t('activity-actions')),
      offered.map((a) => h('details', { class: 'action', dataset: { action: a } },
        h('summary', {}, forms[a].title), forms[a].form))));
  }
  if (!past && shown) sections.push(participantsSection(session, record, vocab, names, render));
  if (history) {
    const instant = h('form', { class: 'row as-of', 'aria-label': t('activity-history-at-instant') },
      field(t('activity-history-as-of'), 'as_of', { type: 'datetime-local', attrs: { step: 1 } }),
      h('button', { type: 'submit', class: 'secondary' }, t('activity-history-show')));
    instant.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = instant.elements.as_of.value;
      if (value) location.hash = `#/activity/${id}${query({ as_of: `${value.length === 16 ? `${value}:00` : value}Z` })}`;
    });
    sections.push(h('section', { 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, t('activity-history-title')),
      instant, timeline(history, id)));
  }
  page(record.title, ...sections);
}

export { query };
