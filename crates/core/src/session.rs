//! The session engine: a pure state machine, `apply(action) -> events`.
//!
//! Deterministic: the only randomness is the variant drawn from the recorded seed.

use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::model::{Department, Level, RecordField, Step, Temperament};
use crate::record::{Record, format_datetime};
use crate::rules::RuleSet;
use crate::scenario::Scenario;
use crate::text::{Lang, Text, fill_placeholders};

/// What a trainee can do: answer the owner, or take a standing action at any point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Pick the option with this id at the current node.
    Choose(String),
    /// Type or pick a value in a record form field.
    Fill(RecordField, String),
    /// Hand the filled record form to the supervisor (W-3).
    SubmitRecord,
    /// Issue a work notice to a department (W-4).
    WorkNotice(Department),
    /// Escalate one rung up the ladder (W-7).
    Escalate(Level),
    /// Promise the owner a completion or reply within this many hours (P-07).
    PromiseHours(u32),
    /// Check progress with the department until the work is done (P-09, W-6).
    FollowUp,
    /// Phone the owner this many hours after completion for their view (P-11, W-8).
    CallBack(u32),
    /// Close the case with a summary (P-12, W-9).
    Close,
}

impl Action {
    /// The procedure step a standing action performs; a choice's step is the option's.
    pub fn standing_step(&self) -> Option<Step> {
        match self {
            Action::Choose(_) | Action::Fill(..) | Action::Escalate(_) => None,
            Action::SubmitRecord => Some(Step::Record),
            Action::WorkNotice(_) => Some(Step::Dispatch),
            Action::PromiseHours(_) => Some(Step::Propose),
            Action::FollowUp => Some(Step::FollowUp),
            Action::CallBack(_) => Some(Step::Callback),
            Action::Close => Some(Step::Summarise),
        }
    }

    /// Simulated minutes the action takes (follow-up and callback also wait, see `apply`).
    fn minutes(&self) -> u32 {
        match self {
            Action::Choose(_) | Action::Fill(..) => 0,
            Action::SubmitRecord | Action::WorkNotice(_) | Action::PromiseHours(_) => 1,
            Action::Escalate(_) => 5,
            Action::FollowUp | Action::CallBack(_) | Action::Close => 2,
        }
    }
}

/// What happened in response to an action, for the views to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Event {
    /// The owner says the line of this node.
    OwnerSpoke {
        node: usize,
    },
    /// The trainee picked this option; its feedback may be shown (practice mode).
    Chose {
        node: usize,
        option: usize,
    },
    MoodChanged {
        from: i32,
        to: i32,
    },
    FactRevealed(RecordField),
    FieldFilled(RecordField),
    RecordSubmitted,
    WorkNoticeIssued {
        department: Department,
        number: String,
    },
    Escalated(Level),
    TimePromised {
        hours: u32,
    },
    /// Following up found the work done at this minute.
    WorkCompleted {
        minute: u32,
    },
    /// The trainee phoned the owner back; the callback node, if any, follows.
    CalledBack {
        hours: u32,
    },
    /// The emergency time limit ran out before anyone was dispatched.
    DeadlinePassed,
    ConversationEnded,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("the case is closed; no further action is possible")]
    Closed,
    #[error("the conversation is over; use the standing actions")]
    ConversationOver,
    #[error("there is no option `{0}` here")]
    NoSuchOption(String),
}

/// One action of the run and the simulated minute it was taken at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub minute: u32,
    pub action: Action,
}

/// The values the seed drew for this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// For each scenario variable, the index of the value drawn.
    pub picks: Vec<usize>,
    pub temperament: Temperament,
}

impl Variant {
    pub fn draw(scenario: &Scenario, seed: u64) -> Variant {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let picks = scenario
            .raw
            .variables
            .iter()
            .map(|variable| rng.random_range(0..variable.zh.len().max(1)))
            .collect();
        let temperaments = &scenario.raw.persona.temperaments;
        // Validation guarantees at least one temperament.
        let temperament = temperaments[rng.random_range(0..temperaments.len())];
        Variant { picks, temperament }
    }
}

/// A run of one scenario by one trainee.
#[derive(Debug, Clone)]
pub struct Session {
    scenario: Arc<Scenario>,
    rules: Arc<RuleSet>,
    seed: u64,
    variant: Variant,
    node: Option<usize>,
    clock: u32,
    mood: i32,
    revealed: u32,
    record: Record,
    entries: Vec<Entry>,
    history: Vec<Event>,
    /// `(step index, mood after it)`, starting with the opening mood at index 0.
    moods: Vec<(usize, i32)>,
    /// First transcript index at which each step was performed.
    steps_done: Vec<(Step, usize)>,
    choices: Vec<(usize, usize, usize)>,
    notices: Vec<(usize, Department)>,
    escalations: Vec<(usize, Level)>,
    promises: Vec<(usize, u32)>,
    callbacks: Vec<(usize, u32)>,
    dispatched_at: Option<u32>,
    deadline_passed: bool,
    closed: bool,
}

impl Session {
    pub fn new(scenario: Arc<Scenario>, rules: Arc<RuleSet>, seed: u64) -> Session {
        let variant = Variant::draw(&scenario, seed);
        let profile = rules.mood_profile(variant.temperament);
        let mood = (scenario.raw.persona.start_mood + profile.start_offset).clamp(0, 100);
        let mut session = Session {
            node: Some(scenario.start),
            scenario,
            rules,
            seed,
            variant,
            clock: 0,
            mood,
            revealed: 0,
            record: Record::default(),
            entries: Vec::new(),
            history: Vec::new(),
            moods: vec![(0, mood)],
            steps_done: Vec::new(),
            choices: Vec::new(),
            notices: Vec::new(),
            escalations: Vec::new(),
            promises: Vec::new(),
            callbacks: Vec::new(),
            dispatched_at: None,
            deadline_passed: false,
            closed: false,
        };
        let channel = session.scenario.raw.channel;
        session.record.set(RecordField::Channel, channel.name());
        session.record.set(
            RecordField::ReceivedAt,
            format_datetime(session.scenario.start_minute),
        );
        let mut opening = Vec::new();
        session.arrive(session.scenario.start, &mut opening);
        session.history = opening;
        session
    }

    /// Replays a list of actions from a fresh session; stops at the first invalid one.
    pub fn replay(
        scenario: Arc<Scenario>,
        rules: Arc<RuleSet>,
        seed: u64,
        actions: impl IntoIterator<Item = Action>,
    ) -> Result<Session, (usize, SessionError)> {
        let mut session = Session::new(scenario, rules, seed);
        for (index, action) in actions.into_iter().enumerate() {
            session
                .record_action(action)
                .map_err(|error| (index, error))?;
        }
        Ok(session)
    }

    /// Applies one action and returns what happened.
    pub fn apply(&mut self, action: Action) -> Result<Vec<Event>, SessionError> {
        let first = self.record_action(action)?;
        Ok(self.history[first..].to_vec())
    }

    /// Applies one action, adding its events to the history; returns where they start there.
    /// (Replaying needs no copy of the events: re-scoring many runs stays cheap.)
    fn record_action(&mut self, action: Action) -> Result<usize, SessionError> {
        if self.closed {
            return Err(SessionError::Closed);
        }
        let index = self.entries.len();
        let first_event = self.history.len();
        let mut events = std::mem::take(&mut self.history);
        let result = self.act(&action, index, &mut events);
        self.history = events;
        let minutes = match result {
            Ok(minutes) => minutes,
            Err(error) => {
                self.history.truncate(first_event);
                return Err(error);
            }
        };
        self.entries.push(Entry {
            minute: self.clock,
            action,
        });
        self.clock += minutes;
        if let Some(deadline) = self.deadline()
            && self.dispatched_at.is_none()
            && self.clock > deadline
            && !self.deadline_passed
        {
            self.deadline_passed = true;
            self.history.push(Event::DeadlinePassed);
        }
        Ok(first_event)
    }

    /// Carries out an action: its events go to `events`; returns the minutes it takes.
    fn act(
        &mut self,
        action: &Action,
        index: usize,
        events: &mut Vec<Event>,
    ) -> Result<u32, SessionError> {
        let scenario = Arc::clone(&self.scenario);
        let mut option_steps: &[Step] = &[];
        let mut minutes = action.minutes();
        match action {
            Action::Choose(option_id) => {
                let node = self.node.ok_or(SessionError::ConversationOver)?;
                let position = scenario
                    .node(node)
                    .options
                    .iter()
                    .position(|option| &option.id == option_id)
                    .ok_or_else(|| SessionError::NoSuchOption(option_id.clone()))?;
                let option = &scenario.node(node).options[position];
                option_steps = &option.steps;
                minutes = option.minutes;
                self.choices.push((index, node, position));
                events.push(Event::Chose {
                    node,
                    option: position,
                });
                self.change_mood(option.mood, index, events);
                for field in &option.reveals {
                    self.reveal(*field, events);
                }
                self.arrive(scenario.target(node, position), events);
            }
            Action::Fill(field, value) => {
                self.record.set(*field, value.clone());
                events.push(Event::FieldFilled(*field));
            }
            Action::SubmitRecord => events.push(Event::RecordSubmitted),
            Action::WorkNotice(department) => {
                let number = format!("WN-{:04}-{}", self.seed % 10_000, self.notices.len() + 1);
                self.notices.push((index, *department));
                self.dispatched_at.get_or_insert(self.clock);
                self.record.set(RecordField::Department, department.name());
                self.record.set(RecordField::NoticeNumber, number.clone());
                events.push(Event::WorkNoticeIssued {
                    department: *department,
                    number,
                });
            }
            Action::Escalate(level) => {
                self.escalations.push((index, *level));
                events.push(Event::Escalated(*level));
            }
            Action::PromiseHours(hours) => {
                self.promises.push((index, *hours));
                let due =
                    self.scenario.start_minute + i64::from(self.clock) + i64::from(*hours) * 60;
                self.record
                    .set(RecordField::AgreedCompletion, format_datetime(due));
                events.push(Event::TimePromised { hours: *hours });
            }
            Action::FollowUp => {
                if let Some(done) = self.completed_at() {
                    minutes += done.saturating_sub(self.clock);
                    events.push(Event::WorkCompleted { minute: done });
                }
            }
            Action::CallBack(hours) => {
                let base = self.completed_at().unwrap_or(self.clock).max(self.clock);
                minutes += base - self.clock + hours * 60;
                self.callbacks.push((index, *hours));
                let at = self.scenario.start_minute + i64::from(self.clock + minutes);
                self.record
                    .set(RecordField::CallbackAt, format_datetime(at));
                events.push(Event::CalledBack { hours: *hours });
                if let Some(node) = self.scenario.callback {
                    self.arrive(node, events);
                }
            }
            Action::Close => {
                self.closed = true;
                events.push(Event::Closed);
            }
        }
        for &step in action.standing_step().iter().chain(option_steps) {
            if !self.steps_done.iter().any(|(done, _)| *done == step) {
                self.steps_done.push((step, index));
            }
        }
        Ok(minutes)
    }

    fn arrive(&mut self, node: usize, events: &mut Vec<Event>) {
        events.push(Event::OwnerSpoke { node });
        let scenario = Arc::clone(&self.scenario);
        for field in &scenario.node(node).reveals {
            self.reveal(*field, events);
        }
        if scenario.node(node).end {
            self.node = None;
            events.push(Event::ConversationEnded);
        } else {
            self.node = Some(node);
        }
    }

    fn reveal(&mut self, field: RecordField, events: &mut Vec<Event>) {
        let bit = 1u32 << (field as u32);
        if self.revealed & bit == 0 {
            self.revealed |= bit;
            events.push(Event::FactRevealed(field));
        }
    }

    fn change_mood(&mut self, delta: i32, index: usize, events: &mut Vec<Event>) {
        if delta == 0 {
            return;
        }
        let profile = self.rules.mood_profile(self.variant.temperament);
        let percent = if delta > 0 {
            profile.calming_percent
        } else {
            profile.upsetting_percent
        };
        let from = self.mood;
        self.mood = (from + delta * percent / 100).clamp(0, 100);
        self.moods.push((index, self.mood));
        if self.mood != from {
            events.push(Event::MoodChanged {
                from,
                to: self.mood,
            });
        }
    }

    /// When the dispatched work is done: dispatch time plus the department's repair time.
    pub fn completed_at(&self) -> Option<u32> {
        self.dispatched_at
            .map(|at| at + self.scenario.raw.resolution.repair_hours * 60)
    }

    /// The simulated minute by which the emergency team must be on site, if this is an emergency.
    pub fn deadline(&self) -> Option<u32> {
        self.scenario
            .raw
            .resolution
            .emergency
            .then(|| self.rules.limits().emergency_on_site_minutes)
    }

    /// Minutes left before the emergency deadline, while it is running.
    pub fn deadline_remaining(&self) -> Option<i64> {
        let deadline = self.deadline()?;
        self.dispatched_at
            .is_none()
            .then(|| i64::from(deadline) - i64::from(self.clock))
    }

    /// Renders scenario text with this run's variant values.
    pub fn render(&self, text: &Text, lang: Lang) -> String {
        self.fill(text.get(lang), lang)
    }

    /// Fills `{variable}` placeholders in one string with this run's values.
    pub fn fill(&self, template: &str, lang: Lang) -> String {
        let variables = &self.scenario.raw.variables;
        fill_placeholders(template, |name| {
            let position = variables.iter().position(|v| v.name == name)?;
            let variable = &variables[position];
            let pick = self.variant.picks[position];
            let zh = variable.zh.get(pick).map(String::as_str);
            match lang {
                Lang::Zh => zh,
                Lang::En => variable.en.get(pick).map(String::as_str).or(zh),
            }
        })
    }

    /// The expert path with this run's variant values filled in.
    pub fn expert_actions(&self) -> Vec<Action> {
        self.scenario
            .raw
            .expert_path
            .iter()
            .map(|action| match action {
                Action::Fill(field, value) => Action::Fill(*field, self.fill(value, Lang::Zh)),
                other => other.clone(),
            })
            .collect()
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    pub fn rules(&self) -> &Arc<RuleSet> {
        &self.rules
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn variant(&self) -> &Variant {
        &self.variant
    }

    /// The node waiting for the trainee's answer; `None` once the conversation is over.
    pub fn current_node(&self) -> Option<usize> {
        self.node
    }

    /// Simulated minutes since the complaint came in.
    pub fn clock(&self) -> u32 {
        self.clock
    }

    /// The simulated wall-clock time, `YYYY-MM-DD HH:MM`.
    pub fn clock_time(&self) -> String {
        format_datetime(self.scenario.start_minute + i64::from(self.clock))
    }

    pub fn mood(&self) -> i32 {
        self.mood
    }

    /// The owner's mood after each step, from the opening mood on.
    pub fn mood_history(&self) -> &[(usize, i32)] {
        &self.moods
    }

    pub fn is_revealed(&self, field: RecordField) -> bool {
        self.revealed & (1u32 << (field as u32)) != 0
    }

    pub fn record(&self) -> &Record {
        &self.record
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Every event since the session began, the opening line first.
    pub fn history(&self) -> &[Event] {
        &self.history
    }

    pub fn is_closed(&self) -> bool {
        self.closed
    }

    pub(crate) fn steps_done(&self) -> &[(Step, usize)] {
        &self.steps_done
    }

    pub(crate) fn choices(&self) -> &[(usize, usize, usize)] {
        &self.choices
    }

    pub(crate) fn notices(&self) -> &[(usize, Department)] {
        &self.notices
    }

    pub(crate) fn escalations(&self) -> &[(usize, Level)] {
        &self.escalations
    }

    pub(crate) fn promises(&self) -> &[(usize, u32)] {
        &self.promises
    }

    pub(crate) fn callbacks(&self) -> &[(usize, u32)] {
        &self.callbacks
    }

    pub(crate) fn dispatched_at(&self) -> Option<u32> {
        self.dispatched_at
    }

    /// The transcript index of the record form's submission, if it was submitted.
    pub fn record_step(&self) -> Option<usize> {
        self.steps_done
            .iter()
            .find(|(step, _)| *step == Step::Record)
            .map(|(_, index)| *index)
    }

    /// The saved form of this run.
    pub fn transcript(&self, trainee: &str) -> crate::transcript::Transcript {
        crate::transcript::Transcript {
            scenario: self.scenario.id().to_owned(),
            scenario_version: self.scenario.raw.version,
            rules: self.rules.id().to_owned(),
            seed: self.seed,
            trainee: trainee.to_owned(),
            entries: self.entries.clone(),
        }
    }
}
