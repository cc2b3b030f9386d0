//! `play` in a terminal: the scenario by file or by id, the owner card, the prompt loop with
//! a one-line confirmation of every action, and saving the run to a file or the results store.

use std::io::{BufRead, Write};
use std::sync::Arc;

use drill_engine::i18n::label;
use drill_engine::{
    Action, Event, Lang, RecordField, RuleSet, Scenario, Session, Transcript, score,
};

use crate::typed::{self, display_value};
use crate::{CliResult, PlayArgs, load_rules, load_scenario, open_results, print_score, say};

/// How a run played in the terminal is filed in the results store: the terminal shows each
/// answer's feedback, as the app's practice mode does.
const MODE: &str = "practice";

/// `play`: loads the rules and the scenario, plays, then saves where asked.
pub(crate) fn play_command(
    args: &PlayArgs,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> CliResult {
    let io = |e: std::io::Error| e.to_string();
    let lang = args.lang;
    let rules = load_rules(&args.rules)?;
    let scenario = find_scenario(args, &rules)?;
    let session = play(Session::new(scenario, rules, args.seed), lang, input, out).map_err(io)?;
    let transcript = Transcript::of(&session, &args.trainee).played_in(lang);
    if let Some(path) = &args.save {
        let text = transcript.to_ron();
        drill_records::write_atomically(path, text.as_bytes())
            .map_err(|e| format!("{}: cannot save the transcript: {e}", path.display()))?;
        let saved = say("cli.saved", lang, &[("path", path.display().to_string())]);
        writeln!(out, "{saved}").map_err(io)?;
    }
    if args.save_run {
        let store = open_results(&args.store)?;
        let id = store
            .save_run(
                &transcript,
                &score(&session),
                MODE,
                &drill_records::clock::minute_now(),
            )
            .map_err(|e| e.to_string())?;
        let args = [
            ("id", id.to_string()),
            ("path", store.path().display().to_string()),
        ];
        writeln!(out, "{}", say("cli.saved_run", lang, &args)).map_err(io)?;
    }
    Ok(true)
}

/// The scenario `play` names: a file if there is one at that path (or it looks like a path),
/// else the library's scenario of that id; a wrong id is told the closest ones.
fn find_scenario(args: &PlayArgs, rules: &Arc<RuleSet>) -> Result<Arc<Scenario>, String> {
    let given = &args.scenario;
    let id = given.to_str().filter(|text| {
        let looks_like_a_path = text.ends_with(".ron") || text.contains(['/', '\\']);
        !looks_like_a_path && !given.exists()
    });
    let Some(id) = id else {
        return load_scenario(given, rules);
    };
    let library = drill_library::load(std::slice::from_ref(&args.scenarios), rules);
    if let Some(scenario) = library.scenario(id) {
        return Ok(Arc::clone(scenario));
    }
    let lang = args.lang;
    let dir = args.scenarios.display().to_string();
    let ids: Vec<&str> = library.scenarios.iter().map(|s| s.id()).collect();
    let mut message = if ids.is_empty() {
        let args = [("id", id.to_owned()), ("dir", dir.clone())];
        say("cli.error.no_scenarios", lang, &args)
    } else {
        let args = [
            ("id", id.to_owned()),
            ("dir", dir.clone()),
            ("closest", closest(id, &ids).join(", ")),
        ];
        say("cli.error.no_such_scenario", lang, &args)
    };
    if !library.broken.is_empty() {
        let args = [("count", library.broken.len().to_string()), ("dir", dir)];
        message = format!("{message}\n{}", say("cli.error.broken_files", lang, &args));
    }
    Err(message)
}

/// Up to three of `ids` near `typed`: those containing it, then those a few typos away
/// (at most a third of its letters), nearest first; if none is near, the three nearest.
fn closest<'a>(typed: &str, ids: &[&'a str]) -> Vec<&'a str> {
    let typed = typed.to_lowercase();
    let mut ranked: Vec<(bool, usize, &str)> = ids
        .iter()
        .map(|id| (!id.contains(&typed), edit_distance(&typed, id), *id))
        .collect();
    ranked.sort();
    let typos = typed.chars().count() / 3;
    let near = ranked
        .iter()
        .filter(|(contains, distance, _)| !contains || *distance <= typos)
        .count();
    let shown = if near == 0 { 3 } else { near.min(3) };
    ranked
        .into_iter()
        .take(shown)
        .map(|(_, _, id)| id)
        .collect()
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// The interactive loop: numbers answer the owner, words take standing actions.
/// Ends at `close`, `quit` or the end of input, then prints the score.
pub fn play(
    mut session: Session,
    lang: Lang,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> std::io::Result<Session> {
    let scenario = Arc::clone(session.scenario());
    writeln!(out, "== {} ==", scenario.title().get(lang))?;
    writeln!(out, "{}", session.render(scenario.briefing(), lang))?;
    owner_card(&session, lang, out)?;
    writeln!(out, "{}", say("cli.help", lang, &[]))?;
    let opening: Vec<Event> = session.history().to_vec();
    print_events(&session, &opening, lang, out)?;
    let mut line = String::new();
    while !session.is_closed() {
        print_prompt(&session, lang, out)?;
        line.clear();
        if input.read_line(&mut line)? == 0 {
            break;
        }
        match line.trim() {
            "" => {}
            "quit" | "q" | "exit" => break,
            "help" | "?" => writeln!(out, "{}", say("cli.help", lang, &[]))?,
            "record" => print_record(&session, lang, out)?,
            command => match typed::read(&session, command, lang) {
                Ok(action) => match session.apply(action.clone()) {
                    Ok(events) => {
                        if let Some(done) = confirmation(&session, &action, &events, lang) {
                            writeln!(out, "  ✓ {done}")?;
                        }
                        print_events(&session, &events, lang, out)?;
                    }
                    Err(error) => writeln!(out, "! {}", typed::session_error(&error, lang))?,
                },
                Err(message) => writeln!(out, "! {message}")?,
            },
        }
    }
    print_score(&session, &score(&session), lang, out)?;
    Ok(session)
}

/// Who is on the other side, as the app's play screen shows them: the name they are
/// addressed by, their unit once they have given it, and how they came in. The temperament
/// is the seed's secret.
fn owner_card(session: &Session, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    let scenario = session.scenario();
    let unit = session
        .owner_told(RecordField::Unit, lang)
        .unwrap_or_else(|| say("cli.unit_unknown", lang, &[]));
    writeln!(
        out,
        "{}: {} | {}: {unit} | {}: {}",
        say("cli.owner", lang, &[]),
        session.render(scenario.owner_name(), lang),
        label(RecordField::Unit.key(), lang),
        label(RecordField::Channel.key(), lang),
        label(scenario.channel().key(), lang),
    )
}

/// The record form as filled so far, choice values by their labels.
fn print_record(session: &Session, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    for (field, value) in &session.record().fields {
        let value = display_value(*field, value, lang);
        writeln!(out, "  {}: {value}", label(field.key(), lang))?;
    }
    Ok(())
}

/// One line saying what `action` did, from the events it caused; `None` for an answer to the
/// owner, which shows as the trainee's line (see [`print_events`]).
fn confirmation(
    session: &Session,
    action: &Action,
    events: &[Event],
    lang: Lang,
) -> Option<String> {
    let line = match action {
        Action::Choose(_) | Action::SomethingElse(_) => return None,
        Action::Fill(field, value) => say(
            "cli.done.filled",
            lang,
            &[
                ("field", label(field.key(), lang)),
                ("value", display_value(*field, value, lang)),
            ],
        ),
        Action::SubmitRecord => say("cli.done.submitted", lang, &[]),
        Action::WorkNotice(_) => events.iter().find_map(|event| match event {
            Event::WorkNoticeIssued { department, number } => Some(say(
                "cli.done.notice",
                lang,
                &[
                    ("number", number.clone()),
                    ("department", label(department.key(), lang)),
                ],
            )),
            _ => None,
        })?,
        Action::Escalate(level) => say(
            "cli.done.escalated",
            lang,
            &[("level", label(level.key(), lang))],
        ),
        Action::PromiseHours(hours) | Action::Promise(_, hours) => {
            let kind = match action {
                Action::Promise(kind, _) => *kind,
                _ => drill_engine::PromiseKind::Completion,
            };
            let args = [
                ("what", label(kind.key(), lang)),
                ("hours", hours.to_string()),
            ];
            say("cli.done.promised", lang, &args)
        }
        Action::FollowUp if session.completed_at().is_none() => {
            say("cli.done.followed_up_nothing", lang, &[])
        }
        Action::FollowUp => say("cli.done.followed_up", lang, &[]),
        Action::CallBack(hours) => {
            let key = match session.completed_at() {
                Some(_) => "cli.done.called_back",
                None => "cli.done.called_back_unfinished",
            };
            say(key, lang, &[("hours", hours.to_string())])
        }
        Action::Close => say("cli.done.closed", lang, &[]),
    };
    Some(line)
}

fn print_prompt(session: &Session, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "[{}] {} {}/100",
        session.clock_time(),
        say("cli.mood", lang, &[]),
        session.mood()
    )?;
    if let Some(left) = session.deadline_remaining() {
        writeln!(
            out,
            "{}",
            say("cli.deadline", lang, &[("minutes", left.to_string())])
        )?;
    }
    if let Some(node) = session.current_node() {
        for (index, option) in session.scenario().node(node).options.iter().enumerate() {
            writeln!(
                out,
                "  {}. {}",
                index + 1,
                session.render(&option.text, lang)
            )?;
        }
    }
    write!(out, "> ")?;
    out.flush()
}

/// The conversation's events: what the trainee said and how it landed, the owner's lines,
/// the unit once the owner gives it, and the clock's news.
fn print_events(
    session: &Session,
    events: &[Event],
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let scenario = session.scenario();
    let owner = session.render(scenario.owner_name(), lang);
    for event in events {
        match event {
            Event::OwnerSpoke { node } => {
                writeln!(
                    out,
                    "{owner}: {}",
                    session.render(&scenario.node(*node).owner, lang)
                )?;
            }
            Event::Chose { node, option } => {
                let choice = &scenario.node(*node).options[*option];
                let you = say("cli.you", lang, &[]);
                writeln!(out, "{you}: {}", session.render(&choice.text, lang))?;
                writeln!(out, "  ({})", session.render(&choice.feedback, lang))?;
            }
            Event::MoodChanged { from, to } => {
                writeln!(out, "  [{} {from} → {to}]", say("cli.mood", lang, &[]))?;
            }
            Event::FactRevealed(RecordField::Unit) => {
                if let Some(unit) = session.owner_told(RecordField::Unit, lang) {
                    writeln!(out, "  [{}: {unit}]", label(RecordField::Unit.key(), lang))?;
                }
            }
            Event::DeadlinePassed => {
                writeln!(out, "  [{}]", say("cli.deadline_passed", lang, &[]))?
            }
            Event::WorkCompleted { .. } => {
                writeln!(out, "  [{}]", say("cli.work_completed", lang, &[]))?
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistyped_id_is_nearest_to_the_ids_it_resembles() {
        let ids = [
            "lift-entrapment",
            "lift-outage-group-letter",
            "late-night-noise",
        ];
        assert_eq!(closest("lift-entrapmnet", &ids), ["lift-entrapment"]);
        assert_eq!(
            closest("zzz", &ids).len(),
            3,
            "none is near: the nearest are offered"
        );
        assert_eq!(
            closest("lift", &ids)[..2],
            ["lift-entrapment", "lift-outage-group-letter"]
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
