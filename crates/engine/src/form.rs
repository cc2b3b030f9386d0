//! The production record form (《投诉处理记录表》) of a trainer run: every field of the rule
//! set's `record_fields`, the ones the trainee wrote and the ones the workflow fills, so that
//! the trainer's form is the form `rules check` reads ([`crate::record_check`]).
//!
//! It reads a session and adds nothing to it: the trainee's own fields come from the run's
//! record, the workflow's from what the run did (the channel, the clock, the work notices,
//! the promises, the callback, the submission to the supervisor, the closing).

use crate::model::{PromiseKind, RecordField};
use crate::record::Record;
use crate::rules::FilledBy;
use crate::session::{Event, Session};
use crate::text::Lang;

/// One field of the production form as it stands in a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormLine {
    pub field: RecordField,
    /// Who writes it in the trainer.
    pub filled_by: FilledBy,
    /// Must be filled on a finished record (the rule set's `required`).
    pub required: bool,
    /// Whether the trainee can write it now: their own fields always, the ones after the
    /// callback once the owner has been called back, the workflow's never.
    pub open: bool,
    /// The value so far; `None` while blank.
    pub value: Option<String>,
}

/// Every field of the rule set's form, in form order, with its value so far in this run:
/// the trainee's from the run's record, the workflow's from what the run did. `receiver` is
/// whoever plays (the receiver, P-06); the supervisor's signature and the filing are written
/// in `lang`.
pub fn production_form(session: &Session, receiver: &str, lang: Lang) -> Vec<FormLine> {
    let called_back = has_called_back(session);
    session
        .rules()
        .record_fields()
        .iter()
        .map(|field_rule| {
            let field = field_rule.field;
            let filled_by = field_rule.filled_by();
            let written = || session.record().get(field).map(str::to_owned);
            let value = match filled_by {
                FilledBy::Workflow => {
                    workflow_value(session, field, receiver, lang).or_else(written)
                }
                FilledBy::Trainee | FilledBy::AfterCallback => written(),
            };
            FormLine {
                field,
                filled_by,
                required: field_rule.required,
                open: match filled_by {
                    FilledBy::Trainee => true,
                    FilledBy::AfterCallback => called_back,
                    FilledBy::Workflow => false,
                },
                value,
            }
        })
        .collect()
}

/// The run's production record, as `rules check` reads it: [`production_form`]'s values.
pub fn production_record(session: &Session, receiver: &str, lang: Lang) -> Record {
    let mut record = Record::default();
    for line in production_form(session, receiver, lang) {
        if let Some(value) = line.value {
            record.set(line.field, value);
        }
    }
    record
}

/// Whether the trainee has phoned the owner back (W-8): the fields after the callback open.
pub fn has_called_back(session: &Session) -> bool {
    !session.callbacks().is_empty()
}

/// What the workflow has written in `field` so far; `None` for a field it does not fill or
/// has not filled yet.
fn workflow_value(
    session: &Session,
    field: RecordField,
    receiver: &str,
    lang: Lang,
) -> Option<String> {
    let time = |minute: u32| Some(session.time_at(minute));
    match field {
        RecordField::Channel => Some(session.scenario().channel().name().to_owned()),
        RecordField::ReceivedAt => time(0),
        RecordField::Receiver => Some(receiver.trim().to_owned()).filter(|r| !r.is_empty()),
        RecordField::Department => session
            .notices()
            .first()
            .map(|notice| notice.what.name().to_owned()),
        RecordField::NoticeNumber => notice_numbers(session),
        RecordField::AgreedStart => promised(session, PromiseKind::Visit).and_then(time),
        RecordField::AgreedCompletion => promised(session, PromiseKind::Completion).and_then(time),
        RecordField::OnSiteAt => on_site_at(session).and_then(time),
        RecordField::CallbackAt => session
            .callbacks()
            .last()
            .and_then(|call| time(call.what.minute)),
        RecordField::SupervisorSignature => {
            let signed = session.entries()[session.record_step()?].minute;
            Some(stamped(SIGNED, lang, session.time_at(signed)))
        }
        RecordField::Filed => {
            let closing = session.entries().last().filter(|_| session.is_closed())?;
            Some(stamped(FILED, lang, session.time_at(closing.minute)))
        }
        _ => None,
    }
}

/// The numbers of the run's work notices, in the order they were issued.
fn notice_numbers(session: &Session) -> Option<String> {
    let numbers: Vec<&str> = session
        .history()
        .iter()
        .filter_map(|event| match event {
            Event::WorkNoticeIssued { number, .. } => Some(number.as_str()),
            _ => None,
        })
        .collect();
    (!numbers.is_empty()).then(|| numbers.join(", "))
}

/// The minute the last promise of `kind` falls due (a completion: the agreed completion; a
/// visit: the agreed start).
fn promised(session: &Session, kind: PromiseKind) -> Option<u32> {
    let promises = session.promises().iter().rev();
    promises
        .map(|promise| promise.what)
        .find(|promise| promise.kind == kind)
        .map(|promise| promise.due)
}

/// When help was on site: the engine counts the emergency team as on site when it is sent
/// (the H-5 limit is scored so); other cases have no on-site time to write.
fn on_site_at(session: &Session) -> Option<u32> {
    let emergency = session.scenario().resolution().emergency;
    session.dispatched_at().filter(|_| emergency)
}

/// The supervisor signs the form when it is handed over (W-3); the fee clerk files it at
/// closing (W-9). Each in both languages, stamped with the time.
const SIGNED: [&str; 2] = ["主任签阅", "Signed by the supervisor"];
const FILED: [&str; 2] = ["收费文员已归档", "Filed by the fee clerk"];

fn stamped(words: [&str; 2], lang: Lang, time: String) -> String {
    let words = match lang {
        Lang::Zh => words[0],
        Lang::En => words[1],
    };
    format!("{words} {time}")
}
