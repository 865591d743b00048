//! Every activity a list filter admits, for an export: read in chunks from one snapshot of the
//! read models, with the rows a spreadsheet wants one per line (countries, funding lines,
//! outputs, institutions) beside each chunk, so memory stays flat however many there are.
//!
//! The snapshot is a read-only transaction: on PostgreSQL it takes no transaction id, so it
//! does not hold back the projector's horizon while a large export is written.

use crate::amounts::{from_minor, parse_minor};
use crate::listing::{page_in, ActivityFilter, ActivityListItem, Cursor};
use crate::state::read_state;
use tatrack_store::db::{Db, StoreError, Tx};

/// Activities per chunk (and per `IN` list of the detail queries).
const CHUNK: u32 = 500;

/// A country an activity took place in, with the participants its breakdown places there.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CountryShare {
    pub activity_id: String,
    pub country: String,
    pub female: i64,
    pub male: i64,
    pub other_or_undisclosed: i64,
    /// A regional activity's participants no country breakdown places (the same in each of its
    /// countries).
    pub unattributed: i64,
}

/// A standing funding line, its amount a decimal string in the currency's unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingLine {
    pub activity_id: String,
    pub donor: String,
    pub currency: String,
    pub amount: String,
}

/// How many outputs of one kind an activity recorded.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutputCount {
    pub activity_id: String,
    pub kind: String,
    pub outputs: i64,
}

/// Participants of one institution in an activity.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InstitutionCount {
    pub activity_id: String,
    pub institution: String,
    pub participants: i64,
}

/// One chunk of activities and, when asked for, their detail rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityChunk {
    pub activities: Vec<ActivityListItem>,
    pub countries: Vec<CountryShare>,
    pub funding: Vec<FundingLine>,
    pub outputs: Vec<OutputCount>,
    pub institutions: Vec<InstitutionCount>,
}

/// A table of rows beside the activities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Countries,
    Funding,
    Outputs,
    Institutions,
}

impl Detail {
    /// The select of the detail table's rows, and their order within a chunk.
    fn query(self) -> (&'static str, &'static str) {
        match self {
            Self::Countries => (
                "SELECT activity_id, country, female, male, other AS other_or_undisclosed, unattributed \
                 FROM rm_activity_countries",
                "activity_id, country",
            ),
            Self::Funding => (
                "SELECT activity_id, donor, currency, amount_minor FROM rm_activity_funding",
                "activity_id, donor, currency",
            ),
            Self::Outputs => {
                ("SELECT activity_id, kind, outputs FROM rm_activity_outputs", "activity_id, kind")
            }
            Self::Institutions => (
                "SELECT activity_id, institution, participants FROM rm_activity_institutions",
                "activity_id, institution",
            ),
        }
    }
}

/// Which rows besides the activities an export reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details {
    pub tables: Vec<Detail>,
    /// A donor's export: only its own funding lines, under every name the donor goes by.
    pub funding_of: Option<Vec<String>>,
}

/// Reads an export chunk by chunk; see the module documentation.
pub struct ActivityExport {
    tx: Option<Tx>,
    generation: i64,
    filter: ActivityFilter,
    details: Details,
    cursor: Option<Cursor>,
    /// The read models reflect the log up to this position for the whole export.
    pub as_of_position: i64,
}

impl ActivityExport {
    pub async fn open(db: &Db, filter: ActivityFilter, details: Details) -> Result<Self, StoreError> {
        let mut tx = db.begin_read().await?;
        let state = read_state(&mut tx, false).await?;
        Ok(Self {
            tx: Some(tx),
            generation: state.generation,
            filter,
            details,
            cursor: None,
            as_of_position: state.checkpoint.position,
        })
    }

    /// The next chunk, or `None` once every activity was read (the snapshot is then released).
    pub async fn next(&mut self) -> Result<Option<ActivityChunk>, StoreError> {
        let Some(tx) = self.tx.as_mut() else { return Ok(None) };
        let (activities, next) =
            page_in(tx, self.generation, &self.filter, self.cursor.as_ref(), CHUNK).await?;
        if activities.is_empty() {
            if let Some(tx) = self.tx.take() {
                tx.commit().await?;
            }
            return Ok(None);
        }
        let ids: Vec<&str> = activities.iter().map(|a| a.id.as_str()).collect();
        let (generation, details) = (self.generation, &self.details);
        let mut chunk = ActivityChunk {
            countries: rows_of(tx, (generation, &ids), details, Detail::Countries).await?,
            outputs: rows_of(tx, (generation, &ids), details, Detail::Outputs).await?,
            institutions: rows_of(tx, (generation, &ids), details, Detail::Institutions).await?,
            ..ActivityChunk::default()
        };
        let lines: Vec<(String, String, String, String)> =
            rows_of(tx, (generation, &ids), details, Detail::Funding).await?;
        for (activity_id, donor, currency, minor) in lines {
            if details.funding_of.as_ref().is_some_and(|own| !own.contains(&donor)) {
                continue;
            }
            let amount = from_minor(parse_minor(&minor)?, &currency);
            chunk.funding.push(FundingLine { activity_id, donor, currency, amount });
        }
        chunk.activities = activities;
        let ranked = self.filter.search.is_some();
        match next.as_deref().and_then(|next| Cursor::decode(next, ranked)) {
            Some(cursor) => self.cursor = Some(cursor),
            None => {
                if let Some(tx) = self.tx.take() {
                    tx.commit().await?;
                }
            }
        }
        Ok(Some(chunk))
    }
}

/// The rows of the detail table `detail` for the activities `ids` of `generation`; none when
/// `details` does not ask for that table.
async fn rows_of<T>(
    tx: &mut Tx,
    (generation, ids): (i64, &[&str]),
    details: &Details,
    detail: Detail,
) -> Result<Vec<T>, StoreError>
where
    T: tatrack_store::db::EitherRow,
{
    if !details.tables.contains(&detail) {
        return Ok(Vec::new());
    }
    let (select, order) = detail.query();
    Ok(tatrack_store::on_tx!(tx, |conn| {
        let mut query = sqlx::QueryBuilder::new(format!("{select} WHERE generation = "));
        query.push_bind(generation).push(" AND activity_id IN ");
        tatrack_store::db::push_list(&mut query, ids.iter().copied());
        query.push(format!(" ORDER BY {order}"));
        query.build_query_as().fetch_all(conn).await?
    }))
}
