// The pieces the activity's forms share: the country picker, the amount with its currency, the
// form sender (one Idempotency-Key until the command lands), and the vocabulary's codes in the
// reader's language (a Fluent selector per list, so that the ids stay literal).
import { uuid, Problem } from './api.js';
import { h, select, words, listed, money, readAmount, showProblem, clearErrors, outputName } from './ui.js';
import { t, language } from './i18n.js';

/** Choices as the reader's language offers them: "A, B or C", "A, B ou C", "A, B o C". */
function alternatives(items) {
  try {
    return new Intl.ListFormat(language(), { type: 'disjunction' }).format(items);
  } catch (_) {
    return items.join(', ');
  }
}

/** A funding line as every form and fact writes it: "European Union: 15,000.50 EUR". */
export const fundingLine = (line) => t('activity-funding-entry', { donor: line.donor, amount: money(line.amount, line.currency) });
/** An output as every form and fact writes it: "Manual published: Border control manual". */
export const outputLine = (output) => t('activity-output-entry', { kind: outputName(output.kind), description: output.description });

/** A delivery mode (in_person, online, hybrid) in the reader's words. */
export const modeName = (mode) => t('vocab-delivery-mode', { mode });
/** A field of a command or a column of an import (the API's name, such as `planned_start`), as a label. */
export function fieldName(field) {
  const said = t('vocab-field', { field });
  return said === field ? words(field) : said;
}
/** A currency by its ISO 4217 code, named in the reader's language when the browser knows it. */
function currencyName(code, english) {
  try {
    return new Intl.DisplayNames([language()], { type: 'currency', fallback: 'none' }).of(code) || english;
  } catch (_) {
    return english;
  }
}

export const countryLabel = (names, code) => `${names.get(code) || code} (${code})`;

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
    const some = starts.slice(0, 4).map((c) => c.name);
    const problem = starts.length > 4
      ? t('activity-country-ambiguous-more', { typed: text.trim(), some: some.join(', ') })
      : t('activity-country-ambiguous', { typed: text.trim(), some: alternatives(some) });
    return { problem };
  }
  return { problem: t('activity-country-unknown', { typed: text.trim() }) };
}

/**
 * A country picker: a text box suggesting "Name (ISO)", an Add button and the chosen list.
 * `allowed` narrows what it takes (an adviser's countries): another country is refused at once,
 * by name, beside the field.
 */
export function countryPicker(vocab, chosen, allowed) {
  const names = new Map(vocab.countries.map((c) => [c.code, c.name]));
  const listId = `countries-${uuid().slice(0, 8)}`;
  const scoped = allowed && allowed.length ? allowed : null;
  const options = vocab.countries.filter((c) => !scoped || scoped.includes(c.code));
  const datalist = h('datalist', { id: listId }, options.map((c) => h('option', { value: countryLabel(names, c.code) })));
  const input = h('input', { type: 'text', list: listId, autocomplete: 'off', placeholder: t('activity-country-placeholder') });
  const chips = h('ul', { class: 'chips', 'aria-label': t('activity-country-chosen') });
  const state = [...chosen];
  const draw = () => chips.replaceChildren(...state.map((code) => h('li', {}, countryLabel(names, code), ' ',
    h('button', { type: 'button', class: 'link', 'aria-label': t('activity-country-remove', { country: names.get(code) || code }),
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
      problem = t('activity-country-not-yours', { country: countryLabel(names, found.code), yours: listed(scoped.map((c) => names.get(c) || c)) });
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
    h('button', { type: 'button', class: 'secondary', onclick: add }, t('activity-country-add'))), datalist, chips);
  /** The chosen codes, with what is still typed; the problem in words when that names none. */
  const read = () => { const problem = add(); return { codes: [...state], problem }; };
  const codes = () => {
    const chosenNow = read();
    if (chosenNow.problem) throw new Problem(422, { field: 'countries', detail: chosenNow.problem });
    return chosenNow.codes;
  };
  return { control, input, read, codes };
}

/**
 * An amount input with a currency picker: the hint tells the currency's decimals, `read` takes
 * the amount as the reader writes it ("7 750 000,00" in French) and answers the API's decimal
 * string, or throws a 422 on the amount field when it is not a number with those decimals.
 */
export function amountField(vocab, line) {
  const currencies = vocab.currencies.filter((c) => c.decimals !== null);
  const hint = h('span', {});
  const currency = select('currency', currencies.map((c) => [c.code, `${c.code} – ${currencyName(c.code, c.name)}`]), { value: line?.currency || 'EUR' });
  const control = h('input', { type: 'text', name: 'amount', inputmode: 'decimal', autocomplete: 'off', value: line ? money(line.amount) : undefined });
  const decimals = () => currencies.find((c) => c.code === currency.value)?.decimals ?? 2;
  const showDecimals = () => { hint.textContent = t('activity-amount-hint', { decimals: decimals(), currency: currency.value }); };
  currency.addEventListener('change', showDecimals);
  showDecimals();
  const read = () => {
    const value = readAmount(control.value);
    const d = decimals();
    const fraction = value === null ? '' : (value.split('.')[1] || '');
    if (value === null || value.startsWith('-') || fraction.length > d) {
      const example = money(d ? `1500.${'0'.repeat(d)}` : '1500');
      throw new Problem(422, { field: 'amount', detail: t('activity-amount-invalid', { decimals: d, example }) });
    }
    return value;
  };
  return { control, currency, hint, read };
}

export function programmeSelect(programmes, value) {
  return select('programme_id', programmes.map((p) => [p.id, `${p.code} – ${p.name}`]), { value, empty: t('plan-programme-choose') });
}

/** A closed list's codes as options named in the reader's language. */
export function vocabularySelect(name, codes, nameOf, { value, empty } = {}) {
  return select(name, codes.map((code) => [code, nameOf(code)]), { value, empty });
}

/** The trimmed text of `form`'s field `name`, or undefined when empty. */
export function text(form, name) {
  const v = form.elements[name].value.trim();
  return v === '' ? undefined : v;
}

/** Sends a command from `form`; one Idempotency-Key per form until it lands, so a retry lands once. */
export function submitter(form, send, { reload } = {}) {
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
