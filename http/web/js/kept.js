// What the outbox keeps, shown: each command with its state, and, for those not yet landed, a
// form to put them right in place. The form is drawn from the command's own body (every value a
// labelled field named by its API path), so one editor serves every command, and a refusal's
// reason appears next to the field the server named.
import { h, field, inWords, instant, showProblem, institutionName } from './ui.js';
import { t, language, direction } from './i18n.js';
import { fieldName } from './pickers.js';

/** A key of a command's body as a label: a field, an institution of a breakdown, a country's code. */
function labelOf(path, key) {
  if (path.startsWith('by_institution.') || path.includes('.by_institution.')) return institutionName(key);
  return /^[A-Z]{3}$/.test(key) ? key : fieldName(key);
}

/** A leaf of `body` at `path`: a labelled input of the value's type. */
function leaf(path, key, value) {
  const label = labelOf(path, key);
  if (typeof value === 'boolean') {
    return field(label, path, { type: 'checkbox', attrs: { checked: value, 'data-kind': 'boolean' } });
  }
  if (typeof value === 'number') {
    return field(label, path, { type: 'number', attrs: { value, step: 'any', 'data-kind': 'number' } });
  }
  if (Array.isArray(value)) {
    return field(label, path, { hint: t('outbox-list-hint'), attrs: { value: value.join(', '), 'data-kind': 'list' } });
  }
  const text = value === null || value === undefined ? '' : String(value);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text);
  if (text.length > 60) return field(label, path, { control: h('textarea', { name: path, 'data-kind': 'text' }, text) });
  return field(label, path, { type: date ? 'date' : 'text', attrs: { value: text, 'data-kind': 'text' } });
}

/** Fields for every value of `body`; objects become fieldsets named by their path. */
function fieldsOf(body, prefix = '') {
  return Object.entries(body).map(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return h('fieldset', { class: 'breakdown', dataset: { field: path } }, h('legend', {}, labelOf(path, key)),
        fieldsOf(value, path), h('p', { class: 'error', role: 'alert', hidden: true }));
    }
    if (key === 'id' && !prefix) return null; // The activity's id is the record's, not the adviser's to change.
    return leaf(path, key, value);
  });
}

/** `body` with each field's typed value put back at its path. */
function edited(form, body) {
  const copy = structuredClone(body);
  for (const input of form.querySelectorAll('[data-kind]')) {
    const path = input.name.split('.');
    let target = copy;
    for (const step of path.slice(0, -1)) target = target[step];
    const last = path[path.length - 1];
    const raw = input.value.trim();
    switch (input.dataset.kind) {
      case 'boolean': target[last] = input.checked; break;
      case 'number': target[last] = raw === '' ? null : Number(raw); break;
      case 'list': target[last] = raw.split(',').map((s) => s.trim()).filter(Boolean); break;
      default: target[last] = raw;
    }
  }
  return copy;
}

/**
 * The form that puts a kept command right. Saving keeps its Idempotency-Key: if an earlier
 * attempt did reach the server, the key is spent there and the edited command is refused
 * (`idempotency-key-reused`) instead of landing twice.
 */
function editor(entry, save) {
  const form = h('form', { class: 'command', novalidate: true, 'aria-label': t('outbox-edit-label', { label: entry.label }) },
    fieldsOf(entry.body),
    h('div', { class: 'actions' },
      h('button', { type: 'submit' }, t('outbox-save'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await save(entry, edited(form, entry.body));
  });
  if (entry.state === 'refused') {
    // Shown once the form is on the page, so that the field can take the focus.
    queueMicrotask(() => showProblem(form, { status: entry.status, detail: entry.reason, field: entry.field }));
  }
  return form;
}

/** Kept commands: what, when, and whether they wait or were refused (with the reason). */
export function outboxList(kept, { discard, save } = {}) {
  return h('ul', { class: 'outbox', lang: language(), dir: direction() }, kept.map((e) => h('li', { class: e.state, dataset: { seq: e.seq } },
    h('p', {}, h('strong', {}, e.label), ' – ', h('a', { href: `#/activity/${e.activity}` }, e.title || e.activity)),
    h('p', { class: 'state' }, e.state === 'waiting' ? t('outbox-state-waiting') : t('outbox-state-refused', { reason: inWords(e.reason) })),
    h('p', { class: 'muted' }, e.edited_at
      ? t('outbox-made-edited', { made: instant(e.made_at), edited: instant(e.edited_at) }) : t('outbox-made', { made: instant(e.made_at) })),
    save ? h('details', { class: 'action', open: e.state === 'refused' },
      h('summary', {}, e.state === 'refused' ? t('outbox-put-right') : t('outbox-edit-before')), editor(e, save)) : null,
    discard ? h('button', { type: 'button', class: 'secondary', onclick: () => discard(e) }, t('outbox-discard')) : null)));
}
