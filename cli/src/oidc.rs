//! The identity provider `serve` signs people in with (`OpenID` Connect): none by default.

use clap::Args;
use tatrack_http::oidc::OidcSettings;

#[derive(Args, Debug, Clone, Default)]
pub struct OidcArgs {
    /// The provider's issuer URL (its discovery document is under it), e.g.
    /// `https://login.microsoftonline.com/<tenant>/v2.0`. Without it, people sign in with tokens.
    #[arg(long = "oidc-issuer", env = "TATRACK_OIDC_ISSUER")]
    pub issuer: Option<String>,
    /// The client id tatrack is registered under at the provider.
    #[arg(long = "oidc-client-id", env = "TATRACK_OIDC_CLIENT_ID")]
    pub client_id: Option<String>,
    /// The client's secret.
    #[arg(long = "oidc-client-secret", env = "TATRACK_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub client_secret: Option<String>,
    /// Where the provider sends people back: this server's /auth/oidc/callback, as the
    /// provider has it registered (e.g. `https://tatrack.example.org/auth/oidc/callback`).
    #[arg(long = "oidc-redirect-url", env = "TATRACK_OIDC_REDIRECT_URL")]
    pub redirect_url: Option<String>,
    /// The claim whose values grants to a claim match.
    #[arg(long = "oidc-groups-claim", env = "TATRACK_OIDC_GROUPS_CLAIM", default_value = "groups")]
    pub groups_claim: String,
    /// The scopes asked for beside `openid`, separated by spaces or commas.
    #[arg(long = "oidc-scopes", env = "TATRACK_OIDC_SCOPES", default_value = "profile email")]
    pub scopes: String,
    /// How the sign-in page names the provider ("Sign in with ...").
    #[arg(
        long = "oidc-provider-name",
        env = "TATRACK_OIDC_PROVIDER_NAME",
        default_value = "your organisation"
    )]
    pub provider_name: String,
    /// The audience of machine clients' access tokens (client credentials); none: machines use
    /// tatrack's own tokens.
    #[arg(long = "oidc-audience", env = "TATRACK_OIDC_AUDIENCE")]
    pub audience: Option<String>,
}

impl OidcArgs {
    /// The settings, when an issuer is given; each of the client's values is then required.
    pub fn settings(&self) -> anyhow::Result<Option<OidcSettings>> {
        let Some(issuer) = self.issuer.clone() else { return Ok(None) };
        let needed = |value: &Option<String>, flag: &str| {
            value.clone().ok_or_else(|| anyhow::anyhow!("--oidc-issuer needs {flag} too"))
        };
        Ok(Some(OidcSettings {
            issuer: issuer.trim_end_matches('/').to_owned(),
            client_id: needed(&self.client_id, "--oidc-client-id (TATRACK_OIDC_CLIENT_ID)")?,
            client_secret: needed(&self.client_secret, "--oidc-client-secret (TATRACK_OIDC_CLIENT_SECRET)")?,
            redirect_url: needed(&self.redirect_url, "--oidc-redirect-url (TATRACK_OIDC_REDIRECT_URL)")?,
            groups_claim: self.groups_claim.clone(),
            scopes: self.scopes.split([' ', ',']).filter(|s| !s.is_empty()).map(str::to_owned).collect(),
            provider_name: self.provider_name.clone(),
            audience: self.audience.clone(),
        }))
    }
}
