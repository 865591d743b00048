// Small DOM helpers: elements built with textContent (never HTML strings), labelled fields,
// and problem+json errors shown next to the field they name.

import { language, t } from './i18n.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** `legislative_assistance` -> `Legislative assistance`. */
export function words(word) {
  if (word === undefined || word === null) return '';
  const s = String(word).replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A server's detail in words: "`planned_end` falls before..." reads "Planned end falls before...". */
export function inWords(detail) {
  return String(detail || '').replace(/`([A-Za-z_][\w.\[\]]*)`/g, (_, name) => words(name.split('.').pop().replace(/\[\d+\]$/, '')));
}

/** The API's closed lists in the reader's words, each value a literal id (none computed). */
const KINDS = () => ({
  training: t('kind-training'),
  workshop: t('kind-workshop'),
  legislative_assistance: t('kind-legislative-assistance'),
  pre_accession_support: t('kind-pre-accession-support'),
  assessment_mission: t('kind-assessment-mission'),
  expert_group_meeting: t('kind-expert-group-meeting'),
  mentoring: t('kind-mentoring'),
  joint_operation_support: t('kind-joint-operation-support'),
  e_learning: t('kind-e-learning'),
  publication: t('kind-publication'),
});
const STATUSES = () => ({
  planned: t('status-planned'),
  delivered: t('status-delivered'),
  reported: t('status-reported'),
  cancelled: t('status-cancelled'),
  voided: t('status-voided'),
});
const OUTPUTS = () => ({
  law_drafted: t('output-law-drafted'),
  law_amended: t('output-law-amended'),
  strategy_adopted: t('output-strategy-adopted'),
  accession_deposited: t('output-accession-deposited'),
  manual_published: t('output-manual-published'),
  network_established: t('output-network-established'),
  other: t('output-other'),
});
const INSTITUTIONS = () => ({
  police: t('institution-police'),
  prosecutors: t('institution-prosecutors'),
  judges: t('institution-judges'),
  customs: t('institution-customs'),
  border_guards: t('institution-border-guards'),
  financial_intelligence: t('institution-financial-intelligence'),
  civil_society: t('institution-civil-society'),
  government: t('institution-government'),
  legislators: t('institution-legislators'),
  academia: t('institution-academia'),
  private_sector: t('institution-private-sector'),
  other: t('institution-other'),
});
const ROLES = () => ({
  adviser: t('role-adviser'), manager: t('role-manager'), donor: t('role-donor'), admin: t('role-admin'),
});

/** A value of a closed list in words; a value the list does not know (newer server) as `words`. */
const named = (list) => (value) => list()[value] ?? words(value);

/** A kind of activity in the reader's words: `pre_accession_support` -> "Pre-accession support". */
export const kindName = named(KINDS);
/** An activity's status in the reader's words. */
export const statusName = named(STATUSES);
/** A kind of output in the reader's words. */
export const outputName = named(OUTPUTS);
/** Where participants work, in the reader's words. */
export const institutionName = named(INSTITUTIONS);
/** A role (adviser, manager, donor, admin) in the reader's words. */
export const roleName = named(ROLES);

let fieldSeq = 0;

/**
 * A labelled field. `name` is the API's field path (shown errors attach by it); `control` is an
 * input, select or textarea (created from `type` when absent).
 */
export function field(label, name, { type = 'text', control, hint, required = false, attrs = {} } = {}) {
  const id = `f${++fieldSeq}`;
  const input = control || h(type === 'textarea' ? 'textarea' : 'input', {
    type: type === 'textarea' ? undefined : type, ...attrs,
  });
  const own = ['INPUT', 'SELECT', 'TEXTAREA'].includes(input.tagName);
  const focusable = own ? input : input.querySelector('input, select, textarea');
  if (focusable) focusable.id = id;
  if (own && !input.name) input.name = name;
  if (required && focusable) focusable.required = true;
  const error = h('p', { class: 'error', id: `${id}-error`, role: 'alert', hidden: true });
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (focusable) focusable.setAttribute('aria-describedby', [hintEl && hintEl.id, error.id].filter(Boolean).join(' '));
  return h('div', { class: 'field', dataset: { field: name } }, h('label', { for: id }, label), hintEl, input, error);
}

export function select(name, options, { value, empty } = {}) {
  const el = h('select', { name });
  if (empty !== undefined) el.append(h('option', { value: '' }, empty));
  for (const o of options) {
    const [v, text] = Array.isArray(o) ? o : [o, words(o)];
    el.append(h('option', { value: v, selected: String(v) === String(value ?? '') }, text));
  }
  return el;
}

/** Removes every error shown in `form`. */
export function clearErrors(form) {
  for (const e of form.querySelectorAll('.error')) { e.textContent = ''; e.hidden = true; }
  for (const e of form.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
  const banner = form.querySelector('.form-error');
  if (banner) { banner.replaceChildren(); banner.hidden = true; }
}

/** The field wrapper whose name is `path` or the longest prefix of it (`countries[1]` -> `countries`). */
function fieldFor(form, path) {
  if (!path) return null;
  let best = null;
  for (const el of form.querySelectorAll('[data-field]')) {
    const name = el.dataset.field;
    const fits = path === name || path.startsWith(`${name}.`) || path.startsWith(`${name}[`);
    if (fits && (!best || name.length > best.dataset.field.length)) best = el;
  }
  return best;
}

/** Shows `detail` beside the field `where`; answers its input (to focus), or null without a field. */
function mark(where, detail) {
  if (!where) return null;
  const error = where.querySelector('.error');
  error.textContent = detail;
  error.hidden = false;
  const input = where.querySelector('input, select, textarea');
  if (input) input.setAttribute('aria-invalid', 'true');
  return input || where;
}

/**
 * Shows a problem: next to its field when it names one (or each of `problem.problems`, a form's
 * problems found at once, beside theirs), else above the form's buttons; 409 and
 * 412 say the record changed and offer to reload; 503 and network failures keep what was typed.
 */
export function showProblem(form, problem, { reload } = {}) {
  clearErrors(form);
  if (problem.problems) {
    // Several at once (a form checked before sending): each beside its field, the first focused.
    const marked = problem.problems.map((p) => mark(fieldFor(form, p.field), inWords(p.detail))).filter(Boolean);
    if (marked.length) marked[0].focus();
    return;
  }
  problem.detail = inWords(problem.detail);
  const input = mark(fieldFor(form, problem.field), problem.detail);
  if (input) {
    input.focus();
    return;
  }
  let banner = form.querySelector('.form-error');
  if (!banner) {
    banner = h('div', { class: 'form-error', role: 'alert' });
    form.append(banner);
  }
  banner.hidden = false;
  const parts = [];
  if (problem.status === 409 || problem.status === 412) {
    parts.push(h('p', {}, problem.status === 412
      ? t('problem-changed', { detail: problem.detail })
      : t('problem-state', { detail: problem.detail })));
    if (reload) parts.push(h('button', { type: 'button', class: 'secondary', onclick: reload }, t('problem-reload')));
  } else if (problem.status === 503 || problem.status === 0) {
    parts.push(h('p', {}, t('problem-kept', { detail: problem.detail })));
  } else {
    parts.push(h('p', {}, problem.detail));
  }
  banner.replaceChildren(...parts);
}

/** A count as the reader's language writes it: "3,000", "3 000", "3000" (Spanish groups from 10,000). */
export function n(value) {
  return Number(value ?? 0).toLocaleString(locale());
}

/**
 * The locale pages format with: British English for English (day before month), else the
 * language; English on a page marked English because its words are not translated (i18n.js).
 */
function locale() {
  const code = document.getElementById('main')?.lang || language();
  return code === 'en' ? 'en-GB' : code;
}

/** Names in a list, as the reader's language joins them: "Bolivia, Peru and Chile". */
export function listed(items) {
  try {
    return new Intl.ListFormat(locale(), { type: 'conjunction' }).format(items);
  } catch (_) {
    return items.join(', ');
  }
}

/**
 * Marks each cell of `table` with its column's heading, so that on a phone (below 40rem, in
 * app.css) each row reads as a card of labelled values instead of a table wider than the screen.
 */
export function cards(table) {
  const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
  for (const tr of table.querySelectorAll('tbody tr')) {
    [...tr.children].forEach((cell, i) => { if (heads[i]) cell.dataset.label = heads[i]; });
  }
  table.classList.add('cards');
  return table;
}

/**
 * An amount as the API writes it ("7750000.00"), as the reader's language writes it:
 * "7,750,000.00 EUR", "7 750 000,00 EUR", "7.750.000,00 EUR". Formatted from the decimal string
 * itself, so no digit is lost to floating point.
 */
export function money(amount, currency) {
  const text = String(amount);
  const decimals = (text.split('.')[1] || '').length;
  let written;
  try {
    written = new Intl.NumberFormat(locale(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: 'always' }).format(text);
  } catch (_) {
    written = text;
  }
  return `${written}${currency ? ` ${currency}` : ''}`;
}

/**
 * An amount typed in the reader's own way ("7 750 000,00", "7.750.000,00", "7,750,000.00",
 * "7750000.5") as the API reads it ("7750000.00"-style: digits, one '.'), or null when it is not
 * a number. The language's decimal sign decides what a ',' or '.' means; a separator between
 * groups of three digits is a grouping, whatever the language.
 */
export function readAmount(typed) {
  const text = String(typed ?? '').trim().replace(/[\s\u00a0\u202f']/g, '');
  if (!/^-?[0-9.,]+$/.test(text)) return null;
  const decimalSign = new Intl.NumberFormat(locale()).formatToParts(1.5).find((p) => p.type === 'decimal')?.value || '.';
  const groupSign = decimalSign === ',' ? '.' : ',';
  const last = Math.max(text.lastIndexOf(','), text.lastIndexOf('.'));
  let whole = text;
  let fraction = '';
  if (last >= 0) {
    const sign = text[last];
    const after = text.slice(last + 1);
    const onlyOnce = text.indexOf(sign) === last;
    // The last separator is the decimal sign when it is the language's one, or when it cannot
    // be a grouping (not three digits after it, or the only '.' in "7750000.5").
    if (sign === decimalSign || (onlyOnce && (after.length !== 3 || sign === '.' && !text.includes(groupSign)))) {
      whole = text.slice(0, last);
      fraction = after;
    }
  }
  if (!/^-?\d{1,3}([.,]\d{3})*$|^-?\d+$/.test(whole) || /[.,]/.test(fraction)) return null;
  const digits = whole.replace(/[.,]/g, '');
  return fraction ? `${digits}.${fraction}` : digits;
}

/** A date as every page writes it: "23 Nov 2026", "23 nov. 2026", "23 nov 2026". */
export function day(iso) {
  if (!iso) return '';
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`).toLocaleDateString(locale(), { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
}

/** A month as the reader's language writes it: "Dec 2019", "déc. 2019", "dic 2019". */
export function month(iso) {
  if (!iso) return '';
  return new Date(`${iso.slice(0, 7)}-01T00:00:00Z`).toLocaleDateString(locale(), { timeZone: 'UTC', month: 'short', year: 'numeric' });
}

/** A span of days as the reader's language writes it: "20–24 Oct 2019", "20–24 oct. 2019". */
export function days(start, end) {
  if (!start) return '';
  if (!end || end.slice(0, 10) === start.slice(0, 10)) return day(start);
  const date = (iso) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  try {
    return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).formatRange(date(start), date(end));
  } catch (_) {
    return `${day(start)} – ${day(end)}`;
  }
}

/** An instant as every page writes it: "7 Dec 2026, 05:40 UTC". */
export function instant(iso) {
  return `${new Date(iso).toLocaleString(locale(), { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })} UTC`;
}

export function today() {
  return new Date().toISOString().slice(0, 10);
}

let drawing = 0;

/** Starts drawing the view of a new route: what earlier views finish later is not shown. */
export function newView() { drawing += 1; }

/**
 * `page` for the view being drawn now. A page function takes it before its first `await`: if
 * the adviser has moved on by the time its data arrives, the page it draws is dropped instead
 * of replacing the newer one.
 */
export function view() {
  const mine = drawing;
  const draw = (title, ...children) => (mine === drawing ? page(title, ...children) : null);
  /** Whether this view is still the one being drawn (the adviser has not moved on). */
  draw.current = () => mine === drawing;
  return draw;
}

/** The page's main area, emptied, titled and focused for screen readers and keyboards. */
function page(title, ...children) {
  const main = document.getElementById('main');
  document.title = `${title} – tatrack`;
  main.replaceChildren(h('h1', {}, title), ...children.filter((child) => child !== null && child !== undefined));
  return main;
}
