//! `results verify`: every seal and signature recomputed, and what does not match reported.

use std::collections::HashMap;

use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use rusqlite::{Connection, params};

use super::keys::OfficeKeys;
use super::seal::{GENESIS, SEALED_COLUMNS, row_hash};
use super::{SignedAssessment, assessment_from_row, signed_message};
use crate::assessment::StepComment;
use crate::results::{ResultsStore, StoreError};

/// Something in the store that its seals or signatures say was changed behind the app's
/// back. `Display` says it for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tamper {
    /// The run's content no longer matches its seal.
    Edited { run: i64 },
    /// A run without a seal: put into the store file by another tool.
    Unsealed { run: i64 },
    /// `run`'s seal chains to a run before `inserted`: `inserted` was put in between.
    Inserted { inserted: i64, run: i64 },
    /// The run is gone; its seal is still there.
    Deleted { run: i64 },
    /// The chain breaks before `run`: its seal names a run that is not in the store.
    Gap { after: Option<i64>, run: i64 },
    /// Signed by a name that has no account.
    SignOffWithoutAccount {
        sign_off: i64,
        run: i64,
        supervisor: String,
    },
    /// The signature does not verify with the account's key: the assessment was changed,
    /// or the account's key was replaced.
    SignatureFails {
        sign_off: i64,
        run: i64,
        supervisor: String,
    },
    /// The run the sign-off signed is gone or no longer the run it was.
    SignedRunChanged { sign_off: i64, run: i64 },
    /// The chain's head when the sign-off was made is no longer in the chain: runs saved
    /// before it were rewritten.
    ChainRewritten { sign_off: i64, run: i64 },
    /// With the training office's keys: signed with a key that is not the office's copy of
    /// that supervisor's (`office` lists the office's fingerprints; none: no copy).
    NotOfficeKey {
        sign_off: i64,
        run: i64,
        supervisor: String,
        fingerprint: String,
        office: Vec<String>,
    },
}

impl std::fmt::Display for Tamper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Tamper::Edited { run } => {
                write!(f, "run #{run} was edited: it no longer matches its seal")
            }
            Tamper::Unsealed { run } => write!(f, "run #{run} was inserted: it has no seal"),
            Tamper::Inserted { inserted, run } => write!(
                f,
                "run #{inserted} was inserted: the seal of run #{run} chains to a run before it"
            ),
            Tamper::Deleted { run } => write!(f, "run #{run} was deleted: only its seal is left"),
            Tamper::Gap { after, run } => {
                let (between, changed) = match after {
                    Some(after) => (
                        format!("between run #{after} and run #{run}"),
                        format!(" (or run #{after} was changed and sealed again)"),
                    ),
                    None => (format!("before run #{run}"), String::new()),
                };
                write!(
                    f,
                    "a run {between} was deleted: the seal of run #{run} names a run that is \
                     not in the store{changed}"
                )
            }
            Tamper::SignOffWithoutAccount {
                sign_off,
                run,
                supervisor,
            } => write!(
                f,
                "sign-off #{sign_off} of run #{run} names {supervisor}, who has no supervisor account"
            ),
            Tamper::SignatureFails {
                sign_off,
                run,
                supervisor,
            } => write!(
                f,
                "sign-off #{sign_off} of run #{run} by {supervisor}: the signature fails (the \
                 assessment was changed, or the account's key was replaced)"
            ),
            Tamper::SignedRunChanged { sign_off, run } => write!(
                f,
                "sign-off #{sign_off}: run #{run} is no longer the run that was signed"
            ),
            Tamper::ChainRewritten { sign_off, run } => write!(
                f,
                "sign-off #{sign_off} of run #{run}: the runs saved before it was signed were rewritten"
            ),
            Tamper::NotOfficeKey {
                sign_off,
                run,
                supervisor,
                fingerprint,
                office,
            } => {
                write!(
                    f,
                    "sign-off #{sign_off} of run #{run} by {supervisor} is signed with key \
                     {fingerprint}, which is not the training office's copy"
                )?;
                if office.is_empty() {
                    write!(f, " (the office has no key for {supervisor})")
                } else {
                    write!(f, " (the office holds {})", office.join(", "))
                }
            }
        }
    }
}

/// What `verify` found: the counts it checked, and every problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub runs: usize,
    /// Runs saved before the store had seals, sealed when the store was upgraded: their
    /// content from before then cannot be checked.
    pub sealed_at_upgrade: usize,
    pub sign_offs: usize,
    /// Old stores' one-score reviews, which were never signed.
    pub unsigned_reviews: usize,
    /// Whether the sign-offs' keys were checked against the training office's.
    pub checked_office_keys: bool,
    pub problems: Vec<Tamper>,
}

impl VerifyReport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// The lines a person reads after the problems: what was checked.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "{} runs and {} sign-offs checked{}: {}",
            self.runs,
            self.sign_offs,
            if self.checked_office_keys {
                " against the training office's keys"
            } else {
                ""
            },
            match self.problems.len() {
                0 => "nothing changed behind the app's back".to_owned(),
                1 => "1 problem".to_owned(),
                n => format!("{n} problems"),
            }
        )];
        if self.sealed_at_upgrade > 0 {
            lines.push(format!(
                "{} runs were sealed when the store was upgraded: changes to them before then \
                 cannot be seen",
                self.sealed_at_upgrade
            ));
        }
        if self.unsigned_reviews > 0 {
            lines.push(format!(
                "{} one-score reviews from before sign-offs were signed are not checked",
                self.unsigned_reviews
            ));
        }
        lines
    }
}

/// A run's place in the chain as stored: whether its row is there, its seal, and the hash
/// its row has now.
struct ChainEntry {
    run: i64,
    seal: Option<Seal>,
    /// `None` when the row is gone.
    recomputed: Option<[u8; 32]>,
}

struct Seal {
    previous: [u8; 32],
    hash: [u8; 32],
    upgraded: bool,
}

fn hash_of(bytes: Option<Vec<u8>>) -> Option<[u8; 32]> {
    bytes.and_then(|bytes| bytes.try_into().ok())
}

fn seal_of(
    previous: Option<Vec<u8>>,
    hash: Option<Vec<u8>>,
    upgraded: Option<bool>,
) -> Option<Seal> {
    Some(Seal {
        // A seal of the wrong length (written by another tool) matches nothing.
        previous: hash_of(previous).unwrap_or([0xff; 32]),
        hash: hash_of(hash)?,
        upgraded: upgraded?,
    })
}

/// Every seal, by run. The seals are read apart from the runs: a join, or a search for
/// seals whose run is gone, looks up each run's row among the transcripts' pages, which
/// costs more than the seals themselves (0.35 s for 100,000 runs, benches/verify.rs).
fn seals(connection: &Connection) -> rusqlite::Result<HashMap<i64, Option<Seal>>> {
    let mut statement =
        connection.prepare("SELECT run_id, previous_hash, hash, upgraded FROM run_seals")?;
    let rows = statement.query_map([], |row| {
        Ok((row.get(0)?, seal_of(row.get(1)?, row.get(2)?, row.get(3)?)))
    })?;
    rows.collect()
}

/// Every run and every seal, in run order, with each run's hash as its row is now.
fn chain(connection: &Connection) -> rusqlite::Result<Vec<ChainEntry>> {
    let mut seals = seals(connection)?;
    let mut statement = connection.prepare(&format!(
        "SELECT {SEALED_COLUMNS} FROM runs r ORDER BY r.id"
    ))?;
    let mut rows = statement.query([])?;
    let mut entries = Vec::with_capacity(seals.len());
    while let Some(row) = rows.next()? {
        let run = row.get(0)?;
        let seal = seals.remove(&run).flatten();
        let previous = seal.as_ref().map_or(GENESIS, |seal| seal.previous);
        entries.push(ChainEntry {
            run,
            recomputed: Some(row_hash(row, 0, &previous)?),
            seal,
        });
    }
    // The seals left are of runs that are gone.
    entries.extend(seals.into_iter().map(|(run, seal)| ChainEntry {
        run,
        seal,
        recomputed: None,
    }));
    entries.sort_by_key(|entry| entry.run);
    Ok(entries)
}

/// What the chain says about the runs, for checking the sign-offs: each run's seal (if its
/// row still matches it) and every sealed hash.
#[derive(Default)]
struct ChainFacts {
    intact_seal_of_run: HashMap<i64, [u8; 32]>,
    sealed_hashes: std::collections::HashSet<[u8; 32]>,
}

fn check_chain(entries: &[ChainEntry], report: &mut VerifyReport) -> ChainFacts {
    let mut facts = ChainFacts::default();
    facts.sealed_hashes.extend(
        entries
            .iter()
            .filter_map(|e| e.seal.as_ref().map(|s| s.hash)),
    );
    let mut tail: Option<(i64, [u8; 32])> = None;
    for entry in entries {
        let run = entry.run;
        if entry.recomputed.is_some() {
            report.runs += 1;
        }
        let Some(seal) = &entry.seal else {
            report.problems.push(Tamper::Unsealed { run });
            continue;
        };
        report.sealed_at_upgrade += usize::from(seal.upgraded && entry.recomputed.is_some());
        match entry.recomputed {
            None => report.problems.push(Tamper::Deleted { run }),
            Some(hash) if hash != seal.hash => report.problems.push(Tamper::Edited { run }),
            Some(hash) => {
                facts.intact_seal_of_run.insert(run, hash);
            }
        }
        let expected = tail.map_or(GENESIS, |(_, hash)| hash);
        if seal.previous != expected {
            let links_to_earlier =
                seal.previous == GENESIS || facts.sealed_hashes.contains(&seal.previous);
            report.problems.push(match tail {
                Some((inserted, _)) if links_to_earlier => Tamper::Inserted { inserted, run },
                _ => Tamper::Gap {
                    after: tail.map(|(after, _)| after),
                    run,
                },
            });
        }
        tail = Some((run, seal.hash));
    }
    facts
}

/// A sign-off as stored, with what its signature covers.
pub(crate) struct StoredSignOff {
    pub signed: SignedAssessment,
    run_hash: [u8; 32],
    chain_head: [u8; 32],
    signature: [u8; 64],
}

/// The columns [`super::assessment_from_row`] reads, in its order.
pub(crate) const ASSESSMENT_COLUMNS: &str = "a.run_id, a.supervisor, a.etiquette, \
     a.etiquette_reason, a.procedure, a.procedure_reason, a.record, a.record_reason, \
     a.owner_feedback, a.verdict, a.signed_at";
const ASSESSMENT_COLUMN_COUNT: usize = 11;

fn comments_of(
    connection: &Connection,
    run: Option<i64>,
) -> rusqlite::Result<HashMap<i64, Vec<StepComment>>> {
    let mut statement = connection.prepare(
        "SELECT c.assessment_id, c.step, c.comment FROM assessment_comments c
         JOIN assessments a ON a.id = c.assessment_id
         WHERE ?1 IS NULL OR a.run_id = ?1 ORDER BY c.assessment_id, c.position",
    )?;
    let mut comments: HashMap<i64, Vec<StepComment>> = HashMap::new();
    let mut rows = statement.query(params![run])?;
    while let Some(row) = rows.next()? {
        let step: i64 = row.get(1)?;
        comments.entry(row.get(0)?).or_default().push(StepComment {
            // The signed message holds the step as stored, so a round trip keeps it.
            step: step as usize,
            comment: row.get(2)?,
        });
    }
    Ok(comments)
}

/// The sign-offs of one run, or of every run, oldest first.
pub(crate) fn read_sign_offs(
    connection: &Connection,
    run: Option<i64>,
) -> rusqlite::Result<Vec<StoredSignOff>> {
    let mut comments = comments_of(connection, run)?;
    let mut statement = connection.prepare(&format!(
        "SELECT {ASSESSMENT_COLUMNS}, a.id, a.run_hash, a.chain_head, a.signer_fingerprint,
                a.signature
         FROM assessments a WHERE ?1 IS NULL OR a.run_id = ?1 ORDER BY a.id"
    ))?;
    let rows = statement.query_map(params![run], |row| {
        let id: i64 = row.get(ASSESSMENT_COLUMN_COUNT)?;
        let comments = comments.remove(&id).unwrap_or_default();
        let bytes = |index: usize| row.get::<_, Vec<u8>>(ASSESSMENT_COLUMN_COUNT + index);
        Ok(StoredSignOff {
            signed: SignedAssessment {
                id,
                assessment: assessment_from_row(row, 0, comments)?,
                key_fingerprint: row.get(ASSESSMENT_COLUMN_COUNT + 3)?,
            },
            run_hash: hash_of(Some(bytes(1)?)).unwrap_or([0xff; 32]),
            chain_head: hash_of(Some(bytes(2)?)).unwrap_or([0xff; 32]),
            signature: bytes(4)?.try_into().unwrap_or([0; 64]),
        })
    })?;
    rows.collect()
}

/// An account's public key, decoded once for all its sign-offs.
struct AccountKey {
    bytes: [u8; 32],
    /// `None` when the stored bytes are not a key: nothing verifies.
    key: Option<VerifyingKey>,
    fingerprint: String,
}

impl AccountKey {
    fn of(bytes: [u8; 32]) -> AccountKey {
        AccountKey {
            bytes,
            key: VerifyingKey::from_bytes(&bytes).ok(),
            fingerprint: super::fingerprint(&bytes),
        }
    }

    fn signed(&self, stored: &StoredSignOff) -> bool {
        let Some(key) = &self.key else {
            return false;
        };
        let message = signed_message(
            &stored.signed.assessment,
            &stored.run_hash,
            &stored.chain_head,
        );
        stored.signed.key_fingerprint == self.fingerprint
            && key
                .verify(&message, &Signature::from_bytes(&stored.signature))
                .is_ok()
    }
}

/// What the chain says about a sign-off: is its run still the one signed, and is the chain
/// it was signed on still there.
fn check_against_chain(stored: &StoredSignOff, facts: &ChainFacts) -> Vec<Tamper> {
    let sign_off = stored.signed.id;
    let run = stored.signed.assessment.run;
    let mut problems = Vec::new();
    if facts.intact_seal_of_run.get(&run) != Some(&stored.run_hash) {
        problems.push(Tamper::SignedRunChanged { sign_off, run });
    }
    if !facts.sealed_hashes.contains(&stored.chain_head) {
        problems.push(Tamper::ChainRewritten { sign_off, run });
    }
    problems
}

/// Who signed: an account, its key's signature, and with the office's keys, its key.
fn check_signer(
    stored: &StoredSignOff,
    accounts: &HashMap<String, AccountKey>,
    office_keys: Option<&OfficeKeys>,
) -> Vec<Tamper> {
    let sign_off = stored.signed.id;
    let run = stored.signed.assessment.run;
    let supervisor = stored.signed.assessment.supervisor.clone();
    let Some(key) = accounts.get(&supervisor) else {
        return vec![Tamper::SignOffWithoutAccount {
            sign_off,
            run,
            supervisor,
        }];
    };
    let mut problems = Vec::new();
    if !key.signed(stored) {
        problems.push(Tamper::SignatureFails {
            sign_off,
            run,
            supervisor: supervisor.clone(),
        });
    }
    if let Some(office) = office_keys
        && !office
            .keys_for(&supervisor)
            .any(|office_key| *office_key == key.bytes)
    {
        problems.push(Tamper::NotOfficeKey {
            sign_off,
            run,
            fingerprint: key.fingerprint.clone(),
            office: office.fingerprints_for(&supervisor),
            supervisor,
        });
    }
    problems
}

impl ResultsStore {
    /// Recomputes every run's seal and every sign-off's signature and reports what does not
    /// match: runs edited, inserted or deleted, sign-offs whose signature fails or whose run
    /// changed; with the training office's keys, sign-offs signed with a key that is not the
    /// office's copy for that supervisor (see the threat model in [`crate::trust`]).
    pub fn verify(&self, office_keys: Option<&OfficeKeys>) -> Result<VerifyReport, StoreError> {
        self.verify_chain(office_keys).map_err(|e| self.failed(e))
    }

    fn verify_chain(&self, office_keys: Option<&OfficeKeys>) -> rusqlite::Result<VerifyReport> {
        let connection = self.connection();
        let mut report = VerifyReport {
            runs: 0,
            sealed_at_upgrade: 0,
            sign_offs: 0,
            unsigned_reviews: connection
                .query_row("SELECT count(*) FROM reviews", [], |row| row.get(0))?,
            checked_office_keys: office_keys.is_some(),
            problems: Vec::new(),
        };
        let accounts: HashMap<String, AccountKey> =
            super::accounts::read_supervisors(connection, None)?
                .into_iter()
                .map(|supervisor| (supervisor.name, AccountKey::of(supervisor.public_key)))
                .collect();
        let sign_offs = read_sign_offs(connection, None)?;
        report.sign_offs = sign_offs.len();
        // The signatures are checked on the other core while this one reads and hashes the
        // runs: an ed25519 check costs some 75 µs here, 0.75 s for 10,000 sign-offs
        // (benches/verify.rs).
        let (entries, signers) = std::thread::scope(|scope| {
            let signers = scope.spawn(|| {
                sign_offs
                    .iter()
                    .map(|stored| check_signer(stored, &accounts, office_keys))
                    .collect::<Vec<_>>()
            });
            let entries = chain(connection);
            (
                entries,
                signers.join().expect("checking a signature does not panic"),
            )
        });
        let facts = check_chain(&entries?, &mut report);
        for (stored, signer) in sign_offs.iter().zip(signers) {
            report.problems.extend(check_against_chain(stored, &facts));
            report.problems.extend(signer);
        }
        Ok(report)
    }
}
