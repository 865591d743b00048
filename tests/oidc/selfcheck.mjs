// Checks a RUNNING test provider (provider.mjs) end to end, as tatrack's tests will use it:
//
//   scripts/oidc-provider start 47011
//   OIDC_PORT=47011 node tests/oidc/selfcheck.mjs      (or OIDC_ISSUER=http://127.0.0.1:47011)
//   scripts/oidc-provider stop 47011
//
// Node's test runner; exits non-zero when a check fails. It rotates the key and takes the
// provider down and up again at the end, leaving it up.

import * as crypto from 'node:crypto';
import { strict as assert } from 'node:assert';
import { test } from 'node:test';

import * as jose from 'jose';

const ISSUER = process.env.OIDC_ISSUER ?? (process.env.OIDC_PORT ? `http://127.0.0.1:${process.env.OIDC_PORT}` : undefined);
if (!ISSUER) {
  console.error('selfcheck.mjs: set OIDC_PORT (or OIDC_ISSUER) to the running provider');
  process.exit(2);
}
const VERBOSE = process.env.SELFCHECK_VERBOSE === '1';
const show = (label, value) => { if (VERBOSE) console.log(`# ${label}: ${JSON.stringify(value)}`); };

const WEB = { id: 'tatrack-web', secret: 'tatrack-web-secret' };
const MACHINE = { id: 'tatrack-machine', secret: 'tatrack-machine-secret' };
const REDIRECT = 'http://127.0.0.1:5555/auth/oidc/callback';

const basic = ({ id, secret }) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const decode = (jwt) => ({ header: jose.decodeProtectedHeader(jwt), payload: jose.decodeJwt(jwt) });

async function getJson(path, init) {
  const response = await fetch(new URL(path, ISSUER), init);
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: response.status, body };
}

const postJson = (path, body) => getJson(path, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}),
});

async function token(client, params) {
  return getJson('/token', {
    method: 'POST',
    headers: { authorization: basic(client), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
}

async function currentJwks() {
  const { status, body } = await getJson('/jwks');
  assert.equal(status, 200);
  return body;
}

async function verify(jwt, options) {
  return jose.jwtVerify(jwt, jose.createLocalJWKSet(await currentJwks()), {
    issuer: ISSUER, algorithms: ['RS256'], ...options,
  });
}

function pkce() {
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

function authorizationUrl(overrides = {}) {
  const { verifier, challenge } = pkce();
  const params = {
    client_id: WEB.id,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'openid profile email groups',
    state: crypto.randomBytes(12).toString('base64url'),
    nonce: crypto.randomBytes(12).toString('base64url'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
  for (const [k, v] of Object.entries(params)) if (v === undefined) delete params[k];
  const url = new URL('/auth', ISSUER);
  url.search = new URLSearchParams(params).toString();
  return { url: url.href, verifier, params };
}

async function signIn(login, overrides) {
  const request = authorizationUrl(overrides);
  const { status, body } = await postJson('/test/login', { url: request.url, login });
  return { ...request, status, body };
}

async function codeFor(login, overrides) {
  const result = await signIn(login, overrides);
  assert.equal(result.status, 200, JSON.stringify(result.body));
  const redirect = new URL(result.body.redirect);
  return { ...result, redirect, code: redirect.searchParams.get('code') };
}

const exchange = (code, verifier, redirectUri = REDIRECT) => token(WEB, {
  grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri,
});

test('discovery lists the endpoints, S256 and RS256', async () => {
  const { status, body } = await getJson('/.well-known/openid-configuration');
  assert.equal(status, 200);
  assert.equal(body.issuer, ISSUER);
  for (const key of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'end_session_endpoint', 'userinfo_endpoint']) {
    assert.ok(body[key]?.startsWith(`${ISSUER}/`), `${key}: ${body[key]}`);
  }
  assert.deepEqual(body.code_challenge_methods_supported, ['S256']);
  assert.deepEqual(body.id_token_signing_alg_values_supported, ['RS256']);
  assert.deepEqual(body.response_types_supported, ['code']);
  for (const scope of ['openid', 'profile', 'email', 'groups']) assert.ok(body.scopes_supported.includes(scope));
});

test('the JWKS holds one RS256 key, the one /test/health names', async () => {
  const jwks = await currentJwks();
  assert.equal(jwks.keys.length, 1);
  const [key] = jwks.keys;
  assert.equal(key.kty, 'RSA');
  assert.equal(key.alg, 'RS256');
  assert.equal(key.use, 'sig');
  assert.equal(key.d, undefined, 'no private part');
  const health = await getJson('/test/health');
  assert.equal(health.status, 200);
  assert.equal(health.body.kid, key.kid);
});

for (const resource of ['tatrack-api', 'urn:tatrack-api', undefined]) {
  test(`client credentials (resource ${resource ?? 'omitted'}) give an RS256 JWT for tatrack-api`, async () => {
    const params = { grant_type: 'client_credentials', scope: 'api' };
    if (resource) params.resource = resource;
    const { status, body } = await token(MACHINE, params);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.scope, 'api');
    const { payload, protectedHeader } = await verify(body.access_token, { audience: 'tatrack-api', typ: 'at+jwt' });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.sub, 'tatrack-machine');
    assert.equal(payload.client_id, 'tatrack-machine');
    assert.equal(payload.scope, 'api');
    assert.ok(payload.exp - payload.iat >= 600);
    assert.ok(payload.jti);
    show(`client-credentials token (resource ${resource})`, { header: protectedHeader, payload });
  });
}

test('client credentials without scope give a token without scope; bad resources and secrets fail', async () => {
  const bare = await token(MACHINE, { grant_type: 'client_credentials' });
  assert.equal(bare.status, 200);
  const { payload } = await verify(bare.body.access_token, { audience: 'tatrack-api' });
  assert.equal(payload.scope, undefined);

  const other = await token(MACHINE, { grant_type: 'client_credentials', resource: 'urn:elsewhere' });
  assert.equal(other.status, 400);
  assert.equal(other.body.error, 'invalid_target');

  const wrong = await token({ ...MACHINE, secret: 'nope' }, { grant_type: 'client_credentials' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error, 'invalid_client');

  const web = await token(WEB, { grant_type: 'client_credentials' });
  assert.equal(web.status, 400);
});

test('code flow: /test/login as amina, the code exchanged once with its verifier', async () => {
  const { code, redirect, params, verifier } = await codeFor('amina');
  assert.equal(`${redirect.origin}${redirect.pathname}`, REDIRECT);
  assert.equal(redirect.searchParams.get('state'), params.state);
  assert.equal(redirect.searchParams.get('iss'), ISSUER);
  assert.ok(code);

  const { status, body } = await exchange(code, verifier);
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.token_type, 'Bearer');
  const { payload, protectedHeader } = await verify(body.id_token, { audience: 'tatrack-web' });
  show('ID token', { header: protectedHeader, payload });
  assert.equal(protectedHeader.alg, 'RS256');
  assert.equal(payload.iss, ISSUER);
  assert.equal(payload.aud, 'tatrack-web');
  assert.equal(payload.nonce, params.nonce);
  assert.equal(payload.sub, 'amina');
  assert.equal(payload.name, 'Amina Kone');
  assert.equal(payload.email, 'amina@example.org');
  assert.equal(payload.email_verified, true);
  assert.deepEqual(payload.groups, ['tatrack-advisers-bol']);
  assert.ok(payload.exp - payload.iat >= 600);

  // The access token of the code flow is opaque, good at the userinfo endpoint.
  const me = await getJson('/me', { headers: { authorization: `Bearer ${body.access_token}` } });
  assert.equal(me.status, 200);
  assert.equal(me.body.sub, 'amina');
  assert.deepEqual(me.body.groups, ['tatrack-advisers-bol']);

  const again = await exchange(code, verifier);
  assert.equal(again.status, 400);
  assert.equal(again.body.error, 'invalid_grant');
});

test('code flow: a wrong code_verifier, a missing one, another redirect_uri fail', async () => {
  const first = await codeFor('lead');
  const wrong = await exchange(first.code, pkce().verifier);
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.error, 'invalid_grant');

  const second = await codeFor('lead');
  const missing = await token(WEB, { grant_type: 'authorization_code', code: second.code, redirect_uri: REDIRECT });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error, 'invalid_grant');

  const third = await codeFor('lead');
  const elsewhere = await exchange(third.code, third.verifier, 'http://127.0.0.1:5556/auth/oidc/callback');
  assert.equal(elsewhere.status, 400);
  assert.equal(elsewhere.body.error, 'invalid_grant');
});

test('PKCE is required, and only S256', async () => {
  const none = await signIn('amina', { code_challenge: undefined, code_challenge_method: undefined });
  assert.equal(none.status, 200);
  const noneRedirect = new URL(none.body.redirect);
  assert.equal(noneRedirect.searchParams.get('error'), 'invalid_request');
  assert.match(noneRedirect.searchParams.get('error_description'), /PKCE/);

  const plain = await signIn('amina', { code_challenge_method: 'plain' });
  assert.equal(new URL(plain.body.redirect).searchParams.get('error'), 'invalid_request');
});

test('any loopback port is a good redirect_uri; another path or host is not', async () => {
  const localhost = 'http://localhost:61234/auth/oidc/callback';
  const { code, verifier, redirect } = await codeFor('admin', { redirect_uri: localhost });
  assert.equal(`${redirect.origin}${redirect.pathname}`, 'http://localhost:61234/auth/oidc/callback');
  const { status, body } = await exchange(code, verifier, localhost);
  assert.equal(status, 200);
  const { payload } = await verify(body.id_token, { audience: 'tatrack-web' });
  assert.equal(payload.sub, 'admin');
  assert.deepEqual(payload.groups, ['tatrack-admins']);

  for (const bad of ['http://127.0.0.1:5555/elsewhere', 'http://example.org:5555/auth/oidc/callback', 'https://127.0.0.1:5555/auth/oidc/callback']) {
    const result = await signIn('admin', { redirect_uri: bad });
    assert.equal(result.status, 502, `${bad}: ${JSON.stringify(result.body)}`);
    assert.equal(result.body.status, 400);
    assert.match(result.body.body, /invalid_redirect_uri/);
  }
});

test('accounts: nobody has no groups, an unknown login is its own name', async () => {
  for (const [login, expected] of [
    ['nobody', { name: 'No Body', email: 'nobody@example.org', groups: [] }],
    ['stranger', { name: 'stranger', email: undefined, groups: [] }],
  ]) {
    const { code, verifier, params } = await codeFor(login);
    const { body } = await exchange(code, verifier);
    const { payload } = await verify(body.id_token, { audience: 'tatrack-web' });
    assert.equal(payload.sub, login);
    assert.equal(payload.nonce, params.nonce);
    assert.equal(payload.name, expected.name);
    assert.equal(payload.email, expected.email);
    assert.deepEqual(payload.groups, expected.groups);
  }
});

test('a tampered nonce in the URL ends up in the ID token (tatrack must compare it)', async () => {
  const { code, verifier } = await codeFor('amina', { nonce: 'tampered-nonce' });
  const { body } = await exchange(code, verifier);
  assert.equal(decode(body.id_token).payload.nonce, 'tampered-nonce');
});

test('the dev login page: a form with login and password fields and a Sign-in button, no web font', async () => {
  const { url } = authorizationUrl();
  const first = await fetch(url, { redirect: 'manual' });
  assert.equal(first.status, 303);
  const location = new URL(first.headers.get('location'), ISSUER);
  assert.match(location.pathname, /^\/interaction\/[\w-]+$/);
  const cookies = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const page = await fetch(location, { headers: { cookie: cookies } });
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<title>Sign-in<\/title>/);
  assert.match(html, /<input required type="text" name="login" placeholder="Enter any login"/);
  assert.match(html, /<input required type="password" name="password" placeholder="and password"/);
  assert.match(html, /<button type="submit" class="login login-submit">Sign-in<\/button>/);
  assert.doesNotMatch(html, /googleapis/);
});

test('RP-initiated logout with id_token_hint and a loopback post_logout_redirect_uri', async () => {
  const { code, verifier } = await codeFor('amina');
  const { body } = await exchange(code, verifier);
  const url = new URL('/session/end', ISSUER);
  url.search = new URLSearchParams({
    id_token_hint: body.id_token,
    post_logout_redirect_uri: 'http://127.0.0.1:5555/',
    state: 'bye',
  }).toString();
  const out = await postJson('/test/logout', { url: url.href });
  assert.equal(out.status, 200, JSON.stringify(out.body));
  assert.equal(out.body.redirect, 'http://127.0.0.1:5555/?state=bye');

  url.searchParams.set('post_logout_redirect_uri', 'http://example.org/');
  const refused = await postJson('/test/logout', { url: url.href });
  assert.equal(refused.body.status, 400);
  assert.match(refused.body.body, /post_logout_redirect_uri not registered/);
});

test('/test/tokens/<kind> are shaped as described', async () => {
  const { keys: [current] } = await currentJwks();
  const jwks = jose.createLocalJWKSet({ keys: [current] });
  const get = async (kind) => {
    const { status, body } = await getJson(`/test/tokens/${kind}`);
    assert.equal(status, 200, kind);
    show(`/test/tokens/${kind}`, decode(body.token));
    return body.token;
  };
  const standard = (payload) => {
    assert.equal(payload.sub, 'tatrack-machine');
    assert.equal(payload.client_id, 'tatrack-machine');
    assert.equal(payload.scope, 'api');
    assert.ok(payload.jti && payload.iat && payload.exp);
  };
  const options = {
    issuer: ISSUER, audience: 'tatrack-api', algorithms: ['RS256'], typ: 'at+jwt',
  };

  const valid = await get('valid');
  const checked = await jose.jwtVerify(valid, jwks, options);
  standard(checked.payload);
  assert.equal(checked.protectedHeader.kid, current.kid);
  assert.equal(checked.payload.exp - checked.payload.iat, 600);

  const expired = await get('expired');
  await assert.rejects(jose.jwtVerify(expired, jwks, options), { code: 'ERR_JWT_EXPIRED' });
  const e = decode(expired).payload;
  standard(e);
  assert.ok(e.exp < Date.now() / 1000 - 3000 && e.iat < e.exp - 3000);

  const otherAudience = await get('other-audience');
  await assert.rejects(jose.jwtVerify(otherAudience, jwks, options), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud' });
  assert.equal(decode(otherAudience).payload.aud, 'some-other-api');

  const otherIssuer = await get('other-issuer');
  await assert.rejects(jose.jwtVerify(otherIssuer, jwks, options), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' });
  assert.equal(decode(otherIssuer).payload.iss, 'http://127.0.0.1:1/elsewhere');
  assert.equal(decode(otherIssuer).header.kid, current.kid);

  const badSignature = await get('bad-signature');
  assert.match(badSignature, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal(badSignature.split('.').slice(0, 2).join('.') === valid.split('.').slice(0, 2).join('.'), false, 'fresh jti');
  await assert.rejects(jose.jwtVerify(badSignature, jwks, options), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  standard(decode(badSignature).payload);

  const algNone = await get('alg-none');
  assert.ok(algNone.endsWith('.'));
  assert.deepEqual(decode(algNone).header, { alg: 'none', typ: 'at+jwt' });
  standard(decode(algNone).payload);
  await assert.rejects(jose.jwtVerify(algNone, jwks, options));

  const unknownKey = await get('unknown-key');
  assert.notEqual(decode(unknownKey).header.kid, current.kid);
  assert.equal(decode(unknownKey).header.alg, 'RS256');
  await assert.rejects(jose.jwtVerify(unknownKey, jwks, options), { code: 'ERR_JWKS_NO_MATCHING_KEY' });

  const hmac = await get('hmac-public-key');
  assert.deepEqual(decode(hmac).header, { alg: 'HS256', typ: 'at+jwt', kid: current.kid });
  await assert.rejects(jose.jwtVerify(hmac, jwks, options));
  // It is what the attack says: HMAC-SHA256 keyed with the PEM text of the public key.
  const pem = crypto.createPublicKey({ key: current, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  const [h, p, s] = hmac.split('.');
  assert.equal(crypto.createHmac('sha256', pem).update(`${h}.${p}`).digest('base64url'), s);

  const unknown = await getJson('/test/tokens/nonsense');
  assert.equal(unknown.status, 404);
});

test('/test/rotate: a new kid, the old one gone from /jwks, new tokens signed with the new key', async () => {
  const { keys: [before] } = await currentJwks();
  const code = await codeFor('amina'); // a code made before the rotation still works after it
  const { status, body } = await postJson('/test/rotate');
  assert.equal(status, 200);
  assert.notEqual(body.kid, before.kid);
  const after = await currentJwks();
  assert.deepEqual(after.keys.map((k) => k.kid), [body.kid]);

  const cc = await token(MACHINE, { grant_type: 'client_credentials', resource: 'tatrack-api', scope: 'api' });
  const verified = await verify(cc.body.access_token, { audience: 'tatrack-api' });
  assert.equal(verified.protectedHeader.kid, body.kid);

  const exchanged = await exchange(code.code, code.verifier);
  assert.equal(exchanged.status, 200);
  assert.equal(decode(exchanged.body.id_token).header.kid, body.kid);

  const crafted = await getJson('/test/tokens/valid');
  assert.equal(decode(crafted.body.token).header.kid, body.kid);
  assert.equal((await getJson('/test/health')).body.kid, body.kid);
});

test('/test/down answers 503 everywhere but /test/*, /test/up restores', async () => {
  assert.equal((await postJson('/test/down')).status, 200);
  try {
    assert.equal((await getJson('/.well-known/openid-configuration')).status, 503);
    assert.equal((await getJson('/jwks')).status, 503);
    assert.equal((await token(MACHINE, { grant_type: 'client_credentials' })).status, 503);
    assert.equal((await getJson('/test/health')).status, 200);
    const login = await signIn('amina');
    assert.equal(login.status, 502);
    assert.equal(login.body.status, 503);
  } finally {
    assert.equal((await postJson('/test/up')).status, 200);
  }
  assert.equal((await getJson('/.well-known/openid-configuration')).status, 200);
});
