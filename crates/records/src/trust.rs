//! Who may sign a run off, and evidence of tampering with the results store.
//!
//! **Accounts.** A supervisor account (`supervisors`) holds the passphrase only as an argon2id
//! hash with its salt, and an ed25519 key pair whose private half is sealed
//! (XChaCha20-Poly1305) under a key derived from the passphrase (argon2id, its own salt). A
//! sign-off needs the account and its passphrase: a name without an account (a trainee) is
//! refused, a wrong passphrase is refused, and every attempt is logged (`auth_log`).
//!
//! **Seals.** Every run is sealed when it is saved (`run_seals`): the sha256 of its row and of
//! the previous run's seal, a hash chain. A sign-off signs the assessment, the run's seal and
//! the chain's head at that moment. [`ResultsStore::verify`] recomputes it all and reports a
//! run edited, inserted or deleted behind the app's back, and a sign-off whose signature
//! fails.
//!
//! **Threat model.** The trainee at a shared desk PC can read and write the data folder, so
//! can do anything SQLite can: change a score, delete or add a run, even recompute the seals
//! (they are plain hashes, not secrets) or put a key pair of their own into a supervisor's
//! account and sign with it. What they cannot do is sign with the supervisor's key without
//! the passphrase. So:
//! - a change to a run, or to the chain before it, that is not sealed again is reported by a
//!   plain `verify`;
//! - a run signed off cannot be changed, nor the runs saved before its sign-off, without
//!   breaking that signature (it covers the run's seal and the chain's head) — unless the
//!   account's key is swapped and everything re-signed with the new key: that passes a plain
//!   `verify`, and fails `verify --keys FILE` against the public keys the training office
//!   holds elsewhere ([`export_keys_text`] writes them; the xAPI store is another copy
//!   out of the trainee's reach);
//! - runs added after the last sign-off, with correct seals, are not detectable: what counts
//!   is a signed run.
//!
//! Old stores' one-score reviews (`reviews`) are not signed; `verify` counts them.

use drill_engine::{Area, Score};
use ed25519_dalek::{Signer, SigningKey};
use rusqlite::{OptionalExtension, params};

use crate::assessment::{Assessment, DISAGREEMENT_POINTS, Mark, StepComment, Verdict};
use crate::results::{ResultsStore, StoreError};

mod accounts;
mod crypto;
mod keys;
pub mod seal;
mod verify;

pub use accounts::{
    AccountError, MAX_NAME_CHARS, MAX_PASSPHRASE_CHARS, MIN_PASSPHRASE_CHARS, NewSupervisor,
    SignAttempt, SignOutcome, Supervisor,
};
pub use crypto::{KdfCost, fingerprint};
pub use keys::{KeysError, OfficeKey, OfficeKeys, export_keys_text};
pub use verify::{Tamper, VerifyReport};

use crypto::Canonical;

/// A signed assessment as stored, with the fingerprint of the key that signed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedAssessment {
    pub id: i64,
    pub assessment: Assessment,
    pub key_fingerprint: String,
}

/// The engine's three sub-scores of a run, as saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngineScores {
    pub etiquette: u32,
    pub procedure: u32,
    pub record: u32,
}

impl EngineScores {
    pub fn of(score: &Score) -> EngineScores {
        EngineScores {
            etiquette: score.etiquette,
            procedure: score.procedure,
            record: score.record,
        }
    }

    fn of_area(self, area: Area) -> u32 {
        match area {
            Area::Etiquette => self.etiquette,
            Area::Procedure => self.procedure,
            Area::Record => self.record,
        }
    }
}

/// A dimension where the mentor and the engine differ by more than [`DISAGREEMENT_POINTS`]:
/// where the rule set needs work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub sign_off: i64,
    pub supervisor: String,
    pub dimension: Area,
    pub engine: u32,
    pub mentor: u32,
}

/// The dimensions of one sign-off that differ from the engine's by more than
/// [`DISAGREEMENT_POINTS`], in the order etiquette, procedure, record.
pub fn disagreements_between(engine: EngineScores, signed: &SignedAssessment) -> Vec<Disagreement> {
    Area::ALL
        .iter()
        .filter_map(|&dimension| {
            let (engine, mentor) = (
                engine.of_area(dimension),
                signed.assessment.mark(dimension).score,
            );
            (engine.abs_diff(mentor) > DISAGREEMENT_POINTS).then(|| Disagreement {
                sign_off: signed.id,
                supervisor: signed.assessment.supervisor.clone(),
                dimension,
                engine,
                mentor,
            })
        })
        .collect()
}

/// Why a sign-off was refused; each says what to do.
#[derive(Debug)]
pub enum SignError {
    /// No supervisor account has this name: a trainee cannot sign.
    NoAccount(String),
    /// The passphrase is not this supervisor's; the attempt is logged.
    WrongPassphrase(String),
    /// The passphrase is right but the account's sealed key does not open or is not its
    /// public key's pair: the account's row was changed.
    KeyDoesNotOpen(String),
    /// A score (etiquette, procedure, record, owner feedback) outside 0-100.
    OutOfRange {
        what: &'static str,
        value: u32,
    },
    NoSuchRun(i64),
    /// The run has no seal, or no longer matches it: it was put in or changed behind the
    /// app's back, and is not signed.
    RunNotSealed(i64),
    Store(StoreError),
}

impl std::fmt::Display for SignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignError::NoAccount(name) => write!(
                f,
                "`{name}` has no supervisor account, so cannot sign: only a supervisor signs a \
                 run off (an account is made with `complaint-drill supervisor add NAME`)"
            ),
            SignError::WrongPassphrase(name) => write!(
                f,
                "that is not {name}'s passphrase: nothing was signed, and the attempt is logged"
            ),
            SignError::KeyDoesNotOpen(name) => write!(
                f,
                "{name}'s signing key does not open with the right passphrase: the account was \
                 changed in the store file; nothing was signed: tell the training office, and \
                 run `complaint-drill results verify --keys FILE`"
            ),
            SignError::OutOfRange { what, value } => {
                write!(f, "the {what} score {value} is out of range: give 0-100")
            }
            SignError::NoSuchRun(run) => write!(f, "there is no run #{run}"),
            SignError::RunNotSealed(run) => write!(
                f,
                "run #{run} does not match its seal (it was changed or put in the store file \
                 behind the app's back), so it is not signed: run `complaint-drill results verify`"
            ),
            SignError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for SignError {}

/// The bytes a sign-off's signature covers: the whole assessment, the run's seal and the
/// chain's head when it was signed.
fn signed_message(assessment: &Assessment, run_hash: &[u8; 32], chain_head: &[u8; 32]) -> Vec<u8> {
    let mut message = Canonical::new("complaint-drill sign-off v1");
    message.integer(assessment.run).text(&assessment.supervisor);
    for mark in [
        &assessment.etiquette,
        &assessment.procedure,
        &assessment.record,
    ] {
        message.integer(mark.score.into()).text(&mark.reason);
    }
    message
        .integer(assessment.owner_feedback.into())
        .text(assessment.verdict.as_str())
        .text(&assessment.signed_at)
        .integer(assessment.comments.len() as i64);
    for comment in &assessment.comments {
        message.integer(comment.step as i64).text(&comment.comment);
    }
    message.bytes(run_hash).bytes(chain_head);
    message.into_bytes()
}

fn check_ranges(assessment: &Assessment) -> Result<(), SignError> {
    let scores = [
        ("etiquette", assessment.etiquette.score),
        ("procedure", assessment.procedure.score),
        ("record", assessment.record.score),
        ("owner feedback", assessment.owner_feedback),
    ];
    match scores.into_iter().find(|(_, score)| *score > 100) {
        Some((what, value)) => Err(SignError::OutOfRange { what, value }),
        None => Ok(()),
    }
}

impl ResultsStore {
    /// Signs a mentor's assessment off as `assessment.supervisor`, who must have an account
    /// and give its passphrase; returns the sign-off's id. A refusal (no account, wrong
    /// passphrase, a run that does not match its seal) signs nothing; every attempt is
    /// logged.
    pub fn sign_off(&self, assessment: &Assessment, passphrase: &str) -> Result<i64, SignError> {
        check_ranges(assessment)?;
        let name = assessment.supervisor.as_str();
        let run = Some(assessment.run);
        let account = self.account(name).map_err(SignError::Store)?;
        let Some(account) = account else {
            self.log_attempt(name, run, SignOutcome::NoAccount)?;
            return Err(SignError::NoAccount(name.to_owned()));
        };
        let key = match account.unseal(passphrase) {
            Ok(key) => key,
            Err(refusal) => {
                let outcome = match refusal {
                    SignError::WrongPassphrase(_) => SignOutcome::WrongPassphrase,
                    _ => SignOutcome::Refused,
                };
                self.log_attempt(name, run, outcome)?;
                return Err(refusal);
            }
        };
        match self.sign_with(&key, assessment) {
            Ok(id) => Ok(id),
            Err(refusal) => {
                self.log_attempt(name, run, SignOutcome::Refused)?;
                Err(refusal)
            }
        }
    }

    fn sign_with(&self, key: &SigningKey, assessment: &Assessment) -> Result<i64, SignError> {
        let connection = self.connection();
        let run_hash = self.current_seal(assessment.run)?;
        let stored = seal::in_transaction(connection, || {
            let chain_head = seal::chain_head(connection)?;
            let signature = key.sign(&signed_message(assessment, &run_hash, &chain_head));
            let public_key = key.verifying_key().to_bytes();
            let id = insert_assessment(
                connection,
                assessment,
                &run_hash,
                &chain_head,
                &fingerprint(&public_key),
                &signature.to_bytes(),
            )?;
            accounts::insert_attempt(
                connection,
                &assessment.supervisor,
                Some(assessment.run),
                SignOutcome::Signed,
            )?;
            Ok(id)
        });
        stored.map_err(|e| SignError::Store(self.failed(e)))
    }

    /// The seal of a run that matches its content now; a run without one is not signed.
    fn current_seal(&self, run: i64) -> Result<[u8; 32], SignError> {
        let connection = self.connection();
        let store_error = |e| SignError::Store(self.failed(e));
        let stored = seal::stored_seal(connection, run).map_err(store_error)?;
        let recomputed = match &stored {
            Some(stored) => {
                seal::run_seal(connection, run, &stored.previous).map_err(store_error)?
            }
            None => seal::run_seal(connection, run, &seal::GENESIS).map_err(store_error)?,
        };
        match (stored, recomputed) {
            (_, None) => Err(SignError::NoSuchRun(run)),
            (Some(stored), Some(hash)) if stored.hash == hash => Ok(hash),
            _ => Err(SignError::RunNotSealed(run)),
        }
    }

    fn log_attempt(
        &self,
        name: &str,
        run: Option<i64>,
        outcome: SignOutcome,
    ) -> Result<(), SignError> {
        accounts::insert_attempt(self.connection(), name, run, outcome)
            .map_err(|e| SignError::Store(self.failed(e)))
    }

    /// A run's signed assessments, oldest first.
    pub fn assessments(&self, run: i64) -> Result<Vec<SignedAssessment>, StoreError> {
        let signed =
            verify::read_sign_offs(self.connection(), Some(run)).map_err(|e| self.failed(e))?;
        Ok(signed.into_iter().map(|stored| stored.signed).collect())
    }

    /// Where a run's sign-offs differ from the engine's score by more than
    /// [`DISAGREEMENT_POINTS`] on a dimension, oldest sign-off first.
    pub fn disagreements(&self, run: i64) -> Result<Vec<Disagreement>, StoreError> {
        let Some(engine) = self.engine_scores(run)? else {
            return Ok(Vec::new());
        };
        let signed = self.assessments(run)?;
        Ok(signed
            .iter()
            .flat_map(|s| disagreements_between(engine, s))
            .collect())
    }

    /// The engine's sub-scores of a run as saved; `None` if there is no such run.
    pub fn engine_scores(&self, run: i64) -> Result<Option<EngineScores>, StoreError> {
        self.connection()
            .query_row(
                "SELECT etiquette, procedure, record FROM runs WHERE id = ?1",
                params![run],
                |row| {
                    Ok(EngineScores {
                        etiquette: row.get(0)?,
                        procedure: row.get(1)?,
                        record: row.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.failed(e))
    }
}

fn insert_assessment(
    connection: &rusqlite::Connection,
    assessment: &Assessment,
    run_hash: &[u8; 32],
    chain_head: &[u8; 32],
    key_fingerprint: &str,
    signature: &[u8; 64],
) -> rusqlite::Result<i64> {
    let Assessment {
        run,
        supervisor,
        etiquette,
        procedure,
        record,
        owner_feedback,
        comments,
        verdict,
        signed_at,
    } = assessment;
    connection.execute(
        "INSERT INTO assessments (run_id, supervisor, etiquette, etiquette_reason, procedure,
             procedure_reason, record, record_reason, owner_feedback, verdict, signed_at,
             run_hash, chain_head, signer_fingerprint, signature)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            run,
            supervisor,
            etiquette.score,
            etiquette.reason,
            procedure.score,
            procedure.reason,
            record.score,
            record.reason,
            owner_feedback,
            verdict.as_str(),
            signed_at,
            &run_hash[..],
            &chain_head[..],
            key_fingerprint,
            &signature[..],
        ],
    )?;
    let id = connection.last_insert_rowid();
    let mut statement = connection.prepare(
        "INSERT INTO assessment_comments (assessment_id, position, step, comment)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, comment) in comments.iter().enumerate() {
        statement.execute(params![
            id,
            position as i64,
            comment.step as i64,
            comment.comment
        ])?;
    }
    Ok(id)
}

/// Reads the assessment columns of an `assessments` row starting at column `first`, in the
/// order of [`verify::ASSESSMENT_COLUMNS`].
fn assessment_from_row(
    row: &rusqlite::Row,
    first: usize,
    comments: Vec<StepComment>,
) -> rusqlite::Result<Assessment> {
    let mark = |score: usize| -> rusqlite::Result<Mark> {
        Ok(Mark {
            score: row.get(first + score)?,
            reason: row.get(first + score + 1)?,
        })
    };
    let verdict_text: String = row.get(first + 9)?;
    let verdict = Verdict::parse(&verdict_text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            first + 9,
            rusqlite::types::Type::Text,
            format!("`{verdict_text}` is not a verdict (pass or redo)").into(),
        )
    })?;
    Ok(Assessment {
        run: row.get(first)?,
        supervisor: row.get(first + 1)?,
        etiquette: mark(2)?,
        procedure: mark(4)?,
        record: mark(6)?,
        owner_feedback: row.get(first + 8)?,
        comments,
        verdict,
        signed_at: row.get(first + 10)?,
    })
}
