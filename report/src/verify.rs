//! Checking a published report: recompute it from the log at the link it names (the figures
//! must be those published, and the chain must still hold that link), then at the chain's last
//! link now (a figure that amendments or corrections have changed since is named).

use std::collections::BTreeMap;

use tatrack_store::db::Db;

use crate::document::{Figure, Report};
use crate::{at, source, ReportError};

/// What a check found; the first finding names the first figure that does not hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// The chain no longer has the report's link, or has another hash there: the log it was
    /// computed from has been altered (or this is another database).
    ChainDiffers { seq: i64, published: String, found: Option<String> },
    /// Recomputed at the report's own link, a figure differs: the report was edited, or the
    /// log was.
    NotReproduced(Difference),
    /// The figure held when published, and the log has changed it since.
    ChangedSince(Difference),
}

/// One figure as published and as recomputed; either may be missing.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub published: Option<Figure>,
    pub recomputed: Option<Figure>,
}

impl Difference {
    fn id(&self) -> &str {
        self.published.as_ref().or(self.recomputed.as_ref()).map_or("", |f| f.id.as_str())
    }
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value =
            |figure: &Option<Figure>| figure.as_ref().map_or("absent".to_owned(), |f| f.value.to_string());
        let label = self.published.as_ref().or(self.recomputed.as_ref()).map_or("", |f| f.label.as_str());
        write!(
            f,
            "figure `{}` ({label}): {} in the report, {} recomputed",
            self.id(),
            value(&self.published),
            value(&self.recomputed)
        )?;
        if let Some(now) = &self.recomputed {
            write!(f, " (activities: {})", now.activities.join(", "))?;
        }
        Ok(())
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ChainDiffers { seq, published, found } => write!(
                f,
                "the hash chain at link {seq} is {} where the report says {published}: the log was altered",
                found.as_deref().unwrap_or("missing")
            ),
            Self::NotReproduced(difference) => write!(f, "{difference} at the report's own point of the log"),
            Self::ChangedSince(difference) => {
                write!(f, "{difference} now: the log has changed it since the report")
            }
        }
    }
}

fn by_id(report: &Report) -> BTreeMap<&str, &Figure> {
    report.figures().map(|f| (f.id.as_str(), f)).collect()
}

/// Figures the two reports do not hold alike (value or activities), in the published order,
/// then those only the recomputation has.
fn differences(published: &Report, recomputed: &Report) -> Vec<Difference> {
    let (old, new) = (by_id(published), by_id(recomputed));
    let changed = published.figures().filter(|f| new.get(f.id.as_str()).is_none_or(|r| *r != *f));
    let added = recomputed.figures().filter(|f| !old.contains_key(f.id.as_str()));
    changed
        .map(|f| Difference {
            published: Some(f.clone()),
            recomputed: new.get(f.id.as_str()).map(|r| (*r).clone()),
        })
        .chain(added.map(|f| Difference { published: None, recomputed: Some(f.clone()) }))
        .collect()
}

/// Every finding, in order: the chain, then the report at its own link, then the report now.
pub async fn verify(db: &Db, published: &Report) -> Result<Vec<Finding>, ReportError> {
    let basis = &published.basis;
    if basis.seq > 0 {
        let found = source::link_at(db, basis.seq).await?;
        if found.as_ref().is_none_or(|(position, link)| *position != basis.position || *link != basis.link) {
            let found = found.map(|(_, link)| link);
            return Ok(vec![Finding::ChainDiffers { seq: basis.seq, published: basis.link.clone(), found }]);
        }
    }
    let then = at(db, &published.params, basis.clone()).await?;
    let mut findings: Vec<Finding> =
        differences(published, &then).into_iter().map(Finding::NotReproduced).collect();
    let now = crate::generate(db, &published.params, basis.as_of).await?;
    findings.extend(differences(published, &now).into_iter().map(Finding::ChangedSince));
    Ok(findings)
}
