// Planning an activity, and the activity page: its record, the actions its state allows (each
// a short form sending one command), and its history as a timeline.
import { get, post, query, uuid, words as vocabulary, Problem } from './api.js';
import { h, field, select, view, words, n, instant, day, money, showProblem, clearErrors } from './ui.js';
import * as outbox from './outbox.js';
import { outboxList } from './kept.js';
import { foresee } from './rules.js';

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

const countryLabel = (names, code) => `${names.get(code) || code} (${code})`;

/** Folds case and accents, so that "bolivia" and "Bolívia" find Bolivia. */
const folded = (text) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();

/**
 * The country `text` names, among `countries`: an ISO code, a name, "Name (ISO)" as suggested,
 * or the beginning of a name or of one of its words when only one country has it. Answers
 * { code } or { problem } in words.
 */
function countryNamed(countries, text) {
  const typed = folded(text);
  const code = (text.match(/\(([A-Za-z]{3})\)\s*$/) || [])[1]?.toUpperCase();
  const exact = countries.find((c) => c.code === (code || text.trim().toUpperCase()) || folded(c.name) === typed);
  if (exact) return { code: exact.code };
  const starts = countries.filter((c) => folded(c.name).split(/[\s(),-]+/).some((w) => w.startsWith(typed)) || folded(c.name).startsWith(typed));
  if (starts.length === 1) return { code: starts[0].code };
  if (starts.length > 1) {
    const some = starts.slice(0, 4).map((c) => c.name).join(', ');
    return { problem: `"${text.trim()}" could be ${some}${starts.length > 4 ? ' and others' : ''}: type more of the name.` };
  }
  return { problem: `No country is called "${text.trim()}": type its name or its ISO code, such as BOL.` };
}

/**
 * A country picker: a text box suggesting "Name (ISO)", an Add button and the chosen list.
 * `allowed` narrows what it takes (an adviser's countries): another country is refused at once,
 * by name, beside the field.
 */
function countryPicker(vocab, chosen, allowed) {
  const names = new Map(vocab.countries.map((c) => [c.code, c.name]));
  const listId = `countries-${uuid().slice(0, 8)}`;
  const scoped = allowed && allowed.length ? allowed : null;
  const options = vocab.countries.filter((c) => !scoped || scoped.includes(c.code));
  const datalist = h('datalist', { id: listId }, options.map((c) => h('option', { value: countryLabel(names, c.code) })));
  const input = h('input', { type: 'text', list: listId, autocomplete: 'off', placeholder: 'Type a name or ISO code' });
  const chips = h('ul', { class: 'chips', 'aria-label': 'Chosen countries' });
  const state = [...chosen];
  const draw = () => chips.replaceChildren(...state.map((code) => h('li', {}, countryLabel(names, code), ' ',
    h('button', { type: 'button', class: 'link', 'aria-label': `Remove ${names.get(code) || code}`,
      onclick: () => { state.splice(state.indexOf(code), 1); draw(); } }, '×'))));
  // Said beside the field the picker stands in (its own error line).
  const say = (problem) => {
    const error = input.closest('[data-field]')?.querySelector('.error');
    if (error) { error.textContent = problem || ''; error.hidden = !problem; }
    if (problem) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
  };
  /** Adds what is typed; answers the problem in words, or null. */
  const add = () => {
    const text = input.value.trim();
    if (!text) { say(null); return null; }
    const found = countryNamed(vocab.countries, text);
    let problem = found.problem || null;
    if (!problem && scoped && !scoped.includes(found.code)) {
      problem = `${countryLabel(names, found.code)} is not one of your countries (${scoped.map((c) => names.get(c) || c).join(', ')}).`;
    }
    say(problem);
    if (problem) return problem;
    if (!state.includes(found.code)) state.push(found.code);
    input.value = '';
    draw();
    return null;
  };
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } });
  input.addEventListener('change', () => { if (/\([A-Za-z]{3}\)\s*$/.test(input.value)) add(); });
  draw();
  const control = h('div', { class: 'picker' }, h('div', { class: 'row' }, input,
    h('button', { type: 'button', class: 'secondary', onclick: add }, 'Add')), datalist, chips);
  /** The chosen codes, with what is still typed; the problem in words when that names none. */
  const read = () => { const problem = add(); return { codes: [...state], problem }; };
  const codes = () => {
    const chosenNow = read();
    if (chosenNow.problem) throw new Problem(422, { field: 'countries', detail: chosenNow.problem });
    return chosenNow.codes;
  };
  return { control, input, read, codes };
}

function programmeSelect(programmes, value) {
  return select('programme_id', programmes.map((p) => [p.id, `${p.code} – ${p.name}`]), { value, empty: 'Choose a programme' });
}

function text(form, name) {
  const v = form.elements[name].value.trim();
  return v === '' ? undefined : v;
}

/** Sends a command from `form`; one Idempotency-Key per form until it lands, so a retry lands once. */
function submitter(form, send, { reload } = {}) {
  let key = uuid();
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    clearErrors(form);
    busy = true;
    const button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    try {
      await send(key);
      key = uuid();
    } catch (problem) {
      if (!(problem instanceof Problem)) throw problem;
      showProblem(form, problem, { reload });
    } finally {
      busy = false;
      if (button) button.disabled = false;
    }
  });
}

export async function planPage(session) {
  const page = view();
  const [vocab, programmes] = await Promise.all([vocabulary(), get('/api/v1/programmes')]);
  const picker = countryPicker(vocab, [], session.scope.countries);
  const form = h('form', { class: 'card', novalidate: true },
    field('Programme', 'programme_id', { control: programmeSelect(programmes), required: true }),
    field('Kind', 'kind', { control: select('kind', vocab.activity_kinds, { empty: 'Choose a kind' }), required: true }),
    field('Title', 'title', { required: true }),
    field('Countries', 'countries', { control: picker.control, hint: 'One country, or several for a regional activity.' }),
    field('Location', 'location', { required: true, hint: 'City or venue; "online" for remote activities.' }),
    h('div', { class: 'pair' },
      field('Planned start', 'planned_start', { type: 'date', required: true }),
      field('Planned end', 'planned_end', { type: 'date', required: true })),
    field('Description', 'description', { type: 'textarea' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Plan the activity')));
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
      ['programme_id', 'Choose the programme the activity belongs to.'],
      ['kind', 'Choose what kind of activity it is.'],
      ['title', 'Give the activity a title.'],
      ['location', 'Say where it takes place: a city or venue, or "online".'],
      ['planned_start', 'Give the day it is planned to start.'],
      ['planned_end', 'Give the day it is planned to end.'],
    ].filter(([name]) => body[name] === undefined).map(([f, detail]) => ({ field: f, detail }));
    if (chosen.problem) missing.push({ field: 'countries', detail: chosen.problem });
    else if (!chosen.codes.length) missing.push({ field: 'countries', detail: 'Add the country where it takes place (several for a regional activity).' });
    if (body.planned_start && body.planned_end && body.planned_end < body.planned_start) {
      missing.push({ field: 'planned_end', detail: 'The planned end falls before the planned start.' });
    }
    if (missing.length) throw Object.assign(new Problem(422, missing[0]), { problems: missing });
    const kept = { actor: session.name, activity: id, title: body.title, label: 'Plan the activity', path: PLAN_PATH, body, key };
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
  page('Plan an activity', form);
}

function definition(rows) {
  return h('dl', { class: 'facts' }, rows.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function numberInput(name, value = 0) {
  return h('input', { type: 'number', name, min: 0, step: 1, inputmode: 'numeric', value });
}

const count = (form, name) => {
  const el = form.elements[name];
  return el && el.value !== '' ? Number(el.value) : 0;
};

/** The reason every amendment and voiding gives. */
const reasonField = (label = 'Reason') => field(label, 'reason', { required: true, hint: 'Kept in the history with the old and new values.' });

/**
 * The participants form: overall tally, by institution, by country for a regional activity, the
 * totals checked as typed. With `amend`, a reason comes first and the tally goes as `participants`.
 */
function tallyForm(ctx, make, { key, title, amend = false }) {
  const { record, vocab, names } = ctx;
  const p = record.participants || {};
  const total = h('p', { class: 'total', 'aria-live': 'polite' });
  const institutions = h('fieldset', { class: 'breakdown', dataset: { field: 'by_institution' } },
    h('legend', {}, 'By institution (optional)'),
    vocab.institutions.map((i) => field(words(i), `by_institution.${i}`, { control: numberInput(`inst_${i}`, p.by_institution?.[i] ?? '') })),
    h('p', { class: 'error', role: 'alert', hidden: true }));
  const regional = record.countries.length > 1;
  const byCountry = regional ? h('fieldset', { class: 'breakdown', dataset: { field: 'by_country' } },
    h('legend', {}, 'By country (optional, regional activity)'),
    record.countries.map((c) => h('div', { class: 'triple', dataset: { field: `by_country.${c}` } },
      h('span', { class: 'country' }, countryLabel(names, c)),
      ['female', 'male', 'other_or_undisclosed'].map((s) => field(words(s), `by_country.${c}.${s}`,
        { control: numberInput(`c_${c}_${s}`, p.by_country?.[c]?.[s] ?? '') })))),
    h('p', { class: 'error', role: 'alert', hidden: true })) : null;
  const check = (f) => {
    const sum = count(f, 'female') + count(f, 'male') + count(f, 'other_or_undisclosed');
    const inst = vocab.institutions.reduce((acc, i) => acc + count(f, `inst_${i}`), 0);
    const countries = regional ? record.countries.reduce((acc, c) => acc + ['female', 'male', 'other_or_undisclosed']
      .reduce((a, s) => a + count(f, `c_${c}_${s}`), 0), 0) : 0;
    total.textContent = `Total: ${n(sum)} participants` + (inst ? `; institutions: ${n(inst)}` : '') + (countries ? `; countries: ${n(countries)}` : '');
    if (inst > sum) return { field: 'by_institution', detail: `The institutions add up to ${inst}, more than the ${sum} participants.` };
    if (countries > sum) return { field: 'by_country', detail: `The countries add up to ${countries}, more than the ${sum} participants.` };
    return null;
  };
  const form = make(key, title, [
    amend ? reasonField('Reason for the amendment') : null,
    h('div', { class: 'triple' },
      field('Women', 'female', { control: numberInput('female', p.female ?? 0) }),
      field('Men', 'male', { control: numberInput('male', p.male ?? 0) }),
      field('Other or undisclosed', 'other_or_undisclosed', { control: numberInput('other_or_undisclosed', p.other_or_undisclosed ?? 0) })),
    total, institutions, byCountry,
  ], (f) => {
    const body = { female: count(f, 'female'), male: count(f, 'male'), other_or_undisclosed: count(f, 'other_or_undisclosed') };
    const inst = {};
    for (const i of vocab.institutions) if (f.elements[`inst_${i}`].value !== '') inst[i] = count(f, `inst_${i}`);
    if (Object.keys(inst).length) body.by_institution = inst;
    if (regional) {
      const bc = {};
      for (const c of record.countries) {
        const a = {};
        let any = false;
        for (const s of ['female', 'male', 'other_or_undisclosed']) { if (f.elements[`c_${c}_${s}`].value !== '') any = true; a[s] = count(f, `c_${c}_${s}`); }
        if (any) bc[c] = a;
      }
      if (Object.keys(bc).length) body.by_country = bc;
    }
    const problem = check(f);
    if (problem) throw new Problem(422, problem);
    return amend ? { reason: text(f, 'reason'), participants: body } : body;
  });
  form.addEventListener('input', () => {
    const problem = check(form);
    for (const fs of form.querySelectorAll('fieldset')) {
      const err = fs.querySelector(':scope > .error');
      const mine = problem && problem.field === fs.dataset.field;
      err.textContent = mine ? problem.detail : '';
      err.hidden = !mine;
    }
  });
  check(form);
}

/** Which line or output an amendment names: its place in the record, from 0. */
function placeSelect(name, items, label) {
  return select(name, items.map((item, i) => [String(i), label(item)]));
}

/** The amendments of what happened, and voiding: each form sends a reason. */
function amendmentForms(ctx, make, { amountField }) {
  const { record, vocab } = ctx;
  if (record.delivery) {
    make('amend_delivery', 'Amend the delivery, with a reason', [
      h('p', { class: 'hint' }, 'An amendment keeps its reason and the old and new values in the history; once the activity is reported, it is the only way to change the delivery.'),
      reasonField('Reason for the amendment'),
      h('div', { class: 'pair' },
        field('Started', 'start', { type: 'date', attrs: { value: record.delivery.start } }),
        field('Ended', 'end', { type: 'date', attrs: { value: record.delivery.end } })),
      field('Mode', 'mode', { control: select('mode', vocab.delivery_modes, { value: record.delivery.mode }) }),
    ], (f) => ({ reason: text(f, 'reason'), start: f.elements.start.value || undefined, end: f.elements.end.value || undefined, mode: f.elements.mode.value }));
  }
  if (record.funding.length) {
    const line = placeSelect('line', record.funding, (l) => `${l.donor}: ${money(l.amount, l.currency)}`);
    const { control: amount, currency, hint, read } = amountField(record.funding[0]);
    line.addEventListener('change', () => {
      const chosen = record.funding[Number(line.value)];
      form.elements.donor.value = chosen.donor;
      currency.value = chosen.currency;
      currency.dispatchEvent(new Event('change'));
      amount.value = chosen.amount;
    });
    const form = make('amend_funding', 'Amend a funding line', [
      reasonField('Reason for the amendment'),
      field('Funding line', 'line', { control: line }),
      field('Donor', 'donor', { attrs: { value: record.funding[0].donor, autocomplete: 'off' } }),
      h('div', { class: 'pair' }, field('Currency', 'currency', { control: currency }), field('Amount', 'amount', { control: amount, hint })),
    ], (f) => ({ reason: text(f, 'reason'), line: Number(f.elements.line.value), donor: text(f, 'donor'), amount: read(), currency: f.elements.currency.value }));
  }
  if (record.outputs.length) {
    const describe = (o) => `${words(o.kind)}: ${o.description}`;
    const chosen = placeSelect('output', record.outputs, describe);
    const form = make('amend_output', 'Amend an output', [
      reasonField('Reason for the amendment'),
      field('Output', 'output', { control: chosen }),
      field('Kind of output', 'kind', { control: select('kind', vocab.output_kinds, { value: record.outputs[0].kind }) }),
      field('Description', 'description', { type: 'textarea', required: true }),
    ], (f) => ({ reason: text(f, 'reason'), output: Number(f.elements.output.value), kind: f.elements.kind.value, description: text(f, 'description') }));
    form.elements.description.value = record.outputs[0].description;
    chosen.addEventListener('change', () => {
      const output = record.outputs[Number(chosen.value)];
      form.elements.kind.value = output.kind;
      form.elements.description.value = output.description;
    });
    make('remove_output', 'Remove an output recorded in error', [
      reasonField('Reason for the removal'),
      field('Output', 'output', { control: placeSelect('output', record.outputs, describe) }),
    ], (f) => ({ reason: text(f, 'reason'), output: Number(f.elements.output.value) }));
  }
  make('void', 'Void this record', [
    h('p', {}, 'Voiding is for a duplicate or a record made by mistake: the activity then counts in no figure, and stays in its history and the audit log. It cannot be undone.'),
    reasonField('Why it is void'),
  ], (f) => ({ reason: text(f, 'reason') }));
}

/**
 * An amount input with a currency picker: the hint tells the currency's decimals, `read` checks
 * the typed amount against them (a 422 on the amount field when it does not fit).
 */
function amountField(vocab, line) {
  const currencies = vocab.currencies.filter((c) => c.decimals !== null);
  const hint = h('span', {});
  const currency = select('currency', currencies.map((c) => [c.code, `${c.code} – ${c.name}`]), { value: line?.currency || 'EUR' });
  const control = h('input', { type: 'text', name: 'amount', inputmode: 'decimal', autocomplete: 'off', value: line?.amount });
  const decimals = () => currencies.find((c) => c.code === currency.value)?.decimals ?? 2;
  const showDecimals = () => { hint.textContent = `Up to ${decimals()} decimal${decimals() === 1 ? '' : 's'} for ${currency.value}.`; };
  currency.addEventListener('change', showDecimals);
  showDecimals();
  const read = () => {
    const value = control.value.trim().replace(/,/g, '');
    const d = decimals();
    const pattern = d === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${d}})?$`);
    if (!pattern.test(value)) {
      throw new Problem(422, { field: 'amount', detail: `Write the amount as digits with at most ${d} decimal${d === 1 ? '' : 's'}, such as ${d ? `1500.${'0'.repeat(d)}` : '1500'}.` });
    }
    return value;
  };
  return { control, currency, hint, read };
}

/** The forms, by action, for `record` at `version`. */
function actionForms(ctx) {
  const { record, vocab, donors, send } = ctx;
  const forms = {};
  const make = (action, title, children, build) => {
    const form = h('form', { class: 'command', novalidate: true, 'aria-label': title }, children,
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, title)));
    submitter(form, (k) => send(action, build(form), k, title, form), { reload: ctx.reload });
    forms[action] = { title, form };
    return form;
  };

  make('reschedule', 'Reschedule', [
    h('div', { class: 'pair' },
      field('New start', 'planned_start', { type: 'date', attrs: { value: record.planned_start } }),
      field('New end', 'planned_end', { type: 'date', attrs: { value: record.planned_end } })),
    field('Reason', 'reason', { hint: 'Optional.' }),
  ], (f) => ({ planned_start: f.elements.planned_start.value || undefined, planned_end: f.elements.planned_end.value || undefined, reason: text(f, 'reason') }));

  make('record_delivery', record.delivery ? 'Fix the delivery dates or mode' : 'Record delivery', [
    record.delivery ? h('p', { class: 'hint' }, 'Replaces the delivery recorded before, while the activity is not reported; no reason is asked.') : null,
    h('div', { class: 'pair' },
      field('Started', 'start', { type: 'date', attrs: { value: record.delivery?.start || record.planned_start } }),
      field('Ended', 'end', { type: 'date', attrs: { value: record.delivery?.end || record.planned_end } })),
    field('Mode', 'mode', { control: select('mode', vocab.delivery_modes, { value: record.delivery?.mode || 'in_person' }) }),
  ], (f) => ({ start: f.elements.start.value || undefined, end: f.elements.end.value || undefined, mode: f.elements.mode.value }));

  // Participants (recorded, or amended with a reason): totals checked as typed.
  tallyForm(ctx, make, { key: 'record_participants', title: 'Record participants' });
  if (record.participants) {
    tallyForm(ctx, make, { key: 'amend_participants', title: 'Amend the participants', amend: true });
  }

  // Funding: a known donor, an amount with the currency's decimals.
  const donorList = `donors-${uuid().slice(0, 8)}`;
  const { control: amount, currency, hint: amountHint, read } = amountField(vocab);
  make('attribute_funding', 'Attribute funding', [
    field('Donor', 'donor', { control: h('input', { type: 'text', name: 'donor', list: donorList, autocomplete: 'off' }), hint: 'Choose a registered organisation, or type the donor\'s name as recorded.' }),
    h('datalist', { id: donorList }, donors.map((d) => h('option', { value: d }))),
    h('div', { class: 'pair' }, field('Currency', 'currency', { control: currency }), field('Amount', 'amount', { control: amount, hint: amountHint })),
  ], (f) => ({ donor: text(f, 'donor'), amount: read(), currency: f.elements.currency.value }));

  if (record.funding.length) {
    make('withdraw_funding', 'Withdraw funding', [
      field('Donor', 'donor', { control: select('donor', [...new Set(record.funding.map((l) => l.donor))]) }),
      field('Reason', 'reason', { required: true }),
    ], (f) => ({ donor: f.elements.donor.value, reason: text(f, 'reason') }));
  }

  make('record_output', 'Record an output', [
    field('Kind of output', 'kind', { control: select('kind', vocab.output_kinds) }),
    field('Description', 'description', { type: 'textarea', required: true }),
  ], (f) => ({ kind: f.elements.kind.value, description: text(f, 'description') }));

  // Correction: the planned fields, prefilled; only the changed ones are sent.
  const picker = countryPicker(vocab, record.countries, ctx.session.scope.countries);
  picker.input.name = 'countries_picker';
  make('correct', 'Correct the planned details', [
    field('Reason for the correction', 'reason', { required: true }),
    field('Title', 'changes.title', { attrs: { value: record.title, name: 'title' } }),
    field('Kind', 'changes.kind', { control: select('kind', vocab.activity_kinds, { value: record.kind }) }),
    field('Location', 'changes.location', { attrs: { value: record.location, name: 'location' } }),
    field('Countries', 'changes.countries', { control: picker.control }),
    h('div', { class: 'pair' },
      field('Planned start', 'changes.planned_start', { type: 'date', attrs: { value: record.planned_start, name: 'planned_start' } }),
      field('Planned end', 'changes.planned_end', { type: 'date', attrs: { value: record.planned_end, name: 'planned_end' } })),
  ], (f) => {
    const changes = {};
    for (const k of ['title', 'kind', 'location', 'planned_start', 'planned_end']) {
      const v = f.elements[k].value.trim();
      if (v !== String(record[k] ?? '')) changes[k] = v;
    }
    let codes;
    try { codes = picker.codes(); } catch (e) { e.field = 'changes.countries'; throw e; }
    if (codes.join(',') !== record.countries.join(',')) changes.countries = codes;
    return { reason: text(f, 'reason'), changes };
  });

  amendmentForms(ctx, make, { amountField: (line) => amountField(vocab, line) });

  make('cancel', 'Cancel the activity', [field('Reason', 'reason', { required: true })],
    (f) => ({ reason: text(f, 'reason') }));

  const parts = record.participants;
  make('report', 'Report and lock', [
    h('p', {}, 'Reporting locks this record: afterwards it changes only through an amendment or a correction, each with a reason. It will lock:'),
    h('ul', {},
      h('li', {}, `Delivery: ${record.delivery ? `${day(record.delivery.start)} to ${day(record.delivery.end)}, ${words(record.delivery.mode)}` : 'none'}`),
      h('li', {}, `Participants: ${parts ? n(parts.female + parts.male + parts.other_or_undisclosed) : 'none recorded'}`),
      h('li', {}, `Funding: ${record.funding.length ? record.funding.map((l) => `${l.donor} ${money(l.amount, l.currency)}`).join('; ') : 'none'}`),
      h('li', {}, `Outputs: ${record.outputs.length}`)),
  ], () => ({}));
  return forms;
}

/** A changed value in words: a breakdown as "Police 20, Prosecutors 8", a list joined, a date as every page writes it. */
function shown(value) {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.map(shown).join(', ');
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${words(k)} ${shown(v)}`).join(', ');
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return day(value);
  // A vocabulary word (in_person, manual_published) in words; typed text as it was typed.
  return typeof value === 'string' && /^[a-z]+(_[a-z]+)+$/.test(value) ? words(value) : String(value);
}

function timeline(history, id) {
  return h('ol', { class: 'timeline' }, history.map((e) => h('li', {},
    h('p', { class: 'what' }, e.summary, ' ', h('a', { href: `#/activity/${id}?version=${e.version}`, class: 'then' }, `(as it stood then)`)),
    h('p', { class: 'muted' }, `${e.actor || 'unknown'}${e.role ? ` (${e.role})` : ''} · `,
      h('time', { datetime: e.recorded_at }, instant(e.recorded_at)),
      ` · version ${e.version}`),
    e.reason ? h('p', {}, 'Reason: ', e.reason) : null,
    e.changes ? h('ul', { class: 'changes' }, e.changes.map((c) => h('li', {}, `${words(c.field)}: `,
      h('del', {}, shown(c.old)), ' → ', h('ins', {}, shown(c.new))))) : null)));
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
  if (!future) throw new Problem(404, { detail: `No activity is recorded under id ${id}.` });
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
    keptSection.append(h('details', { class: 'kept' }, h('summary', {}, `Kept on this device (${kept.length})`), outboxList(kept)));
  }
  const p = record.participants;
  const facts = definition([
    ['Status', [h('span', { class: `badge ${record.status}` }, words(record.status)),
      future.waiting ? h('span', { class: 'pending' }, ' waiting to send') : null]],
    ['Programme', programme ? `${programme.code} – ${programme.name}` : record.programme_id],
    ['Kind', words(record.kind)],
    ['Countries', record.countries.map((c) => countryLabel(names, c)).join(', ')],
    ['Location', record.location],
    ['Planned', `${day(record.planned_start)} to ${day(record.planned_end)}`],
    ['Delivered', record.delivery ? `${day(record.delivery.start)} to ${day(record.delivery.end)} (${words(record.delivery.mode)})` : null],
    ['Participants', p ? `${n(p.female + p.male + p.other_or_undisclosed)} (women ${n(p.female)}, men ${n(p.male)}, other or undisclosed ${n(p.other_or_undisclosed)})` : null],
    ['Funding', record.funding.length ? h('ul', {}, record.funding.map((l) => h('li', {}, `${l.donor}: ${money(l.amount, l.currency)}`))) : null],
    ['Outputs', record.outputs.length ? h('ul', {}, record.outputs.map((o) => h('li', {}, `${words(o.kind)}: ${o.description}`))) : null],
    ['Cancelled because', record.cancellation_reason],
    ['Voided because', record.void_reason],
    ['Description', record.description],
    ['Version', future.waiting ? `${shown ? shown.version : 0} now, ${record.version} once sent` : String(record.version)],
  ]);
  const sections = [];
  if (future.waiting) {
    const changes = future.waiting === 1 ? 'the change' : `the ${future.waiting} changes`;
    sections.push(h('p', { class: 'notice pending', role: 'status' },
      `Shown as it will be once ${changes} kept on this device ${future.waiting === 1 ? 'is' : 'are'} sent.`));
  }
  if (past) {
    sections.push(h('p', { class: 'notice past', role: 'status' },
      `As it stood at version ${record.version}, recorded ${instant(record.recorded_at)}. `,
      h('a', { href: `#/activity/${id}` }, 'Show the current state')));
  }
  sections.push(facts, keptSection);
  if (canWrite) {
    const forms = actionForms({ record, vocab, names, donors, send, session, reload: render });
    const mine = (a) => session.role !== 'manager' || MANAGER_ACTIONS.has(a);
    const offered = future.actions.filter((a) => forms[a] && mine(a));
    if (offered.length) sections.push(h('section', { 'aria-labelledby': 'actions-title', id: 'actions' },
      h('h2', { id: 'actions-title' }, 'What you can do now'),
      offered.map((a) => h('details', { class: 'action', dataset: { action: a } },
        h('summary', {}, forms[a].title), forms[a].form))));
  }
  if (history) {
    const instant = h('form', { class: 'row as-of', 'aria-label': 'Show the activity at an instant' },
      field('As it stood at (UTC)', 'as_of', { type: 'datetime-local', attrs: { step: 1 } }),
      h('button', { type: 'submit', class: 'secondary' }, 'Show'));
    instant.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = instant.elements.as_of.value;
      if (value) location.hash = `#/activity/${id}${query({ as_of: `${value.length === 16 ? `${value}:00` : value}Z` })}`;
    });
    sections.push(h('section', { 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, 'History'),
      instant, timeline(history, id)));
  }
  page(record.title, ...sections);
}

export { query };
