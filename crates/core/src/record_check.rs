//! Checking a real filled record form against a rule set, as a production complaint
//! system would: required fields, valid values and the time limits.

use crate::model::{Category, Channel, Department, Nature, RecordField, Urgency};
use crate::record::{Record, is_valid_phone, parse_datetime};
use crate::rules::{FieldCheck, RuleSet};
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
    let mut cite = |rule_id: &str, kind: FindingKind| {
        if let Some(rule) = rules.rule(rule_id) {
            findings.push(Finding {
                rule: rule_id.to_owned(),
                severity: rule.severity,
                area: rule.area,
                step: None,
                points: rule.penalty,
                kind,
            });
        }
    };
    for field_rule in &rules.raw().record_fields {
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
    if let (Some(done), Some(callback)) = (
        time(RecordField::AgreedCompletion),
        time(RecordField::CallbackAt),
    ) {
        let hours = (callback - done).max(0) / 60;
        if hours > i64::from(limits.callback_within_hours) {
            cite(
                &limits.callback_rule,
                FindingKind::LateCallback {
                    hours: hours as u32,
                    limit: limits.callback_within_hours,
                },
            );
        }
    }
    let is_emergency =
        record.get(RecordField::Urgency).and_then(Urgency::parse) == Some(Urgency::Emergency);
    if is_emergency
        && let (Some(received), Some(on_site)) =
            (time(RecordField::ReceivedAt), time(RecordField::OnSiteAt))
    {
        let minutes = (on_site - received).max(0);
        if minutes > i64::from(limits.emergency_on_site_minutes) {
            cite(
                &limits.emergency_rule,
                FindingKind::LateEmergency {
                    minutes: minutes as u32,
                    limit: limits.emergency_on_site_minutes,
                },
            );
        }
    }
    findings
}
