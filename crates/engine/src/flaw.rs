//! What structural checks find wrong with a scenario or rule set, and where in the file it is,
//! said as the RON names it (a field and its value). The engine reads no files: the library
//! turns a [`Place`] into a file, line and column.

/// How bad a flaw is: an error refuses the file, a warning only fails `validate --strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Warning,
    Error,
}

/// Where a flaw stands in the file that was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The start of the file.
    Top,
    /// The first occurrence of a bare word, such as a field name (`difficulty`).
    Word(String),
    /// The first quoted `"literal"`.
    Literal(String),
    /// `field: "literal"` (also inside a list after `field:`); else the literal anywhere.
    Field {
        field: &'static str,
        literal: String,
    },
    /// The last `field: "literal"` of a chain, each searched after the one before: a node,
    /// then its option, then the option's `next`.
    Path(Vec<(&'static str, String)>),
    /// The first `field:` (a number, say) after the chain `within` (empty: from the top),
    /// e.g. the `minutes:` of option `listen` of node `greet`.
    Number {
        within: Vec<(&'static str, String)>,
        field: &'static str,
    },
}

/// One thing wrong, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flaw {
    pub level: Level,
    pub message: String,
    /// What to do about it.
    pub help: String,
    pub place: Place,
}

impl Flaw {
    pub fn error(place: Place, message: impl Into<String>, help: impl Into<String>) -> Flaw {
        Flaw {
            level: Level::Error,
            message: message.into(),
            help: help.into(),
            place,
        }
    }

    pub fn warning(place: Place, message: impl Into<String>, help: impl Into<String>) -> Flaw {
        Flaw {
            level: Level::Warning,
            ..Flaw::error(place, message, help)
        }
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

impl Place {
    pub fn field(field: &'static str, literal: &str) -> Place {
        Place::Field {
            field,
            literal: literal.to_owned(),
        }
    }

    pub fn word(word: &str) -> Place {
        Place::Word(word.to_owned())
    }

    pub fn literal(literal: &str) -> Place {
        Place::Literal(literal.to_owned())
    }

    pub fn number(within: &[(&'static str, &str)], field: &'static str) -> Place {
        Place::Number {
            within: owned_steps(within),
            field,
        }
    }

    pub fn path(steps: &[(&'static str, &str)]) -> Place {
        Place::Path(owned_steps(steps))
    }
}

fn owned_steps(steps: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    steps
        .iter()
        .map(|(field, literal)| (*field, (*literal).to_owned()))
        .collect()
}
