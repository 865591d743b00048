// A real OpenID provider for tatrack's tests: oidc-provider 9 (a certified implementation) on
// 127.0.0.1:$OIDC_PORT, issuer exactly http://127.0.0.1:$OIDC_PORT, plus test-control endpoints
// under /test/ on the same port. See README.md beside this file.
//
// Everything is in memory: accounts and clients are fixed, the signing key is made at start and
// replaced by POST /test/rotate (which builds a new Provider with the same configuration and the
// new key; codes, sessions, interactions and grants live in one store shared by every Provider
// instance, and the cookie keys are fixed, so they all survive the swap).

import * as crypto from 'node:crypto';
import * as http from 'node:http';

import * as jose from 'jose';
import Provider, { errors } from 'oidc-provider';
// oidc-provider's own in-memory adapter (not a public export; the version is pinned exactly).
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';

const PORT = Number.parseInt(process.env.OIDC_PORT ?? '', 10);
if (!Number.isInteger(PORT) || PORT <= 0 || PORT > 65535) {
  console.error('provider.mjs: set OIDC_PORT to the port to listen on (127.0.0.1)');
  process.exit(2);
}
const ISSUER = `http://127.0.0.1:${PORT}`;

// The machine audience. RFC 8707 wants a resource indicator to be an absolute URI, and
// oidc-provider rejects `resource=tatrack-api` as "resource indicator must be an absolute URI",
// so the indicator is `urn:tatrack-api`; the bare `tatrack-api` is accepted as an alias (the
// token request's body is rewritten, see aliasResource below). Either way the access token's
// `aud` is `tatrack-api`. A token request without `resource` from tatrack-machine gets the same.
const API_AUDIENCE = 'tatrack-api';
const API_RESOURCE = 'urn:tatrack-api';
const API_SCOPE = 'api';
const TOKEN_TTL = 60 * 60; // ID and access tokens: one hour

// ---------------------------------------------------------------------------------------------
// Accounts

const ACCOUNTS = {
  amina: { name: 'Amina Kone', email: 'amina@example.org', groups: ['tatrack-advisers-bol'] },
  lead: { name: 'Lena Lead', email: 'lead@example.org', groups: ['tatrack-managers'] },
  admin: { name: 'Ada Admin', email: 'admin@example.org', groups: ['tatrack-admins'] },
  nobody: { name: 'No Body', email: 'nobody@example.org', groups: [] },
};

function accountClaims(sub) {
  const known = ACCOUNTS[sub];
  if (known) {
    return {
      sub, name: known.name, email: known.email, email_verified: true, groups: [...known.groups],
    };
  }
  // Any other login name signs in too: sub and name are that name, no email, no groups.
  return { sub, name: sub, groups: [] };
}

async function findAccount(_ctx, sub) {
  if (typeof sub !== 'string' || sub === '') return undefined;
  return {
    accountId: sub,
    async claims() { return accountClaims(sub); },
  };
}

// ---------------------------------------------------------------------------------------------
// Clients

const WEB_CLIENT = 'tatrack-web';
const MACHINE_CLIENT = 'tatrack-machine';

const CLIENTS = [
  {
    client_id: WEB_CLIENT,
    client_secret: 'tatrack-web-secret',
    client_name: 'tatrack',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    // client_secret_post is accepted as well: oidc-provider 9 treats the two as one.
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: 'RS256',
    // Placeholders: the real check is redirectAllowed below (tatrack's port is random).
    redirect_uris: [
      'http://127.0.0.1:5555/auth/oidc/callback',
      'http://localhost:5555/auth/oidc/callback',
    ],
    post_logout_redirect_uris: ['http://127.0.0.1:5555/', 'http://localhost:5555/'],
  },
  {
    client_id: MACHINE_CLIENT,
    client_secret: 'tatrack-machine-secret',
    client_name: 'tatrack machine client',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
  },
];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

function loopbackOrigin(value) {
  const url = URL.parse(value);
  if (!url || url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname) || url.port === '') {
    return undefined;
  }
  if (url.username || url.password || url.hash) return undefined;
  return url;
}

// Any http://127.0.0.1:<port>/auth/oidc/callback or http://localhost:<port>/auth/oidc/callback.
function redirectAllowed(value) {
  const url = loopbackOrigin(value);
  return url !== undefined && url.pathname === '/auth/oidc/callback' && url.search === '';
}

// Anything under http://127.0.0.1:<port>/ or http://localhost:<port>/.
function postLogoutRedirectAllowed(value) {
  return loopbackOrigin(value) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Keys

async function newSigningKey(prefix = 'tatrack-oidc') {
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const kid = `${prefix}-${crypto.randomBytes(8).toString('hex')}`;
  const jwk = {
    ...(await jose.exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig',
  };
  return {
    kid, jwk, privateKey, publicKey,
  };
}

// Fixed cookie keys: sessions stay valid across a rotation (a new Provider instance).
const COOKIE_KEYS = ['tatrack-oidc-cookie-key-6c1f0e2a9b7d4e58', 'tatrack-oidc-cookie-key-3f9a8d1c5e2b7a60'];

// ---------------------------------------------------------------------------------------------
// Storage: oidc-provider's MemoryAdapter over one store shared by every Provider instance (its
// default store is per instance and an LRU of 1000 entries). Entries expire; nothing is evicted.

class ExpiringStore {
  #entries = new Map(); // key -> { value, expiry }

  get(key) {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiry !== undefined && entry.expiry <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key, value, { maxAge } = {}) {
    this.#entries.set(key, { value, expiry: typeof maxAge === 'number' ? Date.now() + maxAge : undefined });
  }

  delete(key) {
    this.#entries.delete(key);
  }

  sweep() {
    const now = Date.now();
    for (const [key, { expiry }] of this.#entries) {
      if (expiry !== undefined && expiry <= now) this.#entries.delete(key);
    }
  }
}

const STORE = new ExpiringStore();
setInterval(() => STORE.sweep(), 60_000).unref();
const adapter = (model) => new MemoryAdapter(model, STORE, 0);

// ---------------------------------------------------------------------------------------------
// The provider

function configuration(signingKey) {
  return {
    adapter,
    findAccount,
    clients: CLIENTS,
    jwks: { keys: [signingKey.jwk] },
    cookies: { keys: COOKIE_KEYS },

    // Only the authorization code flow (no implicit or hybrid response types).
    responseTypes: ['code'],
    scopes: ['openid', 'profile', 'email', 'groups'],
    claims: {
      openid: ['sub'],
      profile: ['name'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
    },
    // The claims of the granted scopes go INTO the ID token, so tatrack reads name, email and
    // groups from it alone.
    conformIdTokenClaims: false,

    // redirect_uri must always be sent (no defaulting to the one registered placeholder).
    allowOmittingSingleRegisteredRedirectUri: false,

    // PKCE (S256, the only method oidc-provider 9 knows) for every authorization code request.
    pkce: { required: () => true },

    // tatrack is a first-party client: its grant is made at sign-in, so there is no consent
    // screen (only the login form). /test/login still answers a consent prompt if one comes.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        return ctx.oidc.provider.Grant.find(grantId);
      }
      if (ctx.oidc.client.clientId === WEB_CLIENT) {
        const grant = new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client.clientId,
          accountId: ctx.oidc.session.accountId,
        });
        grant.addOIDCScope('openid profile email groups');
        await grant.save();
        return grant;
      }
      return undefined;
    },

    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // tatrack-machine without `resource` gets the tatrack-api token; tatrack-web without it
        // gets an opaque access token for the userinfo endpoint.
        async defaultResource(_ctx, client, oneOf) {
          if (oneOf) return oneOf;
          return client?.clientId === MACHINE_CLIENT ? API_RESOURCE : undefined;
        },
        async getResourceServerInfo(_ctx, resourceIndicator) {
          if (resourceIndicator !== API_RESOURCE) {
            throw new errors.InvalidTarget();
          }
          return {
            audience: API_AUDIENCE,
            scope: API_SCOPE,
            accessTokenFormat: 'jwt',
            accessTokenTTL: TOKEN_TTL,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
        async useGrantedResource() { return true; },
      },
    },

    enabledJWA: {
      idTokenSigningAlgValues: ['RS256'],
      userinfoSigningAlgValues: ['RS256'],
      introspectionSigningAlgValues: ['RS256'],
      authorizationSigningAlgValues: ['RS256'],
    },

    ttl: {
      AccessToken: TOKEN_TTL,
      AuthorizationCode: 120,
      ClientCredentials: TOKEN_TTL,
      IdToken: TOKEN_TTL,
      Interaction: 10 * 60,
      Session: 24 * 60 * 60,
      Grant: 24 * 60 * 60,
    },

    clientBasedCORS: () => false,
    // The default pages @import a web font from the internet; nothing here may reach it.
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>oops! something went wrong</title></head>
<body><h1>oops! something went wrong</h1>${Object.entries(out).map(([k, v]) => `<pre><strong>${k}</strong>: ${escapeHtml(String(v))}</pre>`).join('')}</body></html>`;
    },
  };
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  }[c]));
}

const FONT_IMPORT = /@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);?/g;

function buildProvider(signingKey) {
  const provider = new Provider(ISSUER, configuration(signingKey));

  provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(value) {
    return this.clientId === WEB_CLIENT && redirectAllowed(value);
  };
  provider.Client.prototype.postLogoutRedirectUriAllowed = function postLogoutAllowed(value) {
    return this.clientId === WEB_CLIENT && postLogoutRedirectAllowed(value);
  };

  // Strip the web-font @import from the built-in HTML pages (login, logout, ...): a browser
  // test must not try to reach the internet.
  provider.use(async (ctx, next) => {
    await next();
    if (typeof ctx.body === 'string' && ctx.response.is('html')) {
      ctx.body = ctx.body.replace(FONT_IMPORT, '');
    }
  });

  provider.on('server_error', (_ctx, err) => console.error('server_error', err));
  return { provider, callback: provider.callback() };
}

let signingKey = await newSigningKey();
let current = buildProvider(signingKey);
let down = false;

// ---------------------------------------------------------------------------------------------
// resource=tatrack-api as an alias of resource=urn:tatrack-api at the token endpoint

async function readBody(req, limit = 64 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function aliasResource(req) {
  if (req.method !== 'POST' || !(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return;
  }
  // Only the raw body tells; read it, and hand oidc-provider the parsed body (it accepts a
  // body parsed upstream, with a one-time warning).
  const raw = await readBody(req);
  const params = new URLSearchParams(raw);
  const resources = params.getAll('resource');
  if (resources.includes(API_AUDIENCE)) {
    params.delete('resource');
    for (const r of resources) params.append('resource', r === API_AUDIENCE ? API_RESOURCE : r);
  }
  req.body = params.toString();
}

// ---------------------------------------------------------------------------------------------
// /test/tokens/<kind>: crafted access tokens for the machine audience

let unknownKey;

function b64url(input) {
  return Buffer.from(input).toString('base64url');
}

function machineClaims(overrides = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    jti: crypto.randomBytes(16).toString('base64url'),
    sub: MACHINE_CLIENT,
    iat: now,
    exp: now + 10 * 60,
    scope: API_SCOPE,
    client_id: MACHINE_CLIENT,
    iss: ISSUER,
    aud: API_AUDIENCE,
    ...overrides,
  };
}

function signRS256(payload, key, kid) {
  return new jose.SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid })
    .sign(key);
}

async function craftToken(kind) {
  const now = Math.floor(Date.now() / 1000);
  switch (kind) {
    case 'valid':
      return signRS256(machineClaims(), signingKey.privateKey, signingKey.kid);
    case 'expired':
      return signRS256(
        machineClaims({ iat: now - 2 * 60 * 60, exp: now - 60 * 60 }),
        signingKey.privateKey,
        signingKey.kid,
      );
    case 'other-audience':
      return signRS256(machineClaims({ aud: 'some-other-api' }), signingKey.privateKey, signingKey.kid);
    case 'other-issuer':
      return signRS256(
        machineClaims({ iss: 'http://127.0.0.1:1/elsewhere' }),
        signingKey.privateKey,
        signingKey.kid,
      );
    case 'bad-signature': {
      const token = await signRS256(machineClaims(), signingKey.privateKey, signingKey.kid);
      const [h, p, s] = token.split('.');
      const sig = Buffer.from(s, 'base64url');
      for (let i = 1; i <= 3; i += 1) sig[sig.length - i] ^= 0x5a;
      return `${h}.${p}.${sig.toString('base64url')}`;
    }
    case 'alg-none':
      return `${b64url(JSON.stringify({ alg: 'none', typ: 'at+jwt' }))}.${b64url(JSON.stringify(machineClaims()))}.`;
    case 'unknown-key': {
      unknownKey ??= await newSigningKey('unknown');
      return signRS256(machineClaims(), unknownKey.privateKey, unknownKey.kid);
    }
    case 'hmac-public-key': {
      // The PEM (SPKI) text of the current public key, as Node writes it (ends with "\n").
      const pem = crypto.createPublicKey({ key: signingKey.jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
      return new jose.SignJWT(machineClaims())
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: signingKey.kid })
        .sign(new TextEncoder().encode(pem));
    }
    default:
      return undefined;
  }
}

const TOKEN_KINDS = ['valid', 'expired', 'other-audience', 'bad-signature', 'alg-none', 'unknown-key', 'hmac-public-key', 'other-issuer'];

// ---------------------------------------------------------------------------------------------
// /test/login, /test/logout: walk the provider's pages as a browser would, stop before leaving it

class CookieJar {
  #cookies = new Map(); // `${name};${path}` -> { name, value, path }

  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = false;
      for (const attr of attrs) {
        const [k, v = ''] = attr.split('=');
        switch (k.toLowerCase()) {
          case 'path': path = v || '/'; break;
          case 'expires': if (Date.parse(v) <= Date.now()) expired = true; break;
          case 'max-age': if (Number(v) <= 0) expired = true; break;
          default:
        }
      }
      const key = `${name};${path}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }

  header(url) {
    const { pathname } = new URL(url);
    return [...this.#cookies.values()]
      .filter(({ path }) => pathname === path || pathname.startsWith(path.endsWith('/') ? path : `${path}/`))
      .sort((a, b) => b.path.length - a.path.length)
      .map(({ name, value }) => `${name}=${value}`)
      .join('; ');
  }
}

function parseForm(html) {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const attr = (tag, name) => new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(tag)?.[1];
  const unescape = (v) => v.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  const action = attr(form[1], 'action');
  const inputs = [...form[2].matchAll(/<input\b([^>]*)>/gi)].map(([, tag]) => ({
    type: (attr(tag, 'type') ?? 'text').toLowerCase(),
    name: attr(tag, 'name'),
    value: unescape(attr(tag, 'value') ?? ''),
  }));
  return { action: action && unescape(action), inputs };
}

// Follows the provider's redirects (keeping its cookies) and submits the forms it shows: the
// login form (login name, any password), a consent form, the logout confirmation (answering
// "Yes, sign me out"). Stops at the first redirect that leaves the provider.
async function walk({ url, login, password = 'any-password' }, mode) {
  if (typeof url !== 'string' || (mode === 'login' && (typeof login !== 'string' || login === ''))) {
    return [400, {
      error: mode === 'login'
        ? 'body must be {"url": "<authorization URL>", "login": "<name>"}'
        : 'body must be {"url": "<end_session URL>"}',
    }];
  }
  const start = URL.parse(url);
  if (!start || start.origin !== ISSUER) {
    return [400, { error: `url must be on this provider (${ISSUER})` }];
  }
  const jar = new CookieJar();
  let next = { url: start.href, method: 'GET' };
  for (let step = 0; step < 12; step += 1) {
    const headers = { accept: 'text/html', 'user-agent': 'tatrack-oidc-test-walk' };
    const cookie = jar.header(next.url);
    if (cookie) headers.cookie = cookie;
    if (next.body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(next.url, {
      method: next.method, headers, body: next.body, redirect: 'manual',
    });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const target = new URL(location, next.url);
      if (target.origin !== ISSUER) {
        // Leaving the provider: this is where the browser would go back to tatrack.
        return [200, { redirect: target.href }];
      }
      next = { url: target.href, method: 'GET' };
      continue;
    }
    const text = await response.text();
    if (response.status !== 200) {
      return [502, { error: `the provider answered ${response.status}`, status: response.status, body: text.slice(0, 2000) }];
    }
    const form = parseForm(text);
    if (!form?.action) {
      if (mode === 'logout') {
        // Signed out without a post_logout_redirect_uri: the provider's own success page.
        return [200, { redirect: null, page: next.url }];
      }
      return [502, { error: 'the provider answered a page without a form', status: 200, body: text.slice(0, 2000) }];
    }
    const fields = new URLSearchParams();
    for (const input of form.inputs) {
      if (!input.name) continue;
      if (input.name === 'login') fields.set('login', login ?? '');
      else if (input.type === 'password') fields.set(input.name, password);
      else fields.set(input.name, input.value);
    }
    // The logout page's buttons sit outside its form; "Yes, sign me out" is logout=yes.
    if (fields.has('xsrf') && !fields.has('logout')) fields.set('logout', 'yes');
    next = { url: new URL(form.action, next.url).href, method: 'POST', body: fields.toString() };
  }
  return [502, { error: 'too many steps without leaving the provider' }];
}

// ---------------------------------------------------------------------------------------------
// The server: /test/* here, everything else to the current provider

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(text);
}

async function handleTest(req, res, pathname) {
  const route = `${req.method} ${pathname}`;
  if (route === 'GET /test/health') {
    return sendJson(res, 200, { ok: true, issuer: ISSUER, down, kid: signingKey.kid });
  }
  if (route === 'POST /test/rotate') {
    const key = await newSigningKey();
    const built = buildProvider(key);
    signingKey = key;
    current = built;
    console.log(`rotated the signing key: kid ${key.kid}`);
    return sendJson(res, 200, { kid: key.kid });
  }
  if (route === 'POST /test/down') {
    down = true;
    return sendJson(res, 200, { down });
  }
  if (route === 'POST /test/up') {
    down = false;
    return sendJson(res, 200, { down });
  }
  if (req.method === 'GET' && pathname.startsWith('/test/tokens/')) {
    const kind = decodeURIComponent(pathname.slice('/test/tokens/'.length));
    const token = await craftToken(kind);
    if (token === undefined) {
      return sendJson(res, 404, { error: `unknown kind ${kind}`, kinds: TOKEN_KINDS });
    }
    return sendJson(res, 200, { token });
  }
  if (route === 'POST /test/login' || route === 'POST /test/logout') {
    let body;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return sendJson(res, 400, { error: 'body must be JSON' });
    }
    // /test/logout walks an end_session URL (its confirmation form) the same way.
    const [status, answer] = await walk(body ?? {}, route === 'POST /test/login' ? 'login' : 'logout');
    return sendJson(res, status, answer);
  }
  return sendJson(res, 404, { error: `no test endpoint ${route}` });
}

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, ISSUER);
  try {
    if (pathname === '/test' || pathname.startsWith('/test/')) {
      await handleTest(req, res, pathname);
      return;
    }
    if (down) {
      req.resume();
      sendJson(res, 503, { error: 'temporarily_unavailable', error_description: 'the provider is down (POST /test/up)' });
      return;
    }
    if (pathname === '/token') {
      await aliasResource(req);
    }
    current.callback(req, res);
  } catch (err) {
    console.error(err);
    if (!res.headersSent) sendJson(res, 500, { error: String(err?.message ?? err) });
    else res.end();
  }
});

server.listen(PORT, '127.0.0.1', () => {
  console.log(`oidc provider ${ISSUER} (kid ${signingKey.kid})`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
