//! Group a scenarios: receptionist-brushoff, shouting-owner-fee-threat, dark-stairwell-hazard,
//! lift-outage-group-letter. Each wrong path is what a nervous newcomer would really do.

use drill_library::fixtures::*;

use drill_engine::{Action, Department, Level, RecordField};

fn fill(field: RecordField, value: &str) -> Action {
    Action::Fill(field, value.to_owned())
}

mod receptionist_brushoff {
    use super::*;
    const ID: &str = "receptionist-brushoff";

    #[test]
    fn expert_path_scores_100_with_no_findings() {
        assert_expert_is_perfect(ID);
    }

    #[test]
    fn the_expert_calms_the_owner_down() {
        let (session, _) = play(ID, 0, expert_actions(ID, 0));
        let opening = session.mood_history()[0].1;
        assert!(
            session.mood() > opening + 30,
            "{opening} -> {}",
            session.mood()
        );
    }

    #[test]
    fn buying_peace_with_a_free_month_is_a_critical_e13_breach() {
        let actions = expert_with(ID, 0, &[("within-authority", choose("free-month"))]);
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["E-13", "H-4"]);
        assert!(score.critical);
        assert!(score.overall <= 40);
        assert_eq!(score.etiquette, 70);
        assert_eq!(score.procedure, 85);
    }

    #[test]
    fn promising_to_have_the_receptionist_fired_is_beyond_authority() {
        let actions = expert_with(ID, 1, &[("within-authority", choose("fire-her"))]);
        let (_, score) = play(ID, 1, actions);
        assert_eq!(rule_ids(&score), ["E-13"]);
        assert!(score.critical);
    }

    #[test]
    fn defending_the_colleague_instead_of_listening_breaks_t1_t2_and_e12() {
        let actions = expert_with(ID, 0, &[("listen-apologise", choose("system-closed"))]);
        let (_, score) = play(ID, 0, actions);
        // Explaining before clarifying (T-1, one finding for the explanation), no listening (T-1),
        // no apology at all (T-2), so the empathy every caller is owed is never shown (P-04).
        assert_eq!(rule_ids(&score), ["E-12", "P-04", "T-1", "T-1", "T-2"]);
        assert_eq!(score.etiquette, 100 - 15 - 15);
        assert_eq!(score.procedure, 100 - 10 - 15 - 15);
        assert!(!score.critical);
    }

    #[test]
    fn transferring_the_caller_to_the_front_desk_supervisor_is_brushing_her_off() {
        let actions = expert_with(ID, 2, &[("greet", choose("transfer"))]);
        let (_, score) = play(ID, 2, actions);
        assert_eq!(rule_ids(&score), ["E-11", "P-08"]);
    }

    #[test]
    fn asking_only_for_the_flat_leaves_name_and_phone_unknown() {
        let actions = expert_with(ID, 0, &[("clarify", choose("flat-only"))]);
        let (_, score) = play(ID, 0, actions);
        // The newcomer still writes a name and number on the form that the owner never gave: each
        // costs its `wrong` share of the 135 blank points the case checks (name 10 -> 7, phone
        // 35 -> 26).
        assert_eq!(rule_ids(&score), ["P-05", "P-06", "P-06"]);
        assert_eq!(score.record, 100 - 7 - 26);
    }

    #[test]
    fn the_hurried_newcomer_who_interrogates_and_hangs_up_without_apology() {
        let actions = vec![
            choose("interrogate"),
            choose("listen-apologise"),
            choose("come-again"),
            choose("company-policy"),
            choose("just-bye"),
        ];
        let (_, score) = play(ID, 0, actions);
        // Interrogation (T-1, P-03) instead of the greeting with company and name (E-06), sending
        // her back (P-08, E-11), hiding behind policy (E-11), hanging up bare (T-2), and none of
        // the follow-through: record, dispatch, follow-up, callback, close; an empty form (seven
        // P-06 fields, urgency under H-6). Only the proposal of the resolving steps was made
        // (40 of 100): etiquette and record each keep only part of what is left (P-09, once per
        // sub-score).
        assert_eq!(
            rule_ids(&score),
            [
                "E-06", "E-11", "E-11", "H-6", "P-03", "P-06", "P-06", "P-06", "P-06", "P-06",
                "P-06", "P-06", "P-08", "P-08", "P-09", "P-09", "T-1", "T-2", "W-3", "W-6", "W-8",
                "W-9"
            ]
        );
        // Nothing was recorded: the form scores nothing.
        assert_eq!(score.record, 0);
    }

    #[test]
    fn calling_back_after_the_48_hour_limit_cites_p11() {
        let actions = expert_replacing(ID, 0, &Action::CallBack(15), Action::CallBack(60));
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["P-11"]);
    }
}

mod shouting_owner_fee_threat {
    use super::*;
    const ID: &str = "shouting-owner-fee-threat";

    #[test]
    fn expert_path_scores_100_with_no_findings() {
        assert_expert_is_perfect(ID);
    }

    #[test]
    fn settling_him_first_turns_a_furious_owner_into_a_satisfied_one() {
        for seed in 0..3 {
            let (session, _) = play(ID, seed, expert_actions(ID, seed));
            let opening = session.mood_history()[0].1;
            assert!(opening <= 20, "seed {seed}: opens at {opening}");
            assert!(
                session.mood() >= opening + 40,
                "seed {seed}: {opening} -> {}",
                session.mood()
            );
        }
    }

    #[test]
    fn right_but_rigid_newcomer_argues_three_times_and_never_listens_or_apologises() {
        let actions = expert_with(
            ID,
            0,
            &[
                ("greet-calmly", choose("late-fee")),
                ("listen", choose("ticket-not-ours")),
                ("empathise", choose("dont-lose-temper")),
            ],
        );
        let (session, score) = play(ID, 0, actions);
        // Arguing (E-12 ×3, E-03 ×2, E-04, E-05), explaining before the facts are clear (F-2 at
        // the first explanation, F-2 again when he is cut off about the ticket), never listening
        // (F-1) or apologising (F-2), so the owed empathy is never shown either (P-04).
        assert_eq!(
            rule_ids(&score),
            [
                "E-03", "E-03", "E-04", "E-05", "E-12", "E-12", "E-12", "F-1", "F-2", "F-2", "F-2",
                "P-04"
            ]
        );
        assert_eq!(score.etiquette, 0);
        // The venting owner is driven to boiling point: a communication complaint turns effective.
        assert!(session.mood_history().iter().any(|&(_, mood)| mood < 10));
    }

    #[test]
    fn the_cold_clerk_types_on_brushes_off_and_promises_nothing() {
        let actions = expert_with(
            ID,
            1,
            &[
                ("greet-calmly", choose("keep-typing")),
                ("listen", choose("garbage-elsewhere")),
                ("one-by-one", choose("truck-broke")),
                ("plan", choose("noted")),
            ],
        );
        let (_, score) = play(ID, 1, actions);
        // He never gave his name, flat, phone or the exact place, yet the form has them (P-06 ×4).
        // The garbage truck is blamed before the facts are clear (F-2). He is addressed as "sir"
        // while his name is unknown and as Mr Sun on the callback: the E-02 courtesy is shown.
        assert_eq!(
            rule_ids(&score),
            [
                "E-01", "E-11", "E-11", "F-1", "F-2", "P-02", "P-05", "P-06", "P-06", "P-06",
                "P-06", "P-07", "P-08"
            ]
        );
    }

    #[test]
    fn paying_his_parking_fine_to_buy_peace_is_a_critical_e13() {
        let actions = expert_with(ID, 2, &[("one-by-one", choose("pay-the-fine"))]);
        let (_, score) = play(ID, 2, actions);
        // Buying peace also skips the questions, so the form holds details he never gave. He is
        // still addressed as Mr Zhao on the callback (E-02 shown).
        assert_eq!(
            rule_ids(&score),
            ["E-13", "P-05", "P-06", "P-06", "P-06", "P-06"]
        );
        assert!(score.critical);
        // Under E-13's ceiling of 36: 63.80 × 36 ÷ 100 = 22.97.
        assert_eq!(score.cap, Some(36));
        assert_eq!(score.overall, 23);
        assert_eq!(score.findings[0].rule, "E-13");
    }

    #[test]
    fn reminding_him_to_pay_the_fee_reopens_the_wound() {
        let actions = expert_with(
            ID,
            0,
            &[
                ("plan", choose("still-pay")),
                ("report-back", choose("fee-reminder")),
            ],
        );
        let (_, score) = play(ID, 0, actions);
        // The plan is still made with the promised hour, but the owner is told twice to pay up.
        assert_eq!(rule_ids(&score), ["E-12", "E-12"]);
        assert_eq!(score.etiquette, 70);
    }

    #[test]
    fn sending_the_notice_to_security_instead_of_the_cleaners_cites_p08() {
        let actions = expert_replacing(
            ID,
            0,
            &Action::WorkNotice(Department::Environment),
            Action::WorkNotice(Department::Security),
        );
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["P-08", "P-08"]);
    }
}

mod dark_stairwell_hazard {
    use super::*;
    const ID: &str = "dark-stairwell-hazard";

    #[test]
    fn expert_path_scores_100_with_no_findings() {
        assert_expert_is_perfect(ID);
    }

    #[test]
    fn the_scenario_is_flagged_implicit() {
        assert!(scenario(ID).is_implicit());
        assert!(!scenario(ID).is_group());
    }

    #[test]
    fn just_changing_the_bulb_misses_the_hidden_hazard() {
        let actions = vec![
            choose("which-floor"),
            choose("clap-louder"),
            choose("change-bulb"),
            choose("today"),
            choose("ok-bye"),
            fill(RecordField::Content, "8栋楼道灯不亮,需换灯泡"),
            fill(RecordField::Category, "Facilities"),
            fill(RecordField::Nature, "Communication(HelpSeeking)"),
            fill(RecordField::Urgency, "Normal"),
            Action::SubmitRecord,
            Action::PromiseHours(6),
            Action::WorkNotice(Department::Engineering),
            Action::FollowUp,
            Action::CallBack(1),
            choose("good-bye"),
            Action::Close,
        ];
        let (_, score) = play(ID, 0, actions);
        // Curt, explaining on the phone and never listening (T-1 ×3, E-03, E-12), no greeting
        // with company and name (E-06), no detail asked (P-05), no apology (T-2 ×2) and so no
        // empathy shown (P-04), the exit signs never recorded and no contact details (P-06 ×5),
        // graded as a plain light (H-6), the hazard never reported to the supervisor (H-2), no
        // owner's view (W-9).
        assert_eq!(
            rule_ids(&score),
            [
                "E-03", "E-06", "E-12", "H-2", "H-6", "P-04", "P-05", "P-06", "P-06", "P-06",
                "P-06", "P-06", "T-1", "T-1", "T-1", "T-2", "T-2", "W-9"
            ]
        );
    }

    #[test]
    fn forgetting_to_report_the_hazard_to_the_supervisor_cites_h2() {
        let actions = expert_without(ID, 0, |a| matches!(a, Action::Escalate(_)));
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["H-2"]);
        assert_eq!(score.procedure, 100 - 35);
    }

    #[test]
    fn recording_only_the_corridor_light_leaves_the_content_incomplete() {
        let actions = expert_replacing(
            ID,
            1,
            &expert_actions(ID, 1)
                .into_iter()
                .find(|a| matches!(a, Action::Fill(RecordField::Content, _)))
                .unwrap(),
            fill(RecordField::Content, "14楼楼道灯一周不亮"),
        );
        let (_, score) = play(ID, 1, actions);
        assert_eq!(rule_ids(&score), ["P-06"]);
        assert!(score.record < 100);
    }

    #[test]
    fn not_our_job_newcomer_hands_out_numbers_and_pushes_the_time_onto_engineering() {
        let actions = expert_with(
            ID,
            2,
            &[
                ("greet", choose("engineering-number")),
                ("whole-stairwell", choose("fire-brigade")),
                ("today", choose("depends")),
            ],
        );
        let (_, score) = play(ID, 2, actions);
        assert_eq!(rule_ids(&score), ["E-11", "E-11", "E-11", "P-07", "P-08"]);
        assert_eq!(score.etiquette, 40);
    }

    #[test]
    fn promising_ten_minutes_breaks_p07_in_words_and_in_the_promise_made() {
        let actions = expert_replacing(ID, 0, &Action::PromiseHours(6), Action::PromiseHours(1));
        let actions: Vec<Action> = actions
            .into_iter()
            .map(|a| {
                if a == choose("today") {
                    choose("ten-minutes")
                } else {
                    a
                }
            })
            .collect();
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["P-07", "P-07"]);
    }
}

mod lift_outage_group_letter {
    use super::*;
    const ID: &str = "lift-outage-group-letter";

    fn is_escalation(action: &Action) -> bool {
        matches!(action, Action::Escalate(_))
    }

    #[test]
    fn expert_path_scores_100_with_no_findings() {
        assert_expert_is_perfect(ID);
    }

    #[test]
    fn the_scenario_is_a_group_complaint_by_letter_needing_the_manager() {
        let scenario = scenario(ID);
        assert!(scenario.is_group());
        assert_eq!(scenario.resolution().escalate_to, Some(Level::Manager));
    }

    #[test]
    fn the_expert_climbs_the_ladder_rung_by_rung() {
        let ladder: Vec<Action> = expert_actions(ID, 0)
            .into_iter()
            .filter(is_escalation)
            .collect();
        assert_eq!(
            ladder,
            [
                Action::Escalate(Level::Supervisor),
                Action::Escalate(Level::CustomerServiceDept),
                Action::Escalate(Level::Manager)
            ]
        );
    }

    #[test]
    fn sitting_on_the_letter_delays_brushes_off_and_never_escalates() {
        let actions: Vec<Action> = expert_with(
            ID,
            0,
            &[
                ("read-and-plan", choose("tray-for-tomorrow")),
                ("ack-apologise", choose("wait-for-notice")),
                ("plan-and-reply-time", choose("nothing-to-do")),
                ("escalated", choose("only-customer-service")),
            ],
        )
        .into_iter()
        .filter(|a| !is_escalation(a))
        .collect();
        let (_, score) = play(ID, 0, actions);
        // Brushing off four times (E-11), the letter never read (W-1) nor acknowledged with an
        // apology (W-2), so the call never gives company and name (E-06) nor shows empathy (P-04),
        // the obstacle not reported (W-6), no ladder (W-7) and no escalation at all (H-2).
        assert_eq!(
            rule_ids(&score),
            [
                "E-06", "E-11", "E-11", "E-11", "E-11", "H-2", "P-04", "W-1", "W-2", "W-6", "W-7"
            ]
        );
        assert_eq!(score.etiquette, 0);
    }

    #[test]
    fn promising_everything_is_a_critical_breach_and_skips_the_ladder() {
        let actions: Vec<Action> = expert_with(
            ID,
            1,
            &[
                ("read-and-plan", choose("forward-to-engineering")),
                ("ack-apologise", choose("parts-problem")),
                ("plan-and-reply-time", choose("fee-waived")),
                ("escalated", choose("manager-mobile")),
                ("company-line", choose("personally-sure")),
            ],
        )
        .into_iter()
        .filter(|a| {
            !matches!(
                a,
                Action::Escalate(Level::Supervisor | Level::CustomerServiceDept)
            )
        })
        .collect();
        let (_, score) = play(ID, 1, actions);
        // Forwarded with no form (W-3) before any record (W-4 order), never read (W-1), defended
        // instead of apologising (E-12, P-04, W-2) on a call that never gives company and name
        // (E-06), fee waived in place of the plan call (E-13, H-4, W-5) and "personally sure"
        // (E-13), the manager's mobile handed out (W-7, P-08) and the manager reached by skipping
        // rungs (W-7).
        assert_eq!(
            rule_ids(&score),
            [
                "E-06", "E-12", "E-13", "E-13", "H-4", "P-04", "P-08", "W-1", "W-2", "W-3", "W-4",
                "W-5", "W-7", "W-7"
            ]
        );
        assert!(score.critical);
        // E-13 twice is one grave error: its ceiling 36, not lowered; 30.00 × 36 ÷ 100 = 10.80.
        assert_eq!(score.cap, Some(36));
        assert_eq!(score.overall, 11);
    }

    #[test]
    fn going_straight_to_the_manager_skips_a_rung_of_w7() {
        let actions = expert_without(ID, 0, |a| {
            matches!(
                a,
                Action::Escalate(Level::Supervisor | Level::CustomerServiceDept)
            )
        });
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["W-7"]);
    }

    #[test]
    fn stopping_at_the_supervisor_leaves_the_complex_case_unescalated() {
        let actions = expert_without(ID, 2, |a| {
            matches!(
                a,
                Action::Escalate(Level::CustomerServiceDept | Level::Manager)
            )
        });
        let (_, score) = play(ID, 2, actions);
        assert_eq!(rule_ids(&score), ["H-2"]);
        assert_eq!(score.procedure, 100 - 35);
    }

    #[test]
    fn promising_the_lift_for_tomorrow_cannot_be_kept() {
        let actions = expert_with(ID, 0, &[("plan-and-reply-time", choose("tomorrow"))]);
        let actions = actions
            .into_iter()
            .map(|a| {
                if a == Action::PromiseHours(72) {
                    Action::PromiseHours(24)
                } else {
                    a
                }
            })
            .collect();
        let (_, score) = play(ID, 0, actions);
        // The words and the 24 hours promised (P-07 each), and no true plan and completion time
        // given on the plan call (W-5).
        assert_eq!(rule_ids(&score), ["P-07", "P-07", "W-5"]);
    }

    #[test]
    fn forgetting_the_carrying_help_notice_breaks_joint_handling() {
        let actions = expert_without(ID, 0, |a| {
            *a == Action::WorkNotice(Department::CustomerService)
        });
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["P-08"]);
    }

    #[test]
    fn calling_the_owner_before_the_record_and_notices_breaks_the_written_order() {
        // The plan call is made before the form is submitted and the work notices issued.
        let mut actions = expert_actions(ID, 0);
        let plan = actions
            .iter()
            .position(|a| *a == choose("plan-and-reply-time"))
            .unwrap();
        let call = actions.remove(plan);
        let record = actions
            .iter()
            .position(|a| *a == Action::SubmitRecord)
            .unwrap();
        actions.insert(record, call);
        let (_, score) = play(ID, 0, actions);
        // Proposing before dispatching (W-5, order).
        assert_eq!(rule_ids(&score), ["W-5"]);
    }

    #[test]
    fn arguing_on_the_completion_call_breaks_e12() {
        let actions = expert_with(ID, 0, &[("accept-criticism", choose("not-our-fault"))]);
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["E-12"]);
    }
}
