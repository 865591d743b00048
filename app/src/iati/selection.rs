//! Which activities an IATI document holds: the activity list's filters, within the caller's
//! scope.

use chrono::NaiveDate;
use serde::Deserialize;
use tatrack_projections::listing::ActivityFilter;
use tatrack_store::registry;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::Principal;
use crate::error::Result;
use crate::reading;
use crate::service::App;

/// Which activities the document holds; all optional, combined with AND, within the caller's
/// scope.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct IatiFilters {
    /// Programme id or code.
    pub programme: Option<String>,
    /// Donor name, as recorded.
    pub donor: Option<String>,
    /// ISO 3166-1 alpha-3 code.
    pub country: Option<String>,
    /// First date (delivery start, else planned start) included.
    pub from: Option<NaiveDate>,
    /// Last date included.
    pub to: Option<NaiveDate>,
}

/// The list filter for `filters`, narrowed to what `principal` may see (the activity list's
/// own rule); without a principal (the command line) everything is in scope.
pub async fn selection(
    app: &App,
    principal: Option<&Principal>,
    filters: &IatiFilters,
) -> Result<ActivityFilter> {
    let range = reading::date_range(filters.from, filters.to)?;
    let country = filters.country.as_deref().map(reading::country).transpose()?;
    let programme_id = match &filters.programme {
        None => None,
        Some(p) if Uuid::parse_str(p).is_ok() => Some(p.clone()),
        Some(code) => Some(registry::programme_id_of(&app.db, code).await?.unwrap_or_else(|| code.clone())),
    };
    let mut filter = ActivityFilter {
        country,
        programme_id,
        donor: match &filters.donor {
            Some(donor) => Some(reading::donor_names(app, donor).await?),
            None => None,
        },
        from: range.from,
        to: range.to,
        ..ActivityFilter::default()
    };
    if let Some(principal) = principal {
        reading::restrict_to_scope(app, principal, &mut filter).await?;
    }
    Ok(filter)
}
