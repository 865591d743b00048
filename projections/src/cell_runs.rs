//! Summary cells beyond what a replay holds in memory: sorted runs of partial tallies spilled to
//! temporary files, then merged in key order, adding in Rust (money is `i128`, which neither
//! backend can sum in SQL: see [`crate::amounts`]).
//!
//! A million events make 1.5 million cells, shared by activities in no useful order: held
//! together they took most of a gigabyte, and adding each batch held to the cells written cost
//! an upsert per cell per batch (a dozen times each). A run costs a sequential write and read of
//! a temporary file.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufReader, BufWriter, ErrorKind, Read, Seek, SeekFrom, Write};

use crate::cells::{measure, scope, CellKey, Cells, Tally};
use tatrack_store::db::StoreError;

/// The scope kinds and measures a run stores, by their index here.
const SCOPES: [&str; 3] = [scope::COUNTRY, scope::PROGRAMME, scope::DONOR];
const MEASURES: [&str; 7] = [
    measure::STATUS,
    measure::PEOPLE,
    measure::INSTITUTION,
    measure::OUTPUT,
    measure::PROGRAMME,
    measure::FUNDING,
    measure::COUNTRY,
];

/// Sorted runs of partial tallies, each in a temporary file (deleted when dropped).
#[derive(Default)]
pub(crate) struct Runs {
    files: Vec<File>,
}

impl Runs {
    pub(crate) fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// Writes `cells` as one more run, in key order.
    pub(crate) fn spill(&mut self, cells: Cells) -> Result<(), StoreError> {
        let mut cells: Vec<_> = cells.into_iter().collect();
        cells.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut file = BufWriter::new(tempfile::tempfile().map_err(io_error)?);
        for (key, tally) in &cells {
            write_cell(&mut file, key, tally)?;
        }
        self.files.push(file.into_inner().map_err(|e| io_error(e.into_error()))?);
        Ok(())
    }

    /// Merges every run in key order, each cell once with its tallies added up, and hands the
    /// cells to `hand` `part` at a time.
    pub(crate) fn merge(
        self,
        part: usize,
        mut hand: impl FnMut(Vec<(CellKey, Tally)>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut readers = Vec::with_capacity(self.files.len());
        // (next key, its tally, run): the smallest key on top.
        let mut heads = BinaryHeap::new();
        for (run, mut file) in self.files.into_iter().enumerate() {
            file.seek(SeekFrom::Start(0)).map_err(io_error)?;
            let mut reader = BufReader::new(file);
            if let Some((key, tally)) = read_cell(&mut reader)? {
                heads.push(Reverse((key, run, TallyOrder(tally))));
            }
            readers.push(reader);
        }
        let mut merged: Option<(CellKey, Tally)> = None;
        let mut out = Vec::with_capacity(part);
        while let Some(Reverse((key, run, TallyOrder(tally)))) = heads.pop() {
            if let Some(next) = read_cell(&mut readers[run])? {
                heads.push(Reverse((next.0, run, TallyOrder(next.1))));
            }
            match &mut merged {
                Some((held, sum)) if *held == key => *sum = sum.plus(tally)?,
                _ => {
                    out.extend(merged.replace((key, tally)));
                    if out.len() >= part {
                        hand(std::mem::replace(&mut out, Vec::with_capacity(part)))?;
                    }
                }
            }
        }
        out.extend(merged);
        if !out.is_empty() {
            hand(out)?;
        }
        Ok(())
    }
}

/// A tally riding in the heap: never compared, as keys and runs are unique together.
struct TallyOrder(Tally);

impl PartialEq for TallyOrder {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl Eq for TallyOrder {}
impl PartialOrd for TallyOrder {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for TallyOrder {
    fn cmp(&self, _: &Self) -> std::cmp::Ordering {
        std::cmp::Ordering::Equal
    }
}

fn write_cell(file: &mut impl Write, key: &CellKey, tally: &Tally) -> Result<(), StoreError> {
    let index = |names: &[&str], name: &str| {
        names.iter().position(|n| *n == name).and_then(|i| u8::try_from(i).ok()).ok_or_else(|| {
            io_error(std::io::Error::new(ErrorKind::InvalidInput, format!("a cell of unknown kind {name}")))
        })
    };
    let mut record = vec![index(&SCOPES, key.scope_kind)?, index(&MEASURES, key.measure)?];
    for text in [&key.scope_key, &key.month, &key.dim, &key.dim2] {
        let len = u32::try_from(text.len()).map_err(|_| {
            io_error(std::io::Error::new(ErrorKind::InvalidInput, "a cell's key longer than 4 GB"))
        })?;
        record.extend(len.to_le_bytes());
        record.extend(text.as_bytes());
    }
    record.extend(tally.amount.to_le_bytes());
    record.extend(tally.money.to_le_bytes());
    record.extend(tally.activities.to_le_bytes());
    file.write_all(&record).map_err(io_error)
}

/// The next cell of a run, `None` at its end.
fn read_cell(file: &mut impl Read) -> Result<Option<(CellKey, Tally)>, StoreError> {
    let mut kinds = [0_u8; 2];
    match file.read_exact(&mut kinds) {
        Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Ok(None),
        read => read.map_err(io_error)?,
    }
    let named = |names: &[&'static str], i: u8| {
        names.get(usize::from(i)).copied().ok_or_else(|| {
            io_error(std::io::Error::new(ErrorKind::InvalidData, "a spilled cell of unknown kind"))
        })
    };
    let (scope_kind, measure) = (named(&SCOPES, kinds[0])?, named(&MEASURES, kinds[1])?);
    let mut text = || -> Result<String, StoreError> {
        let len = u32::from_le_bytes(bytes(file)?);
        let len = usize::try_from(len)
            .map_err(|_| io_error(std::io::Error::new(ErrorKind::InvalidData, "a spilled key too long")))?;
        let mut buf = vec![0; len];
        file.read_exact(&mut buf).map_err(io_error)?;
        String::from_utf8(buf).map_err(|e| io_error(std::io::Error::new(ErrorKind::InvalidData, e)))
    };
    let key =
        CellKey { scope_kind, scope_key: text()?, month: text()?, measure, dim: text()?, dim2: text()? };
    let tally = Tally {
        amount: i64::from_le_bytes(bytes(file)?),
        money: i128::from_le_bytes(bytes(file)?),
        activities: i64::from_le_bytes(bytes(file)?),
    };
    Ok(Some((key, tally)))
}

fn bytes<const N: usize>(file: &mut impl Read) -> Result<[u8; N], StoreError> {
    let mut buf = [0; N];
    file.read_exact(&mut buf).map_err(io_error)?;
    Ok(buf)
}

fn io_error(error: std::io::Error) -> StoreError {
    StoreError::Query(sqlx::Error::Io(error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(scope_key: &str, month: &str) -> CellKey {
        CellKey {
            scope_kind: scope::DONOR,
            scope_key: scope_key.to_owned(),
            month: month.to_owned(),
            measure: measure::FUNDING,
            dim: "a donor\twith a tab".to_owned(),
            dim2: "EUR".to_owned(),
        }
    }

    fn tally(money: i128) -> Tally {
        Tally { amount: 1, money, activities: 1 }
    }

    #[test]
    fn runs_merge_in_key_order_each_cell_once_with_its_tallies_added() {
        // Arrange: two runs sharing one key, money beyond i64.
        let big = i128::from(i64::MAX) * 4;
        let mut runs = Runs::default();
        runs.spill(Cells::from([(key("b", "ALL"), tally(big)), (key("a", "ALL"), tally(1))])).expect("a run");
        runs.spill(Cells::from([(key("b", "ALL"), tally(big)), (key("c", "Y2019"), tally(-5))]))
            .expect("a run");

        // Act
        let mut handed = Vec::new();
        runs.merge(2, |part| {
            handed.push(part);
            Ok(())
        })
        .expect("the merge");

        // Assert
        let expected = vec![
            vec![
                (key("a", "ALL"), tally(1)),
                (key("b", "ALL"), Tally { amount: 2, money: big * 2, activities: 2 }),
            ],
            vec![(key("c", "Y2019"), tally(-5))],
        ];
        assert_eq!(handed, expected);
    }
}
