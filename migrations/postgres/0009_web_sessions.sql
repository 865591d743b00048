-- Sessions of the web app: a pasted token turned into an HttpOnly cookie. Only a SHA-256 digest
-- of the cookie's secret is kept, never the secret or the token. A session speaks for the token
-- named here: when that token is revoked or expires, its sessions lose every right with it.
-- Signing out sets ended_at; rows are never reused.
CREATE TABLE web_sessions
(
    digest     text PRIMARY KEY,
    token_name text NOT NULL,
    -- The anti-CSRF secret the app sends back in X-CSRF-Token with every state-changing request.
    csrf       text NOT NULL,
    created_at text NOT NULL,
    expires_at text NOT NULL,
    ended_at   text
);
CREATE INDEX web_sessions_token_name ON web_sessions (token_name);
