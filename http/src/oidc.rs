//! Signing in with the organisation's identity provider (`OpenID` Connect), and machine clients'
//! access tokens, through the `openidconnect` crate (no hand-written JOSE).
//!
//! - The web app: `GET /auth/oidc/login` sends the browser to the provider with a fresh `state`,
//!   `nonce` and PKCE challenge (S256), kept server-side under the state's digest;
//!   `GET /auth/oidc/callback` spends the state once, exchanges the code with the PKCE verifier,
//!   checks the ID token (signature by the provider's JWKS, issuer, audience, expiry with a
//!   minute's leeway, nonce; RS256, RS384, RS512, PS256, ES256 only, so `none` and an HMAC keyed
//!   with a public key are refused), records the person, and opens the same kind of session
//!   cookie a pasted token gets. Rights come from the person's grants at each request.
//! - Machines: a bearer token that is a JWT is checked as an access token of the configured
//!   audience against the same JWKS, and its subject (a client id) gets the grants made to it.
//! - The provider's keys are read at discovery and read again once when a token names a key they
//!   lack (the provider rotated them); a provider that cannot be reached refuses sign-in with a
//!   503, while sessions already open keep working.

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreIdTokenClaims, CoreIdTokenVerifier,
    CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
};
use openidconnect::{
    AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, EndSessionUrl,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenVerifier, IssuerUrl, JsonWebTokenType,
    LogoutRequest, Nonce, NonceVerifier, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl,
    ProviderMetadataWithLogout, RedirectUrl, Scope, TokenResponse as _,
};
use tatrack_domain::access::RecordPerson;
use tatrack_i18n::msg;
use tokio::sync::RwLock;

use crate::error::Error;

/// The identity provider's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcSettings {
    /// The issuer URL, as the provider names itself (its discovery document is under it).
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// Where the provider sends the browser back: this server's `/auth/oidc/callback`.
    pub redirect_url: String,
    /// The claim whose values grants to claims match (`groups` by default).
    pub groups_claim: String,
    /// The scopes asked for beside `openid` (`profile email` by default; the test provider's
    /// groups come with a `groups` scope, Entra ID's and Keycloak's with none).
    pub scopes: Vec<String>,
    /// How the sign-in page names the provider ("Sign in with ...").
    pub provider_name: String,
    /// The audience of machine clients' access tokens; none accepts no access token.
    pub audience: Option<String>,
}

/// How long a discovery document (and the keys it points to) is kept before it is read again.
const METADATA_LIFETIME: Duration = Duration::from_hours(1);
/// How long a sign-in may take between leaving for the provider and coming back.
pub const LOGIN_LIFETIME: chrono::Duration = chrono::Duration::minutes(10);
/// Tolerance for clocks that differ a little between the provider and this server.
const CLOCK_LEEWAY: chrono::Duration = chrono::Duration::seconds(60);

/// The signature algorithms an ID token or access token may use: asymmetric only.
fn allowed_algorithms() -> Vec<CoreJwsSigningAlgorithm> {
    use CoreJwsSigningAlgorithm::{
        EcdsaP256Sha256, RsaSsaPkcs1V15Sha256, RsaSsaPkcs1V15Sha384, RsaSsaPkcs1V15Sha512, RsaSsaPssSha256,
    };
    vec![RsaSsaPkcs1V15Sha256, RsaSsaPkcs1V15Sha384, RsaSsaPkcs1V15Sha512, RsaSsaPssSha256, EcdsaP256Sha256]
}

/// This server as the provider's client: the authorization URL set, the token URL as discovered.
type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The provider, as discovered.
pub struct Oidc {
    pub settings: OidcSettings,
    http: openidconnect::reqwest::Client,
    discovered: RwLock<Option<(ProviderMetadataWithLogout, Instant)>>,
}

/// Where to send the browser, and what the callback must match.
pub struct LoginStart {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

/// Who the provider says signed in.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// As the provider describes them, to be recorded.
    pub person: RecordPerson,
    /// The values of the groups claim: (claim name, value).
    pub claims: Vec<(String, String)>,
    /// The ID token, the hint the provider's sign-out asks for.
    pub id_token: String,
}

/// `what` names the step (English, like the library's `error`, which is quoted as it is).
fn unavailable(what: &str, error: impl std::fmt::Display) -> Error {
    Error::Unavailable(
        msg("problem-provider-unreachable").with("what", what).with("error", error.to_string()),
    )
}

fn refused(error: impl std::fmt::Display) -> Error {
    Error::Unauthorized(msg("problem-provider-answer-refused").with("error", error.to_string()))
}

impl Oidc {
    pub fn new(settings: OidcSettings) -> Result<Arc<Self>, Error> {
        let http = openidconnect::reqwest::Client::builder()
            // The token endpoint must not redirect us anywhere (SSRF).
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| Error::Internal(Box::new(e)))?;
        Ok(Arc::new(Self { settings, http, discovered: RwLock::new(None) }))
    }

    /// The provider's metadata and keys: as kept, or read again when `fresh` or stale.
    async fn metadata(&self, fresh: bool) -> Result<ProviderMetadataWithLogout, Error> {
        if !fresh {
            if let Some((metadata, at)) = self.discovered.read().await.as_ref() {
                if at.elapsed() < METADATA_LIFETIME {
                    return Ok(metadata.clone());
                }
            }
        }
        let issuer =
            IssuerUrl::new(self.settings.issuer.clone()).map_err(|e| Error::Internal(Box::new(e)))?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|e| unavailable("discovery", e))?;
        *self.discovered.write().await = Some((metadata.clone(), Instant::now()));
        Ok(metadata)
    }

    fn redirect_url(&self) -> Result<RedirectUrl, Error> {
        RedirectUrl::new(self.settings.redirect_url.clone()).map_err(|e| Error::Internal(Box::new(e)))
    }

    /// This server as the provider's client, from its metadata as kept, or read afresh when
    /// `fresh`.
    async fn client(&self, fresh: bool) -> Result<Client, Error> {
        let metadata = self.metadata(fresh).await?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(self.redirect_url()?))
    }

    /// The claims of `token` checked by the verifier `for_provider` makes from the provider's
    /// issuer and keys (with the clock leeway and the allowed algorithms added here). A signature
    /// that does not verify is checked once more with the keys read again (a rotation).
    async fn verified<'t, N: NonceVerifier + Copy>(
        &self,
        token: &'t CoreIdToken,
        for_provider: impl Fn(IssuerUrl, CoreJsonWebKeySet) -> CoreIdTokenVerifier<'static>,
        nonce: N,
        refuse: fn(ClaimsVerificationError) -> Error,
    ) -> Result<&'t CoreIdTokenClaims, Error> {
        let mut refreshed = false;
        loop {
            let metadata = self.metadata(refreshed).await?;
            let verifier = for_provider(metadata.issuer().clone(), metadata.jwks().clone());
            let verifier = verifier
                .set_time_fn(|| chrono::Utc::now() - CLOCK_LEEWAY)
                .set_allowed_algs(allowed_algorithms());
            match token.claims(&verifier, nonce) {
                Ok(claims) => return Ok(claims),
                Err(ClaimsVerificationError::SignatureVerification(_)) if !refreshed => refreshed = true,
                Err(error) => return Err(refuse(error)),
            }
        }
    }

    /// A new sign-in: the provider's authorization URL with a fresh state, nonce and PKCE
    /// challenge; 503 when the provider cannot be reached.
    pub async fn start(&self) -> Result<LoginStart, Error> {
        // Read afresh at each sign-in (a rare request): a provider that is down is said so here,
        // before the browser is sent to it, and the keys the answer is checked with are current.
        let client = self.client(true).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scopes(self.settings.scopes.iter().cloned().map(Scope::new))
            .set_pkce_challenge(challenge)
            .url();
        Ok(LoginStart {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
        })
    }

    /// The provider's answer to a sign-in: the code exchanged with the PKCE verifier, and the
    /// ID token checked against the nonce. Keys the token names but the provider's JWKS lacks
    /// are looked up once more (a rotation).
    pub async fn finish(&self, code: &str, nonce: &str, verifier: &str) -> Result<SignedIn, Error> {
        let client = self.client(false).await?;
        let answer = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| Error::Internal(Box::new(e)))?
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                openidconnect::RequestTokenError::ServerResponse(answer) => refused(answer),
                other => unavailable("token endpoint", other),
            })?;
        let id_token = answer.id_token().ok_or_else(|| refused("it carries no ID token"))?.clone();
        let nonce = Nonce::new(nonce.to_owned());
        let for_provider = |issuer, keys| {
            IdTokenVerifier::new_confidential_client(
                ClientId::new(self.settings.client_id.clone()),
                ClientSecret::new(self.settings.client_secret.clone()),
                issuer,
                keys,
            )
        };
        let claims = self.verified(&id_token, for_provider, &nonce, refused).await?;
        let raw = id_token.to_string();
        let extra = payload(&raw)?;
        let name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.to_string())
            .or_else(|| claims.preferred_username().map(|u| u.to_string()))
            .unwrap_or_else(|| claims.subject().to_string());
        Ok(SignedIn {
            person: RecordPerson {
                issuer: claims.issuer().to_string(),
                subject: claims.subject().to_string(),
                name,
                email: claims.email().map(|e| e.to_string()),
            },
            claims: claim_values(&extra, &self.settings.groups_claim),
            id_token: raw,
        })
    }

    /// A machine client's access token (a JWT for the configured audience): its issuer and
    /// subject. Keys it names but the JWKS lacks are looked up once more.
    pub async fn machine(&self, token: &str) -> Result<(String, String), Error> {
        let audience = self
            .settings
            .audience
            .clone()
            .ok_or_else(|| Error::Unauthorized(msg("problem-token-not-valid")))?;
        // An access token read as an ID token: the same signature, issuer, audience and expiry
        // checks, no nonce.
        let parsed: CoreIdToken =
            token.parse().map_err(|_| Error::Unauthorized(msg("problem-token-not-valid")))?;
        let types = ["at+jwt", "JWT", "application/at+jwt"]
            .into_iter()
            .filter_map(|t| JsonWebTokenType::new(t.to_owned()).normalize().ok());
        let types: Vec<_> = types.collect();
        let for_provider = |issuer, keys| {
            IdTokenVerifier::new_public_client(ClientId::new(audience.clone()), issuer, keys)
                .set_allowed_jose_types(types.clone())
        };
        let no_nonce = |_: Option<&Nonce>| Ok(());
        let refuse = |error: ClaimsVerificationError| {
            Error::Unauthorized(msg("problem-access-token-refused").with("error", error.to_string()))
        };
        let claims = self.verified(&parsed, for_provider, no_nonce, refuse).await?;
        Ok((claims.issuer().to_string(), claims.subject().to_string()))
    }

    /// The provider's sign-out page for a session's ID token, back to `back_to` afterwards;
    /// `None` when the provider offers none.
    pub async fn logout_url(&self, id_token: &str, back_to: &str) -> Option<String> {
        let metadata = self.metadata(false).await.ok()?;
        let endpoint: EndSessionUrl = metadata.additional_metadata().end_session_endpoint.clone()?;
        let hint: CoreIdToken = id_token.parse().ok()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_id_token_hint(&hint)
            .set_client_id(ClientId::new(self.settings.client_id.clone()));
        if let Ok(back) = PostLogoutRedirectUrl::new(back_to.to_owned()) {
            request = request.set_post_logout_redirect_uri(back);
        }
        Some(request.http_get_url().to_string())
    }
}

/// The claims of a JWT whose signature was checked, as JSON.
fn payload(jwt: &str) -> Result<serde_json::Map<String, serde_json::Value>, Error> {
    let part = jwt.split('.').nth(1).ok_or_else(|| refused("the ID token is not a JWT"))?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(refused)?;
    serde_json::from_slice(&bytes).map_err(refused)
}

/// The values of `claim` (a string or a list of strings), as (claim, value) pairs.
fn claim_values(claims: &serde_json::Map<String, serde_json::Value>, claim: &str) -> Vec<(String, String)> {
    let values = match claims.get(claim) {
        Some(serde_json::Value::String(one)) => vec![one.clone()],
        Some(serde_json::Value::Array(many)) => {
            many.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
        }
        _ => Vec::new(),
    };
    values.into_iter().map(|value| (claim.to_owned(), value)).collect()
}
