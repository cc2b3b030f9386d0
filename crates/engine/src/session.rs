//! The session engine: a pure state machine, `apply(action) -> events`.
//!
//! Deterministic: the only randomness is the variant drawn from the recorded seed.

use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::action::{Action, ActionTextError, SomethingElse};
use crate::model::{Department, Level, Nature, PromiseKind, RecordField, Step, Temperament};
use crate::ranges;
use crate::record::{Record, format_datetime};
use crate::rules::RuleSet;
use crate::scenario::{Fact, Scenario};
use crate::text::{Lang, Text, fill_placeholders};

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
    /// In a live role-play the trainee said something else: it counts as option `closest`
    /// of `node` and broke these rules.
    SaidSomethingElse {
        node: usize,
        closest: usize,
        breaks: Vec<String>,
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
        kind: PromiseKind,
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
    #[error("{hours} hours is out of range: use 0 to {max}", max = ranges::HOURS.end())]
    HoursOutOfRange { hours: u32 },
    #[error("name at least one rule that what was said broke")]
    NoRuleCited,
    #[error("the rule set has no rule `{0}`: pick one of its rules")]
    UnknownRule(String),
}

/// One action of the run and the simulated minute it was taken at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub minute: u32,
    pub action: Action,
}

/// Something done at a step of the run (the index of its entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AtStep<T> {
    pub step: usize,
    pub what: T,
}

impl<T> AtStep<T> {
    fn new(step: usize, what: T) -> AtStep<T> {
        AtStep { step, what }
    }
}

/// The option picked at a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picked {
    pub node: usize,
    pub option: usize,
}

/// A time promised to the owner and the simulated minute it falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Promise {
    pub kind: PromiseKind,
    pub hours: u32,
    pub due: u32,
}

/// A call back to the owner: hours after completion, and the simulated minute it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallBack {
    pub hours: u32,
    pub minute: u32,
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
            .variables()
            .iter()
            .map(|variable| rng.random_range(0..variable.zh.len().max(1)))
            .collect();
        let temperaments = scenario.temperaments();
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
    /// Each procedure step, at the first entry that performed it.
    steps_done: Vec<AtStep<Step>>,
    choices: Vec<AtStep<Picked>>,
    notices: Vec<AtStep<Department>>,
    escalations: Vec<AtStep<Level>>,
    promises: Vec<AtStep<Promise>>,
    callbacks: Vec<AtStep<CallBack>>,
    /// Each time an option turned the nature of the complaint (a mishandled communication
    /// complaint becomes an effective one, DOMAIN §2).
    nature_turns: Vec<AtStep<Nature>>,
    dispatched_at: Option<u32>,
    deadline_passed: bool,
    closed: bool,
}

impl Session {
    pub fn new(scenario: Arc<Scenario>, rules: Arc<RuleSet>, seed: u64) -> Session {
        let variant = Variant::draw(&scenario, seed);
        let profile = rules.mood_profile(variant.temperament);
        let mood = (scenario.start_mood() + profile.start_offset).clamp(0, 100);
        let mut session = Session {
            node: Some(scenario.start_node()),
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
            nature_turns: Vec::new(),
            dispatched_at: None,
            deadline_passed: false,
            closed: false,
        };
        let channel = session.scenario.channel();
        session.record.set(RecordField::Channel, channel.name());
        session
            .record
            .set(RecordField::ReceivedAt, session.time_at(0));
        let mut opening = Vec::new();
        session.arrive(session.scenario.start_node(), &mut opening);
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
        if let Action::PromiseHours(hours) | Action::Promise(_, hours) | Action::CallBack(hours) =
            action
            && !ranges::HOURS.contains(&hours)
        {
            return Err(SessionError::HoursOutOfRange { hours });
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
        // Saturating: the clock only ever moves forward.
        self.clock = self.clock.saturating_add(minutes);
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
        let minutes = action.minutes();
        let minutes = match action {
            Action::Choose(option_id) => return self.choose(option_id, index, events),
            Action::SomethingElse(said) => return self.say_something_else(said, index, events),
            Action::Fill(field, value) => {
                self.record.set(*field, value.clone());
                events.push(Event::FieldFilled(*field));
                minutes
            }
            Action::SubmitRecord => {
                events.push(Event::RecordSubmitted);
                minutes
            }
            Action::WorkNotice(department) => {
                self.issue_notice(*department, index, events);
                minutes
            }
            Action::Escalate(level) => {
                self.escalations.push(AtStep::new(index, *level));
                events.push(Event::Escalated(*level));
                minutes
            }
            Action::PromiseHours(hours) => {
                self.promise(PromiseKind::Completion, *hours, index, events);
                minutes
            }
            Action::Promise(kind, hours) => {
                self.promise(*kind, *hours, index, events);
                minutes
            }
            Action::FollowUp => minutes.saturating_add(self.follow_up(events)),
            Action::CallBack(hours) => self.call_back(*hours, minutes, index, events),
            Action::Close => {
                self.closed = true;
                events.push(Event::Closed);
                minutes
            }
        };
        if let Some(step) = action.standing_step() {
            self.mark_done(step, index);
        }
        Ok(minutes)
    }

    /// Answers the owner with an option of the current node; returns the minutes it takes.
    fn choose(
        &mut self,
        option_id: &str,
        index: usize,
        events: &mut Vec<Event>,
    ) -> Result<u32, SessionError> {
        let picked = self.option_here(option_id)?;
        events.push(Event::Chose {
            node: picked.node,
            option: picked.option,
        });
        Ok(self.answer(picked, index, events))
    }

    /// What the trainee said instead of an option, as the supervisor of a live role-play
    /// wrote it down: the closest option's answer, with the rules it broke (each checked
    /// against the rule set, so a typing slip is refused rather than scored as nothing).
    fn say_something_else(
        &mut self,
        said: &SomethingElse,
        index: usize,
        events: &mut Vec<Event>,
    ) -> Result<u32, SessionError> {
        if said.breaks.is_empty() {
            return Err(SessionError::NoRuleCited);
        }
        if let Some(unknown) = said.breaks.iter().find(|id| !self.rules.has_rule(id)) {
            return Err(SessionError::UnknownRule(unknown.clone()));
        }
        let picked = self.option_here(&said.closest)?;
        events.push(Event::SaidSomethingElse {
            node: picked.node,
            closest: picked.option,
            breaks: said.breaks.clone(),
        });
        Ok(self.answer(picked, index, events))
    }

    /// The option `option_id` of the node waiting for an answer.
    fn option_here(&self, option_id: &str) -> Result<Picked, SessionError> {
        let node = self.node.ok_or(SessionError::ConversationOver)?;
        let position = self
            .scenario
            .node(node)
            .options
            .iter()
            .position(|option| option.id == option_id)
            .ok_or_else(|| SessionError::NoSuchOption(option_id.to_owned()))?;
        Ok(Picked {
            node,
            option: position,
        })
    }

    /// The owner hears the answer `picked`: mood, facts, nature, the next node and the
    /// steps it performs. Returns the minutes it takes.
    fn answer(&mut self, picked: Picked, index: usize, events: &mut Vec<Event>) -> u32 {
        let scenario = Arc::clone(&self.scenario);
        let Picked {
            node,
            option: position,
        } = picked;
        let option = &scenario.node(node).options[position];
        self.choices.push(AtStep::new(index, picked));
        self.change_mood(option.mood, index, events);
        for field in &option.reveals {
            self.reveal(*field, events);
        }
        if let Some(nature) = option.turns_nature {
            self.nature_turns.push(AtStep::new(index, nature));
        }
        self.arrive(scenario.target(node, position), events);
        for &step in &option.steps {
            self.mark_done(step, index);
        }
        option.minutes
    }

    /// The first time a procedure step is done is the one the order check reads.
    fn mark_done(&mut self, step: Step, index: usize) {
        if !self.steps_done.iter().any(|done| done.what == step) {
            self.steps_done.push(AtStep::new(index, step));
        }
    }

    /// A work notice to `department`, numbered from the seed; the first one starts the work.
    fn issue_notice(&mut self, department: Department, index: usize, events: &mut Vec<Event>) {
        let number = format!("WN-{:04}-{}", self.seed % 10_000, self.notices.len() + 1);
        self.notices.push(AtStep::new(index, department));
        self.dispatched_at.get_or_insert(self.clock);
        self.record.set(RecordField::Department, department.name());
        self.record.set(RecordField::NoticeNumber, number.clone());
        events.push(Event::WorkNoticeIssued { department, number });
    }

    /// Promises `kind` within `hours`; a completion or a visit is the record's agreed
    /// completion or start time.
    fn promise(&mut self, kind: PromiseKind, hours: u32, index: usize, events: &mut Vec<Event>) {
        let due = self.clock.saturating_add(hours.saturating_mul(60));
        self.promises
            .push(AtStep::new(index, Promise { kind, hours, due }));
        let field = match kind {
            PromiseKind::Completion => Some(RecordField::AgreedCompletion),
            PromiseKind::Visit => Some(RecordField::AgreedStart),
            PromiseKind::Reply | PromiseKind::WrittenAnswer => None,
        };
        if let Some(field) = field {
            self.record.set(field, self.time_at(due));
        }
        events.push(Event::TimePromised { kind, hours });
    }

    /// Checks with the department; returns the minutes waited until the work is done.
    fn follow_up(&mut self, events: &mut Vec<Event>) -> u32 {
        let Some(done) = self.completed_at() else {
            return 0;
        };
        events.push(Event::WorkCompleted { minute: done });
        done.saturating_sub(self.clock)
    }

    /// Phones the owner `hours` after completion (or after now, if nothing was done); the
    /// callback node follows if the scenario scripts one. Returns the minutes it takes.
    fn call_back(
        &mut self,
        hours: u32,
        minutes: u32,
        index: usize,
        events: &mut Vec<Event>,
    ) -> u32 {
        let base = self.completed_at().unwrap_or(self.clock).max(self.clock);
        let minutes = minutes.saturating_add(base - self.clock + hours * 60);
        let at = self.clock.saturating_add(minutes);
        let call = CallBack { hours, minute: at };
        self.callbacks.push(AtStep::new(index, call));
        self.record.set(RecordField::CallbackAt, self.time_at(at));
        events.push(Event::CalledBack { hours });
        if let Some(node) = self.scenario.callback_node() {
            self.arrive(node, events);
        }
        minutes
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
            .map(|at| at.saturating_add(self.scenario.resolution().repair_hours * 60))
    }

    /// The simulated minute by which the emergency team must be on site, if this is an emergency.
    pub fn deadline(&self) -> Option<u32> {
        self.scenario
            .resolution()
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
        let variables = self.scenario.variables();
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

    /// The expert path with this run's variant values filled in, as written in Chinese.
    pub fn expert_actions(&self) -> Vec<Action> {
        self.expert_actions_in(Lang::Zh)
    }

    /// The expert path in `lang` (its English values, [`Scenario::expert_path_in`]) with
    /// this run's variant values in that language.
    pub fn expert_actions_in(&self, lang: Lang) -> Vec<Action> {
        self.scenario
            .expert_path_in(lang)
            .into_iter()
            .map(|action| match action {
                Action::Fill(field, value) => Action::Fill(field, self.fill(&value, lang)),
                other => other,
            })
            .collect()
    }

    /// The expert's run of this scenario in `lang`, on this run's variant (same seed).
    pub fn expert_run_in(&self, lang: Lang) -> Result<Session, (usize, SessionError)> {
        Session::replay(
            Arc::clone(&self.scenario),
            Arc::clone(&self.rules),
            self.seed,
            self.expert_actions_in(lang),
        )
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
        self.time_at(self.clock)
    }

    /// The wall-clock time, `YYYY-MM-DD HH:MM`, `minute` simulated minutes into the run.
    pub fn time_at(&self, minute: u32) -> String {
        format_datetime(self.scenario.start_minute() + i64::from(minute))
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

    /// Each procedure step the first time it was done.
    pub(crate) fn steps_done(&self) -> &[AtStep<Step>] {
        &self.steps_done
    }

    /// Whether the trainee has done `step` of the procedure yet (the practice checklist).
    pub fn has_done(&self, step: Step) -> bool {
        self.steps_done.iter().any(|done| done.what == step)
    }

    pub(crate) fn choices(&self) -> &[AtStep<Picked>] {
        &self.choices
    }

    pub(crate) fn notices(&self) -> &[AtStep<Department>] {
        &self.notices
    }

    pub(crate) fn escalations(&self) -> &[AtStep<Level>] {
        &self.escalations
    }

    pub(crate) fn promises(&self) -> &[AtStep<Promise>] {
        &self.promises
    }

    pub(crate) fn callbacks(&self) -> &[AtStep<CallBack>] {
        &self.callbacks
    }

    /// The nature of the complaint as it stood before step `step` (all steps: `None`):
    /// the scenario's, unless an option turned it.
    pub fn nature_before(&self, step: Option<usize>) -> Nature {
        self.nature_turns
            .iter()
            .take_while(|turn| step.is_none_or(|step| turn.step < step))
            .last()
            .map_or(self.scenario.nature(), |turn| turn.what)
    }

    pub(crate) fn dispatched_at(&self) -> Option<u32> {
        self.dispatched_at
    }

    /// The entry at which the record form was submitted, if it was.
    pub fn record_step(&self) -> Option<usize> {
        self.steps_done
            .iter()
            .find(|done| done.what == Step::Record)
            .map(|done| done.step)
    }

    /// What the owner has told the trainee a field holds, once they have said it: the
    /// scenario's fact with this run's values. `None` until then, or for a field the owner
    /// describes in their own words (place, content).
    pub fn owner_told(&self, field: RecordField, lang: Lang) -> Option<String> {
        match self.scenario.fact(field) {
            Some(Fact::Says(template)) if self.is_revealed(field) => {
                Some(self.fill(template, lang))
            }
            _ => None,
        }
    }

    /// The actions of this run so far.
    pub fn actions(&self) -> impl Iterator<Item = &Action> {
        self.entries.iter().map(|entry| &entry.action)
    }

    /// This run without its last choice, replayed with the same seed (practice mode's retry);
    /// a later action that no longer fits is dropped with everything after it. `None` if no
    /// choice was made or the case is closed.
    pub fn retry_last_choice(&self) -> Option<Session> {
        if self.closed {
            return None;
        }
        let last = self
            .entries
            .iter()
            .rposition(|e| matches!(e.action, Action::Choose(_)))?;
        let mut actions: Vec<Action> = self.actions().cloned().collect();
        actions.remove(last);
        let replay = |actions: &[Action]| {
            Session::replay(
                Arc::clone(&self.scenario),
                Arc::clone(&self.rules),
                self.seed,
                actions.iter().cloned(),
            )
        };
        match replay(&actions) {
            Ok(session) => Some(session),
            Err((failed, _)) => replay(&actions[..failed]).ok(),
        }
    }

    /// Whether [`Session::retry_last_choice`] has a choice to take back.
    pub fn can_retry(&self) -> bool {
        !self.closed && self.actions().any(|a| matches!(a, Action::Choose(_)))
    }

    /// The expert's run of this scenario, on this run's variant (same seed).
    pub fn expert_run(&self) -> Result<Session, (usize, SessionError)> {
        self.expert_run_in(Lang::Zh)
    }

    /// A line typed at the prompt as the action it stands for here: a number answers with
    /// that option of the current node; anything else is the [`Action`] grammar.
    pub fn parse_typed(&self, text: &str) -> Result<Action, String> {
        let text = text.trim();
        let Ok(number) = text.parse::<usize>() else {
            return text.parse().map_err(|e: ActionTextError| e.to_string());
        };
        let node = self.node.ok_or("the conversation is over: use an action")?;
        let options = &self.scenario.node(node).options;
        options
            .get(number.wrapping_sub(1))
            .map(|option| Action::Choose(option.id.clone()))
            .ok_or_else(|| format!("choose 1 to {}", options.len()))
    }

    /// How `action` is typed at the prompt here: a choice of the current node as its
    /// number, anything else in the [`Action`] grammar.
    pub fn typed(&self, action: &Action) -> String {
        let number = match (action, self.node) {
            (Action::Choose(id), Some(node)) => self
                .scenario
                .node(node)
                .options
                .iter()
                .position(|option| &option.id == id),
            _ => None,
        };
        number.map_or_else(|| action.to_string(), |n| (n + 1).to_string())
    }
}
