//! Group c scenarios: rude-guard-email, shared-electricity-fee-query, late-night-noise, drain-repair-callback.

use drill_library::fixtures::*;

use drill_engine::{Action, Department, Level};

/// The expert path with `from` moved to just before `before` (both matched by equality).
fn expert_moving(id: &str, seed: u64, from: &Action, before: &Action) -> Vec<Action> {
    let mut actions: Vec<Action> = expert_actions(id, seed)
        .into_iter()
        .filter(|a| a != from)
        .collect();
    let at = actions
        .iter()
        .position(|a| a == before)
        .expect("anchor action is on the expert path");
    actions.insert(at, from.clone());
    actions
}

mod rude_guard_email {
    use super::*;

    const ID: &str = "rude-guard-email";

    #[test]
    fn expert_path_scores_100_with_no_findings() {
        assert_expert_is_perfect(ID);
    }

    #[test]
    fn newcomer_who_shields_the_guard_skips_reading_and_the_apology_call() {
        let actions = expert_with(
            ID,
            0,
            &[
                ("read-and-call", choose("forward-to-security")),
                ("acknowledge-apologise", choose("guard-says")),
                ("ask-what-is-missing", choose("describe-the-guard")),
                ("plan-call", choose("not-my-department")),
            ],
        );
        let (_, score) = play(ID, 0, actions);
        // Without the acknowledgement call the owner never hears company and name (E-06) nor an
        // apology (P-04).
        assert_eq!(
            rule_ids(&score),
            [
                "E-04", "E-06", "E-11", "E-11", "E-11", "E-12", "P-04", "W-1", "W-2", "W-3", "W-6"
            ]
        );
        assert!(!score.critical);
        assert_eq!(score.etiquette, 0);
    }

    #[test]
    fn template_reply_and_buying_peace_with_promises_is_critical_and_misses_the_supervisor() {
        let actions: Vec<Action> = expert_with(
            ID,
            1,
            &[
                ("read-and-call", choose("template-reply")),
                ("acknowledge-apologise", choose("chase-apologise")),
                ("plan-call", choose("already-fired")),
                ("note-and-confirm", choose("today-at-your-door")),
                ("record-her-view", choose("all-sorted")),
            ],
        )
        .into_iter()
        .filter(|a| !matches!(a, Action::Escalate(_)))
        .collect();
        let (_, score) = play(ID, 1, actions);
        assert_eq!(
            rule_ids(&score),
            ["E-13", "E-13", "H-2", "P-07", "W-1", "W-2", "W-9"]
        );
        assert!(score.critical);
        assert!(score.overall <= 40);
    }

    #[test]
    fn forgetting_to_escalate_to_the_supervisor_breaks_h2() {
        let (_, score) = play(
            ID,
            2,
            expert_without(ID, 2, |a| matches!(a, Action::Escalate(_))),
        );
        assert_eq!(rule_ids(&score), ["H-2"]);
        assert_eq!(score.procedure, 100 - 35);
    }

    #[test]
    fn going_straight_to_the_manager_skips_a_rung_of_the_ladder() {
        let actions = expert_actions(ID, 0)
            .into_iter()
            .map(|a| match a {
                Action::Escalate(_) => Action::Escalate(Level::Manager),
                other => other,
            })
            .collect();
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["W-7"]);
    }

    #[test]
    fn issuing_the_notice_before_the_record_and_promising_one_day_break_w4_and_p7() {
        let notice = Action::WorkNotice(Department::Security);
        let actions = expert_moving(ID, 0, &notice, &Action::SubmitRecord)
            .into_iter()
            .map(|a| match a {
                Action::PromiseHours(_) => Action::PromiseHours(24),
                other => other,
            })
            .collect();
        let (_, score) = play(ID, 0, actions);
        // The order (W-4, 5) and the broken promise (P-07, 42).
        assert_eq!(rule_ids(&score), ["P-07", "W-4"]);
        assert_eq!(score.procedure, 100 - 5 - 42);
    }

    #[test]
    fn calling_back_a_week_after_the_reply_is_too_late() {
        let actions = expert_actions(ID, 3)
            .into_iter()
            .map(|a| match a {
                Action::CallBack(_) => Action::CallBack(168),
                other => other,
            })
            .collect();
        let (_, score) = play(ID, 3, actions);
        assert_eq!(rule_ids(&score), ["P-11"]);
    }
}

mod shared_electricity_fee_query {
    use super::*;

    const ID: &str = "shared-electricity-fee-query";

    #[test]
    fn expert_path_scores_100_with_no_findings() {
        assert_expert_is_perfect(ID);
    }

    #[test]
    fn helpful_guesser_who_explains_on_guesses_before_listening_breaks_t1_and_never_answers_p7() {
        let actions = expert_with(
            ID,
            0,
            &[
                ("answer-and-listen", choose("price-rise")),
                ("check-details", choose("meter-guess")),
                ("explain-with-facts", choose("no-mistake")),
            ],
        );
        // meter-guess leads to the owner's push-back, where the trainee finally looks it up.
        let mut actions = actions;
        let at = actions
            .iter()
            .position(|a| *a == choose("meter-guess"))
            .unwrap();
        actions.insert(at + 1, choose("look-it-up"));
        let (_, score) = play(ID, 0, actions);
        // The first guess, before listening and before checking, is one T-1 (10); the second
        // guess is another (10). "No mistake" is no answer (P-07, 42) and no proposal is ever
        // made (P-07 missing, 10). Without the proposal the case is not carried through: 40 of
        // the 55 resolving steps owed (dispatch and follow-up waived) undone, 73 %, so etiquette
        // and record each lose 80 % of that (P-09, once per sub-score).
        assert_eq!(
            rule_ids(&score),
            ["P-07", "P-07", "P-09", "P-09", "T-1", "T-1"]
        );
        assert_eq!(score.procedure, 100 - 10 - 10 - 42 - 10);
        assert_eq!(score.etiquette, 42);
        assert_eq!(score.record, 42);
    }

    #[test]
    fn pass_the_parcel_never_listens_or_apologises() {
        let mut actions = expert_with(
            ID,
            1,
            &[
                ("answer-and-listen", choose("call-finance")),
                ("note-and-apologise", choose("paid-in-full")),
                ("check-details", choose("come-to-desk")),
            ],
        );
        let at = actions
            .iter()
            .position(|a| *a == choose("come-to-desk"))
            .unwrap();
        actions.insert(at + 1, choose("look-it-up"));
        let (_, score) = play(ID, 1, actions);
        // Never apologising, the owed empathy is never shown (P-04).
        assert_eq!(
            rule_ids(&score),
            ["E-04", "E-11", "E-11", "E-12", "P-04", "P-08", "T-1", "T-2"]
        );
        assert!(!score.critical);
    }

    #[test]
    fn knocking_the_catch_up_off_the_bill_is_a_critical_e13() {
        let (_, score) = play(
            ID,
            2,
            expert_with(ID, 2, &[("explain-with-facts", choose("take-it-off"))]),
        );
        assert_eq!(rule_ids(&score), ["E-13"]);
        assert!(score.critical);
        // E-13's ceiling is 36: 89.50 × 36 ÷ 100 = 32.22.
        assert_eq!(score.cap, Some(36));
        assert_eq!(score.overall, 32);
    }

    #[test]
    fn sending_finance_a_notice_for_a_question_already_answered_is_the_wrong_department() {
        let mut actions = expert_actions(ID, 0);
        let at = actions
            .iter()
            .position(|a| *a == choose("explain-with-facts"))
            .unwrap();
        actions.insert(at + 1, Action::WorkNotice(Department::Finance));
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["P-08"]);
    }

    #[test]
    fn skipping_the_callback_and_brushing_off_the_suggestion_break_w8_and_e11() {
        let actions: Vec<Action> =
            expert_with(ID, 3, &[("pass-on-suggestion", choose("cant-control"))])
                .into_iter()
                .filter(|a| !matches!(a, Action::CallBack(_)) && *a != choose("check-understood"))
                .collect();
        let (_, score) = play(ID, 3, actions);
        // Without the callback 15 of the 55 resolving steps owed are undone: etiquette and
        // record each lose 80 % of that share (P-09, once per sub-score).
        assert_eq!(rule_ids(&score), ["E-11", "P-09", "P-09", "W-8"]);
    }

    #[test]
    fn recording_a_guessed_phone_number_is_a_record_finding() {
        let actions = expert_actions(ID, 0)
            .into_iter()
            .map(|a| match a {
                Action::Fill(drill_engine::RecordField::Phone, _) => {
                    Action::Fill(drill_engine::RecordField::Phone, "13800000000".into())
                }
                other => other,
            })
            .collect();
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["P-06"]);
        assert!(score.record < 100);
    }
}

mod late_night_noise {
    use super::*;

    const ID: &str = "late-night-noise";

    #[test]
    fn expert_path_scores_100_with_no_findings() {
        assert_expert_is_perfect(ID);
    }

    #[test]
    fn after_hours_brush_off_breaks_e11_three_times_and_skips_listening_and_the_plan() {
        let actions = expert_with(
            ID,
            0,
            &[
                ("night-desk-greeting", choose("emergencies-only")),
                ("empathise", choose("be-tolerant")),
                ("patrol-and-callback", choose("tomorrow-daytime")),
            ],
        );
        let (_, score) = play(ID, 0, actions);
        // No greeting with company and name (E-06), no apology after hearing him (P-04); without
        // a proposal 40 of the 100 resolving steps are undone (P-09, once per sub-score).
        assert_eq!(
            rule_ids(&score),
            [
                "E-05", "E-06", "E-11", "E-11", "E-11", "P-04", "P-07", "P-09", "P-09", "T-1",
                "T-2"
            ]
        );
        assert_eq!(score.etiquette, 0);
        assert!(!score.critical);
    }

    #[test]
    fn helpful_but_leaky_newcomer_names_the_caller_and_never_calls_back() {
        let actions: Vec<Action> = expert_with(
            ID,
            1,
            &[
                ("night-desk-greeting", choose("renovating")),
                ("keep-confidential", choose("name-the-caller")),
            ],
        )
        .into_iter()
        .filter(|a| !matches!(a, Action::CallBack(_)) && *a != choose("close-the-loop"))
        .collect();
        let (_, score) = play(ID, 1, actions);
        // Guessing at once is one T-1 and skips the greeting with company and name (E-06); without
        // the callback 15 of the 100 resolving steps are undone (P-09, once per sub-score).
        assert_eq!(
            rule_ids(&score),
            ["E-06", "E-09", "P-09", "P-09", "T-1", "W-8"]
        );
        assert!(score.critical);
        // E-09's ceiling is 38: 69.80 × 38 ÷ 100 = 26.52.
        assert_eq!(score.cap, Some(38));
        assert_eq!(score.overall, 27);
        assert_eq!(
            score.findings[0].rule, "E-09",
            "critical findings come first"
        );
    }

    #[test]
    fn saying_the_neighbour_downstairs_complained_still_reveals_the_caller() {
        let (_, score) = play(
            ID,
            2,
            expert_with(
                ID,
                2,
                &[("keep-confidential", choose("downstairs-complained"))],
            ),
        );
        assert_eq!(rule_ids(&score), ["E-09"]);
        assert!(score.critical);
    }

    #[test]
    fn gossiping_about_the_upstairs_family_takes_a_side_and_leaks_other_complaints() {
        let (_, score) = play(
            ID,
            0,
            expert_with(ID, 0, &[("confirm-details", choose("that-family-again"))]),
        );
        assert_eq!(rule_ids(&score), ["E-09", "E-10"]);
        assert_eq!(score.etiquette, 100 - 40 - 30);
    }

    #[test]
    fn sending_engineering_instead_of_the_patrol_is_the_wrong_department() {
        let actions = expert_actions(ID, 4)
            .into_iter()
            .map(|a| match a {
                Action::WorkNotice(_) => Action::WorkNotice(Department::Engineering),
                other => other,
            })
            .collect();
        let (_, score) = play(ID, 4, actions);
        assert_eq!(rule_ids(&score), ["P-08", "P-08"]);
    }

    #[test]
    fn radioing_the_patrol_before_telling_the_owner_the_plan_breaks_the_order() {
        let notice = Action::WorkNotice(Department::Security);
        let actions = expert_moving(ID, 0, &notice, &choose("keep-confidential"));
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["P-07"]);
        assert_eq!(score.procedure, 95);
    }
}

mod drain_repair_callback {
    use super::*;

    const ID: &str = "drain-repair-callback";

    #[test]
    fn expert_path_scores_100_with_no_findings() {
        assert_expert_is_perfect(ID);
    }

    #[test]
    fn ticking_the_box_closes_the_ticket_contradicts_the_owner_and_records_only_satisfied() {
        let actions = expert_with(
            ID,
            0,
            &[
                ("satisfaction-call", choose("closing-the-ticket")),
                ("note-and-apologise", choose("work-order-says")),
                ("check-and-reopen", choose("when-they-have-time")),
                ("record-faithfully", choose("just-satisfied")),
            ],
        );
        let (_, score) = play(ID, 0, actions);
        // Closing the ticket is no greeting with company and name (E-06).
        assert_eq!(
            rule_ids(&score),
            [
                "E-04", "E-06", "E-11", "E-12", "P-05", "P-07", "P-07", "T-1", "W-8", "W-9"
            ]
        );
        assert!(!score.critical);
    }

    #[test]
    fn blaming_the_neighbours_and_naming_the_renovating_family_is_critical() {
        let actions = expert_with(
            ID,
            1,
            &[
                ("satisfaction-call", choose("is-this-the-flat")),
                ("note-and-apologise", choose("heavy-rain")),
                ("apologise-for-remark", choose("he-has-a-point")),
                ("check-and-reopen", choose("personal-guarantee")),
                ("cause-and-prevention", choose("name-the-renovator")),
            ],
        );
        let (_, score) = play(ID, 1, actions);
        // Blaming the rain before hearing her out (T-1) and never listening (T-1); no apology, so
        // the owed empathy is never shown (P-04).
        assert_eq!(
            rule_ids(&score),
            [
                "E-06", "E-09", "E-12", "E-13", "P-04", "P-05", "P-07", "T-1", "T-1", "T-2"
            ]
        );
        assert!(score.critical);
        // E-13's ceiling of 36, lowered 10 for E-09: 32.80 × 26 ÷ 100 = 8.53.
        assert_eq!(score.cap, Some(26));
        assert_eq!(score.overall, 9);
    }

    #[test]
    fn forgetting_the_cleaning_team_leaves_the_sludge_and_breaks_p8() {
        let (_, score) = play(
            ID,
            2,
            expert_without(ID, 2, |a| *a == Action::WorkNotice(Department::Environment)),
        );
        assert_eq!(rule_ids(&score), ["P-08"]);
    }

    #[test]
    fn second_callback_three_days_after_the_redo_is_later_than_48_hours() {
        let actions = expert_actions(ID, 0)
            .into_iter()
            .map(|a| match a {
                Action::CallBack(_) => Action::CallBack(72),
                other => other,
            })
            .collect();
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["P-11"]);
        // P-11's 33, plus 5 for the day past the 48 hours.
        assert_eq!(score.procedure, 100 - 33 - 5);
    }

    #[test]
    fn promising_the_redo_within_two_hours_cannot_be_kept() {
        let actions = expert_actions(ID, 3)
            .into_iter()
            .map(|a| match a {
                Action::PromiseHours(_) => Action::PromiseHours(2),
                other => other,
            })
            .collect();
        let (_, score) = play(ID, 3, actions);
        assert_eq!(rule_ids(&score), ["P-07"]);
    }

    #[test]
    fn not_reporting_the_repeat_failure_to_the_supervisor_breaks_h2() {
        let (_, score) = play(
            ID,
            4,
            expert_without(ID, 4, |a| matches!(a, Action::Escalate(Level::Supervisor))),
        );
        assert_eq!(rule_ids(&score), ["H-2"]);
    }

    #[test]
    fn closing_without_the_second_callback_misses_w8_and_the_owners_view() {
        let actions: Vec<Action> = expert_actions(ID, 0)
            .into_iter()
            .filter(|a| !matches!(a, Action::CallBack(_)) && *a != choose("record-faithfully"))
            .collect();
        let (session, score) = play(ID, 0, actions);
        assert!(session.is_closed());
        // Without the callback 15 of the 100 resolving steps are undone: etiquette and record
        // each lose 80 % of that share, 12 (P-09, once per sub-score).
        // The owner's view on the form was never given (W-9, lesson 7's fact, #14): its
        // share of the form on top, record 82.
        assert_eq!(rule_ids(&score), ["P-09", "P-09", "W-8", "W-9"]);
        assert_eq!((score.etiquette, score.record), (88, 82));
    }
}
