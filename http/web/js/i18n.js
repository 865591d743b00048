// The app's words in the reader's language (issue 27), with Project Fluent: one catalogue per
// language under /app/i18n/ (en, fr, es complete for the shell; ar for right-to-left), read with
// the vendored @fluent/bundle. The language is the one chosen in the header's menu (kept in
// localStorage), else the one the signed-in person chose on another device (remembered by the
// server), else the browser's first known one, else English. For now the catalogues cover
// the shell (navigation, sign-in, sign-out, offline notice, outbox); the other pages are English.
import { FluentBundle, FluentResource } from '../vendor/fluent-bundle/index.js';
import { get, request } from './api.js';
import { h } from './ui.js';

/** The languages offered, each named in itself. */
export const LANGUAGES = [['en', 'English'], ['fr', 'Français'], ['es', 'Español'], ['ar', 'العربية']];
const RTL = ['ar'];
const KEY = 'tatrack.language';

const bundles = {};
let current = 'en';

function stored() {
  try { return localStorage.getItem(KEY); } catch (_) { return null; }
}

function known(code) {
  return LANGUAGES.some(([c]) => c === code);
}

/** The language to show: the stored choice, else the browser's first known one, else English. */
export function preferred() {
  const chosen = stored();
  if (known(chosen)) return chosen;
  for (const tag of navigator.languages || [navigator.language]) {
    const base = String(tag || '').toLowerCase().split('-')[0];
    if (known(base)) return base;
  }
  return 'en';
}

/** The bundle of `code`, fetched once; null when its catalogue cannot be read. */
async function load(code) {
  if (bundles[code]) return bundles[code];
  try {
    const answer = await fetch(`/app/i18n/${code}.ftl`);
    if (!answer.ok) return null;
    // Placeables are isolated (Unicode FSI/PDI) in right-to-left text only, where a Latin name or
    // a number must not reorder the sentence around it.
    const bundle = new FluentBundle(code, { useIsolating: RTL.includes(code) });
    bundle.addResource(new FluentResource(await answer.text()));
    bundles[code] = bundle;
    return bundle;
  } catch (_) {
    return null;
  }
}

/** Shows `code` from now on (English when its catalogue cannot be read); sets `<html lang dir>`. */
export async function useLanguage(code) {
  const wanted = known(code) ? code : 'en';
  const [, bundle] = await Promise.all([load('en'), load(wanted)]);
  current = bundle ? wanted : 'en';
  document.documentElement.lang = current;
  document.documentElement.dir = direction();
  return current;
}

/** The language shown. */
export function language() {
  return current;
}

/** The writing direction of the language shown: `rtl` or `ltr`. */
export function direction() {
  return RTL.includes(current) ? 'rtl' : 'ltr';
}

/**
 * Marks the page's main area as English (`lang="en" dir="ltr"`) when its words are not yet
 * translated and another language is shown, so that screen readers read it in English and
 * right-to-left text does not reorder its punctuation; unmarks it for the translated pages.
 */
export function untranslated(main, english) {
  if (english && current !== 'en') {
    main.lang = 'en';
    main.dir = 'ltr';
  } else {
    main.removeAttribute('lang');
    main.removeAttribute('dir');
  }
}

/**
 * The message `id` formatted with `args`, in the language shown; in English when that
 * catalogue lacks it; the id itself when English lacks it too. Never throws.
 */
export function t(id, args) {
  for (const bundle of [bundles[current], bundles.en]) {
    try {
      const message = bundle && bundle.getMessage(id);
      if (message && message.value) return bundle.formatPattern(message.value, args, []);
    } catch (_) { /* the next bundle, else the id */ }
  }
  return id;
}

/** The languages the server answers in, and so remembers for a person. */
const SPOKEN = ['en', 'fr', 'es'];

/**
 * Tells the server the language chosen, for a person signed in through their organisation: it
 * answers them in it on every device. Without such a person (signed out, or a token's session)
 * there is nothing to remember; a failure leaves the choice on this device only.
 */
async function save(code) {
  if (!SPOKEN.includes(code)) return;
  try {
    await request('PUT', '/api/v1/me/language', { body: { language: code }, quietAuth: true });
  } catch (_) { /* not a person's session, or offline: this device keeps it */ }
}

/**
 * The signed-in person's remembered language against this device's: adopted when the device
 * has no choice of its own; otherwise the device's choice, the more recent, is saved, so the
 * server's answers and the app's words agree.
 */
async function agree(menu, changed) {
  let person = null;
  try { person = (await get('/api/v1/session', { quietAuth: true })).person; } catch (_) { return; }
  if (!person) return;
  const chosen = stored();
  if (known(chosen)) {
    if (chosen !== person.language) await save(chosen);
  } else if (known(person.language) && person.language !== current) {
    await useLanguage(person.language);
    menu.value = current;
    menu.setAttribute('aria-label', t('language-label'));
    await changed();
  }
}

/**
 * The header's language menu: each language named in itself. Choosing one keeps the choice on
 * this device and, for a signed-in person, on the server; then `changed()` draws the page
 * again. Once shown, it agrees with the language the server remembers for the person.
 */
export function languageMenu(changed) {
  const menu = h('select', { id: 'language', class: 'language', 'aria-label': t('language-label') },
    LANGUAGES.map(([code, name]) => h('option', { value: code, lang: code, selected: code === current }, name)));
  menu.addEventListener('change', async () => {
    try { localStorage.setItem(KEY, menu.value); } catch (_) { /* kept for this visit only */ }
    await useLanguage(menu.value);
    menu.setAttribute('aria-label', t('language-label'));
    await Promise.all([save(current), changed()]);
  });
  agree(menu, changed);
  return menu;
}
