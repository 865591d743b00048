// The forms of the activity page, one per action its state allows, each sending one command:
// record, fund, correct, cancel, report, and (with a reason) amend or void.
import { uuid, Problem } from './api.js';
import { h, field, select, n, days, money, kindName, outputName, institutionName } from './ui.js';
import { t } from './i18n.js';
import {
  countryPicker, amountField, vocabularySelect, text, submitter, countryLabel, modeName, fundingLine, outputLine,
} from './pickers.js';

const SEXES = ['female', 'male', 'other_or_undisclosed'];
/** The label of each sex's count, in the reader's language. */
const sexLabel = (sex) => ({ female: t('activity-participants-women'), male: t('activity-participants-men'), other_or_undisclosed: t('activity-participants-other') }[sex]);

function numberInput(name, value = 0) {
  return h('input', { type: 'number', name, min: 0, step: 1, inputmode: 'numeric', value });
}

const count = (form, name) => {
  const el = form.elements[name];
  return el && el.value !== '' ? Number(el.value) : 0;
};

/** The reason every amendment and voiding gives. */
const reasonField = (label) => field(label, 'reason', { required: true, hint: t('activity-reason-kept-hint') });

/**
 * The participants form: overall tally, by institution, by country for a regional activity, the
 * totals checked as typed. With `amend`, a reason comes first and the tally goes as `participants`.
 */
function tallyForm(ctx, make, { key, title, amend = false }) {
  const { record, vocab, names } = ctx;
  const p = record.participants || {};
  const total = h('p', { class: 'total', 'aria-live': 'polite' });
  const institutions = h('fieldset', { class: 'breakdown', dataset: { field: 'by_institution' } },
    h('legend', {}, t('activity-participants-by-institution')),
    vocab.institutions.map((i) => field(institutionName(i), `by_institution.${i}`, { control: numberInput(`inst_${i}`, p.by_institution?.[i] ?? '') })),
    h('p', { class: 'error', role: 'alert', hidden: true }));
  const regional = record.countries.length > 1;
  const byCountry = regional ? h('fieldset', { class: 'breakdown', dataset: { field: 'by_country' } },
    h('legend', {}, t('activity-participants-by-country')),
    record.countries.map((c) => h('div', { class: 'triple', dataset: { field: `by_country.${c}` } },
      h('span', { class: 'country' }, countryLabel(names, c)),
      SEXES.map((s) => field(sexLabel(s), `by_country.${c}.${s}`,
        { control: numberInput(`c_${c}_${s}`, p.by_country?.[c]?.[s] ?? '') })))),
    h('p', { class: 'error', role: 'alert', hidden: true })) : null;
  const check = (f) => {
    const sum = SEXES.reduce((a, s) => a + count(f, s), 0);
    const inst = vocab.institutions.reduce((acc, i) => acc + count(f, `inst_${i}`), 0);
    const countries = regional ? record.countries.reduce((acc, c) => acc + SEXES.reduce((a, s) => a + count(f, `c_${c}_${s}`), 0), 0) : 0;
    total.textContent = t('activity-participants-total', { sum, institutions: inst, countries });
    if (inst > sum) return { field: 'by_institution', detail: t('activity-participants-institutions-exceed', { parts: inst, sum }) };
    if (countries > sum) return { field: 'by_country', detail: t('activity-participants-countries-exceed', { parts: countries, sum }) };
    return null;
  };
  const form = make(key, title, [
    amend ? reasonField(t('activity-reason-amendment')) : null,
    h('div', { class: 'triple' }, SEXES.map((s) => field(sexLabel(s), s, { control: numberInput(s, p[s] ?? 0) }))),
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
        for (const s of SEXES) { if (f.elements[`c_${c}_${s}`].value !== '') any = true; a[s] = count(f, `c_${c}_${s}`); }
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

/** The delivery's dates and mode, prefilled from `delivery` (or the planned dates). */
const deliveryFields = (vocab, record, delivery) => [
  h('div', { class: 'pair' },
    field(t('activity-delivery-started'), 'start', { type: 'date', attrs: { value: delivery?.start || record.planned_start } }),
    field(t('activity-delivery-ended'), 'end', { type: 'date', attrs: { value: delivery?.end || record.planned_end } })),
  field(t('activity-delivery-mode'), 'mode', { control: vocabularySelect('mode', vocab.delivery_modes, modeName, { value: delivery?.mode || 'in_person' }) }),
];

/** The amendments of what happened, and voiding: each form sends a reason. */
function amendmentForms(ctx, make) {
  const { record, vocab } = ctx;
  if (record.delivery) {
    make('amend_delivery', t('activity-action-amend-delivery'), [
      h('p', { class: 'hint' }, t('activity-amend-delivery-hint')),
      reasonField(t('activity-reason-amendment')),
      ...deliveryFields(vocab, record, record.delivery),
    ], (f) => ({ reason: text(f, 'reason'), start: f.elements.start.value || undefined, end: f.elements.end.value || undefined, mode: f.elements.mode.value }));
  }
  if (record.funding.length) {
    const line = placeSelect('line', record.funding, fundingLine);
    const { control: amount, currency, hint, read } = amountField(vocab, record.funding[0]);
    line.addEventListener('change', () => {
      const chosen = record.funding[Number(line.value)];
      form.elements.donor.value = chosen.donor;
      currency.value = chosen.currency;
      currency.dispatchEvent(new Event('change'));
      amount.value = money(chosen.amount);
    });
    const form = make('amend_funding', t('activity-action-amend-funding'), [
      reasonField(t('activity-reason-amendment')),
      field(t('activity-funding-line'), 'line', { control: line }),
      field(t('activity-funding-donor'), 'donor', { attrs: { value: record.funding[0].donor, autocomplete: 'off' } }),
      h('div', { class: 'pair' }, field(t('activity-funding-currency'), 'currency', { control: currency }), field(t('activity-funding-amount'), 'amount', { control: amount, hint })),
    ], (f) => ({ reason: text(f, 'reason'), line: Number(f.elements.line.value), donor: text(f, 'donor'), amount: read(), currency: f.elements.currency.value }));
  }
  if (record.outputs.length) {
    const chosen = placeSelect('output', record.outputs, outputLine);
    const form = make('amend_output', t('activity-action-amend-output'), [
      reasonField(t('activity-reason-amendment')),
      field(t('activity-output-which'), 'output', { control: chosen }),
      field(t('activity-output-kind'), 'kind', { control: vocabularySelect('kind', vocab.output_kinds, outputName, { value: record.outputs[0].kind }) }),
      field(t('activity-output-description'), 'description', { type: 'textarea', required: true }),
    ], (f) => ({ reason: text(f, 'reason'), output: Number(f.elements.output.value), kind: f.elements.kind.value, description: text(f, 'description') }));
    form.elements.description.value = record.outputs[0].description;
    chosen.addEventListener('change', () => {
      const output = record.outputs[Number(chosen.value)];
      form.elements.kind.value = output.kind;
      form.elements.description.value = output.description;
    });
    make('remove_output', t('activity-action-remove-output'), [
      reasonField(t('activity-reason-removal')),
      field(t('activity-output-which'), 'output', { control: placeSelect('output', record.outputs, outputLine) }),
    ], (f) => ({ reason: text(f, 'reason'), output: Number(f.elements.output.value) }));
  }
  make('void', t('activity-action-void'), [
    h('p', {}, t('activity-void-explained')),
    reasonField(t('activity-reason-void')),
  ], (f) => ({ reason: text(f, 'reason') }));
}

/** What reporting will lock, in words. */
function reportSummary(record) {
  const { delivery, participants: parts, funding, outputs } = record;
  return h('ul', {},
    h('li', {}, delivery ? t('activity-report-delivery', { delivery: `${days(delivery.start, delivery.end)}, ${modeName(delivery.mode)}` }) : t('activity-report-delivery-none')),
    h('li', {}, parts ? t('activity-report-participants', { participants: n(parts.female + parts.male + parts.other_or_undisclosed) }) : t('activity-report-participants-none')),
    h('li', {}, funding.length ? t('activity-report-funding', { funding: funding.map((l) => `${l.donor} ${money(l.amount, l.currency)}`).join('; ') }) : t('activity-report-funding-none')),
    h('li', {}, t('activity-report-outputs', { outputs: outputs.length })));
}

/** The forms, by action, for `record` at `version`. */
export function actionForms(ctx) {
  const { record, vocab, donors, send } = ctx;
  const forms = {};
  const make = (action, title, children, build) => {
    const form = h('form', { class: 'command', novalidate: true, 'aria-label': title }, children,
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, title)));
    submitter(form, (k) => send(action, build(form), k, title, form), { reload: ctx.reload });
    forms[action] = { title, form };
    return form;
  };

  make('reschedule', t('activity-action-reschedule'), [
    h('div', { class: 'pair' },
      field(t('activity-reschedule-start'), 'planned_start', { type: 'date', attrs: { value: record.planned_start } }),
      field(t('activity-reschedule-end'), 'planned_end', { type: 'date', attrs: { value: record.planned_end } })),
    field(t('activity-reason'), 'reason', { hint: t('activity-reason-optional') }),
  ], (f) => ({ planned_start: f.elements.planned_start.value || undefined, planned_end: f.elements.planned_end.value || undefined, reason: text(f, 'reason') }));

  make('record_delivery', record.delivery ? t('activity-action-fix-delivery') : t('activity-action-record-delivery'), [
    record.delivery ? h('p', { class: 'hint' }, t('activity-fix-delivery-hint')) : null,
    ...deliveryFields(vocab, record, record.delivery),
  ], (f) => ({ start: f.elements.start.value || undefined, end: f.elements.end.value || undefined, mode: f.elements.mode.value }));

  // Participants (recorded, or amended with a reason): totals checked as typed.
  tallyForm(ctx, make, { key: 'record_participants', title: t('activity-action-record-participants') });
  if (record.participants) {
    tallyForm(ctx, make, { key: 'amend_participants', title: t('activity-action-amend-participants'), amend: true });
  }

  // Funding: a known donor, an amount with the currency's decimals.
  const donorList = `donors-${uuid().slice(0, 8)}`;
  const { control: amount, currency, hint: amountHint, read } = amountField(vocab);
  make('attribute_funding', t('activity-action-attribute-funding'), [
    field(t('activity-funding-donor'), 'donor', { control: h('input', { type: 'text', name: 'donor', list: donorList, autocomplete: 'off' }), hint: t('activity-funding-donor-hint') }),
    h('datalist', { id: donorList }, donors.map((d) => h('option', { value: d }))),
    h('div', { class: 'pair' }, field(t('activity-funding-currency'), 'currency', { control: currency }), field(t('activity-funding-amount'), 'amount', { control: amount, hint: amountHint })),
  ], (f) => ({ donor: text(f, 'donor'), amount: read(), currency: f.elements.currency.value }));

  if (record.funding.length) {
    make('withdraw_funding', t('activity-action-withdraw-funding'), [
      field(t('activity-funding-donor'), 'donor', { control: select('donor', [...new Set(record.funding.map((l) => l.donor))].map((d) => [d, d])) }),
      field(t('activity-reason'), 'reason', { required: true }),
    ], (f) => ({ donor: f.elements.donor.value, reason: text(f, 'reason') }));
  }

  make('record_output', t('activity-action-record-output'), [
    field(t('activity-output-kind'), 'kind', { control: vocabularySelect('kind', vocab.output_kinds, outputName) }),
    field(t('activity-output-description'), 'description', { type: 'textarea', required: true }),
  ], (f) => ({ kind: f.elements.kind.value, description: text(f, 'description') }));

  // Correction: the planned fields, prefilled; only the changed ones are sent.
  const picker = countryPicker(vocab, record.countries, ctx.session.scope.countries);
  picker.input.name = 'countries_picker';
  make('correct', t('activity-action-correct'), [
    field(t('activity-reason-correction'), 'reason', { required: true }),
    field(t('plan-activity-title'), 'changes.title', { attrs: { value: record.title, name: 'title' } }),
    field(t('plan-kind'), 'changes.kind', { control: vocabularySelect('kind', vocab.activity_kinds, kindName, { value: record.kind }) }),
    field(t('plan-location'), 'changes.location', { attrs: { value: record.location, name: 'location' } }),
    field(t('plan-countries'), 'changes.countries', { control: picker.control }),
    h('div', { class: 'pair' },
      field(t('plan-start'), 'changes.planned_start', { type: 'date', attrs: { value: record.planned_start, name: 'planned_start' } }),
      field(t('plan-end'), 'changes.planned_end', { type: 'date', attrs: { value: record.planned_end, name: 'planned_end' } })),
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

  amendmentForms(ctx, make);

  make('cancel', t('activity-action-cancel'), [field(t('activity-reason'), 'reason', { required: true })],
    (f) => ({ reason: text(f, 'reason') }));

  make('report', t('activity-action-report'), [h('p', {}, t('activity-report-explained')), reportSummary(record)], () => ({}));
  return forms;
}
