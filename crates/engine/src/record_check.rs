//! Checking a real filled record form against a rule set, as a production complaint
//! system would: required fields, valid values, the time limits and the order of times.

use crate::model::RecordField::{AgreedCompletion, CallbackAt, OnSiteAt, ReceivedAt};
use crate::model::{Category, Channel, Department, Nature, RecordField, Urgency};
use crate::record::{Record, is_valid_phone, parse_datetime};
use crate::rules::{FieldCheck, Limits, RuleSet};
use crate::scoring::{Finding, FindingKind};

fn is_valid_choice(field: RecordField, value: &str) -> bool {
    match field {
        RecordField::Channel => Channel::parse(value).is_some(),
        RecordField::Category => Category::parse(value).is_some(),
        RecordField::Nature => Nature::parse(value).is_some(),
        RecordField::Urgency => Urgency::parse(value).is_some(),
        RecordField::Department => Department::parse(value).is_some(),
        _ => true,
    }
}

/// Every finding on a filled record form; an empty list means it passes.
pub fn check_record(record: &Record, rules: &RuleSet) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut cite = |rule: &str, kind: FindingKind| {
        findings.extend(Finding::citing(rules, rule, None, None, kind));
    };
    for field_rule in rules.record_fields() {
        let field = field_rule.field;
        let Some(value) = record.get(field) else {
            if field_rule.required {
                cite(&field_rule.rule, FindingKind::FieldMissing(field));
            }
            continue;
        };
        let valid = match field_rule.check {
            FieldCheck::Phone => is_valid_phone(value),
            FieldCheck::DateTime => parse_datetime(value).is_some(),
            FieldCheck::Choice => is_valid_choice(field, value),
            FieldCheck::Unit => !crate::record::unit_key(value).is_empty(),
            FieldCheck::Name | FieldCheck::Keywords | FieldCheck::Present => true,
        };
        if !valid {
            cite(
                &field_rule.rule,
                FindingKind::FieldInvalid {
                    field,
                    given: value.to_owned(),
                },
            );
        }
    }
    let time = |field| record.get(field).and_then(parse_datetime);
    let limits = rules.limits();
    check_callback(time(AgreedCompletion), time(CallbackAt), limits, &mut cite);
    let is_emergency =
        record.get(RecordField::Urgency).and_then(Urgency::parse) == Some(Urgency::Emergency);
    if is_emergency {
        check_emergency(time(ReceivedAt), time(OnSiteAt), limits, &mut cite);
    }
    findings
}

/// P-11: the callback after completion, within the limit.
fn check_callback(
    done: Option<i64>,
    callback: Option<i64>,
    limits: &Limits,
    cite: &mut impl FnMut(&str, FindingKind),
) {
    let (Some(done), Some(callback)) = (done, callback) else {
        return;
    };
    if callback < done {
        let kind = FindingKind::TimesOutOfOrder {
            earlier: AgreedCompletion,
            later: CallbackAt,
        };
        return cite(&limits.callback_rule, kind);
    }
    let hours = saturating_u32((callback - done) / 60);
    if hours > limits.callback_within_hours {
        let limit = limits.callback_within_hours;
        cite(
            &limits.callback_rule,
            FindingKind::LateCallback { hours, limit },
        );
    }
}

/// H-5: someone on site within the limit of an emergency call, and the time written down.
fn check_emergency(
    received: Option<i64>,
    on_site: Option<i64>,
    limits: &Limits,
    cite: &mut impl FnMut(&str, FindingKind),
) {
    let rule = &limits.emergency_rule;
    let Some(on_site) = on_site else {
        return cite(rule, FindingKind::FieldMissing(OnSiteAt));
    };
    let Some(received) = received else {
        return;
    };
    if on_site < received {
        let kind = FindingKind::TimesOutOfOrder {
            earlier: ReceivedAt,
            later: OnSiteAt,
        };
        return cite(rule, kind);
    }
    let minutes = saturating_u32(on_site - received);
    let limit = limits.emergency_on_site_minutes;
    if minutes > limit {
        cite(rule, FindingKind::LateEmergency { minutes, limit });
    }
}

fn saturating_u32(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}
