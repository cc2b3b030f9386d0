//! The vocabulary of complaint handling (DOMAIN.md §1-§7) as closed types.
//!
//! Every enum has a stable `key()` used for its translated label in `locales/`.

use serde::{Deserialize, Serialize};

macro_rules! keyed_enum {
    ($(#[$meta:meta])* $name:ident, $prefix:literal { $($(#[$vmeta:meta])* $variant:ident => $key:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The i18n key of this value's label.
            pub fn key(self) -> &'static str {
                match self {
                    $($name::$variant => concat!($prefix, ".", $key)),+
                }
            }

            /// The RON spelling, e.g. `WalkIn`.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => stringify!($variant)),+
                }
            }

            /// Parses the RON spelling or a translated label in either language.
            pub fn parse(value: &str) -> Option<$name> {
                let value = value.trim();
                Self::ALL.iter().copied().find(|item| {
                    item.name().eq_ignore_ascii_case(value)
                        || crate::i18n::LANGS
                            .iter()
                            .any(|lang| crate::i18n::label(item.key(), *lang).eq_ignore_ascii_case(value))
                })
            }
        }
    };
}

keyed_enum!(
    /// How the complaint reached the office (DOMAIN §1).
    Channel, "channel" {
        /// CH-W: letter, fax, e-mail, media.
        Written => "written",
        /// CH-T: telephone or hotline.
        Phone => "phone",
        /// CH-F: face to face at the management office.
        WalkIn => "walk_in",
    }
);

keyed_enum!(
    /// Classification by content (DOMAIN §2).
    Category, "category" {
        ServiceQuality => "service_quality",
        Fees => "fees",
        EnvironmentOrder => "environment_order",
        Facilities => "facilities",
        Emergency => "emergency",
    }
);

keyed_enum!(
    /// The three kinds of communication complaint (DOMAIN §2).
    CommunicationKind, "communication" {
        HelpSeeking => "help_seeking",
        Consultation => "consultation",
        Venting => "venting",
    }
);

keyed_enum!(
    /// How urgent the handling is; the record form's urgency field.
    Urgency, "urgency" {
        Low => "low",
        Normal => "normal",
        Urgent => "urgent",
        Emergency => "emergency",
    }
);

keyed_enum!(
    /// Departments a work notice can go to.
    Department, "department" {
        Engineering => "engineering",
        Security => "security",
        Environment => "environment",
        CustomerService => "customer_service",
        Finance => "finance",
        EmergencyTeam => "emergency_team",
    }
);

keyed_enum!(
    /// The escalation ladder of W-7.
    Level, "level" {
        Supervisor => "supervisor",
        CustomerServiceDept => "customer_service_dept",
        Manager => "manager",
    }
);

keyed_enum!(
    /// The steps of the procedure (DOMAIN §3-§4); `Explain` is tracked so that
    /// "no explaining before the owner has finished" can be checked.
    Step, "step" {
        Listen => "listen",
        Apologise => "apologise",
        Clarify => "clarify",
        Explain => "explain",
        Record => "record",
        Propose => "propose",
        Dispatch => "dispatch",
        FollowUp => "follow_up",
        Callback => "callback",
        Summarise => "summarise",
    }
);

keyed_enum!(
    /// What a time promise to the owner is for (P-07: a time promise must be kept).
    PromiseKind, "promise" {
        /// The work is done by then: the record's agreed completion time.
        Completion => "completion",
        /// Someone comes to look by then: the record's agreed start time.
        Visit => "visit",
        /// The owner hears back by then (a call back).
        Reply => "reply",
        /// A written answer by then (H-2); in the trainer it reaches the owner with a call back.
        WrittenAnswer => "written_answer",
    }
);

keyed_enum!(
    /// An owner's temperament; the rule set says how each one moves the mood.
    Temperament, "temperament" {
        Calm => "calm",
        Anxious => "anxious",
        Irritable => "irritable",
        Aggressive => "aggressive",
    }
);

keyed_enum!(
    /// Which sub-score a rule's findings count against.
    Area, "area" {
        Etiquette => "etiquette",
        Procedure => "procedure",
        Record => "record",
    }
);

keyed_enum!(
    Severity, "severity" {
        Minor => "minor",
        Major => "major",
        /// Caps the overall score (e.g. revealing a complainant, E-09).
        Critical => "critical",
    }
);

keyed_enum!(
    /// The fields of the complaint handling record form (《投诉处理记录表》, DOMAIN §7).
    RecordField, "field" {
        ComplainantName => "complainant_name",
        Unit => "unit",
        Phone => "phone",
        Channel => "channel",
        ReceivedAt => "received_at",
        Receiver => "receiver",
        Place => "place",
        Content => "content",
        Category => "category",
        Nature => "nature",
        Urgency => "urgency",
        Department => "department",
        NoticeNumber => "notice_number",
        AgreedStart => "agreed_start",
        AgreedCompletion => "agreed_completion",
        OnSiteAt => "on_site_at",
        HandlingResult => "handling_result",
        CallbackAt => "callback_at",
        OwnerView => "owner_view",
        SupervisorSignature => "supervisor_signature",
        Filed => "filed",
    }
);

/// Nature of a complaint (DOMAIN §2): effective, or one of the communication kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Nature {
    Effective,
    Communication(CommunicationKind),
}

impl Nature {
    pub const ALL: [Nature; 4] = [
        Nature::Effective,
        Nature::Communication(CommunicationKind::HelpSeeking),
        Nature::Communication(CommunicationKind::Consultation),
        Nature::Communication(CommunicationKind::Venting),
    ];

    pub fn key(self) -> &'static str {
        match self {
            Nature::Effective => "nature.effective",
            Nature::Communication(kind) => kind.key(),
        }
    }

    /// Parses `Effective`, a communication kind's RON name, or a translated label.
    pub fn parse(value: &str) -> Option<Nature> {
        let value = value.trim();
        if value.eq_ignore_ascii_case("Effective")
            || crate::i18n::LANGS
                .iter()
                .any(|lang| crate::i18n::label("nature.effective", *lang) == value)
        {
            return Some(Nature::Effective);
        }
        let inner = value
            .strip_prefix("Communication(")
            .and_then(|rest| rest.strip_suffix(')'))
            .unwrap_or(value);
        CommunicationKind::parse(inner).map(Nature::Communication)
    }
}

impl RecordField {
    /// The fields whose value is one of a closed list, picked rather than typed.
    pub fn is_choice(self) -> bool {
        matches!(
            self,
            RecordField::Channel
                | RecordField::Category
                | RecordField::Nature
                | RecordField::Urgency
                | RecordField::Department
        )
    }

    /// The labels a picker for this field offers, as i18n keys and RON names.
    pub fn choices(self) -> Vec<(&'static str, String)> {
        fn of<T: Copy>(
            items: &[T],
            key: fn(T) -> &'static str,
            name: fn(T) -> String,
        ) -> Vec<(&'static str, String)> {
            items.iter().map(|item| (key(*item), name(*item))).collect()
        }
        match self {
            RecordField::Channel => of(Channel::ALL, Channel::key, |c| c.name().to_owned()),
            RecordField::Category => of(Category::ALL, Category::key, |c| c.name().to_owned()),
            RecordField::Urgency => of(Urgency::ALL, Urgency::key, |c| c.name().to_owned()),
            RecordField::Department => {
                of(Department::ALL, Department::key, |c| c.name().to_owned())
            }
            RecordField::Nature => of(&Nature::ALL, Nature::key, |n| match n {
                Nature::Effective => "Effective".to_owned(),
                Nature::Communication(kind) => format!("Communication({})", kind.name()),
            }),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{LANGS, label};

    #[test]
    fn every_vocabulary_label_exists_in_both_languages() {
        let keys = Channel::ALL
            .iter()
            .map(|c| c.key())
            .chain(Department::ALL.iter().map(|d| d.key()))
            .chain(RecordField::ALL.iter().map(|f| f.key()));
        for key in keys {
            for lang in LANGS {
                let text = label(key, lang);
                assert_ne!(text, key, "no {lang:?} label for {key}");
            }
        }
    }

    #[test]
    fn parses_a_translated_label_back_to_its_value() {
        assert_eq!(Department::parse("工程部"), Some(Department::Engineering));
        assert_eq!(
            Department::parse("engineering"),
            Some(Department::Engineering)
        );
    }
}
