//! Scenario tests, group b: lift-entrapment, burst-pipe-compensation,
//! who-complained-about-my-dog, rooftop-extension-dispute.

use drill_library::fixtures::*;

use drill_engine::{Action, Department, Lang, Level};

/// Moves the first work notice so that it comes just before `before` (an option id).
fn dispatch_just_before(actions: Vec<Action>, before: &str) -> Vec<Action> {
    let notice = actions
        .iter()
        .find(|a| matches!(a, Action::WorkNotice(_)))
        .cloned()
        .expect("the path has a work notice");
    let mut moved: Vec<Action> = actions.into_iter().filter(|a| *a != notice).collect();
    let at = moved
        .iter()
        .position(|a| *a == choose(before))
        .expect("the option is on the path");
    moved.insert(at, notice);
    moved
}

mod lift_entrapment {
    use super::*;
    const ID: &str = "lift-entrapment";

    #[test]
    fn expert_path_scores_100_with_no_findings() {
        assert_expert_is_perfect(ID);
    }

    #[test]
    fn expert_dispatches_the_emergency_team_within_five_minutes() {
        let (session, _) = play(ID, 0, expert_actions(ID, 0));
        let notice = session
            .entries()
            .iter()
            .find(|e| matches!(e.action, Action::WorkNotice(Department::EmergencyTeam)))
            .expect("the expert issues a work notice");
        assert!(notice.minute <= 5, "dispatched at minute {}", notice.minute);
    }

    #[test]
    fn a_perfect_call_that_presses_dispatch_only_after_the_release_still_breaks_h5() {
        let actions = dispatch_just_before(expert_actions(ID, 0), "report-and-confirm");
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["H-5"]);
        assert!(score.critical);
        assert_eq!(score.procedure, 70);
        // H-5's ceiling of 38, one lower for the minute late: 89.50 × 37 ÷ 100 = 33.12.
        assert_eq!(score.cap, Some(37));
        assert_eq!(score.overall, 33);
    }

    #[test]
    fn newcomer_who_explains_the_safety_brakes_and_keeps_reassuring_before_dispatching_breaks_h5() {
        let actions = dispatch_just_before(
            expert_with(ID, 1, &[("locate", choose("explain-brakes"))]),
            "hear-her-out",
        );
        let (_, score) = play(ID, 1, actions);
        // Never asked where first (P-05), explained before listening (T-1: one finding for the
        // explanation), apologised before hearing her out (T-2), and the team was dispatched at
        // minute 6 (H-5: ceiling 38 - 1 = 37; 80.75 × 37 ÷ 100 = 29.88).
        assert_eq!(rule_ids(&score), ["H-5", "P-05", "T-1", "T-2"]);
        assert!(score.critical);
        assert_eq!(score.cap, Some(37));
        assert_eq!(score.overall, 30);
    }

    #[test]
    fn newcomer_who_logs_the_details_first_and_promises_half_an_hour_breaks_h5_and_t1() {
        let actions = expert_with(
            ID,
            2,
            &[
                ("locate", choose("take-details")),
                ("dispatch-now", choose("half-an-hour")),
            ],
        );
        let (_, score) = play(ID, 2, actions);
        // The form-first opening breaks T-1; half an hour breaks H-5; the apology only comes after the
        // proposal (P-04) and the form only after the dispatch (W-3).
        assert_eq!(rule_ids(&score), ["H-5", "P-04", "T-1", "W-3"]);
        assert!(score.critical);
    }

    #[test]
    fn after_telling_her_to_prise_the_doors_or_promising_half_an_hour_no_line_says_the_patrol_is_there()
     {
        for wrong in ["prise-doors", "half-an-hour"] {
            let (session, _) = play(ID, 0, vec![choose("locate"), choose(wrong)]);
            let node = session.scenario().node(session.current_node().unwrap());
            for option in &node.options {
                let (zh, en) = (option.text.get(Lang::Zh), option.text.get(Lang::En));
                assert!(!en.contains("patrol officer is already"), "{wrong}: {en}");
                assert!(!zh.contains("已经到6栋"), "{wrong}: {zh}");
            }
        }
        // Where help was sent at once, the progress line stays.
        let (session, _) = play(ID, 0, vec![choose("locate"), choose("dispatch-now")]);
        let node = session.scenario().node(session.current_node().unwrap());
        assert!(
            node.options
                .iter()
                .any(|o| o.text.get(Lang::En).contains("patrol officer is already"))
        );
    }

    #[test]
    fn never_dispatching_breaks_h5_and_p08() {
        let actions = expert_without(ID, 0, |a| matches!(a, Action::WorkNotice(_)));
        let (_, score) = play(ID, 0, actions);
        // No dispatch is 30 of the 100 resolving steps undone: etiquette and record each lose
        // 80 % of that share (P-09, once per sub-score).
        assert_eq!(rule_ids(&score), ["H-5", "P-08", "P-09", "P-09"]);
        assert!(score.critical);
        // Help never came: H-5's ceiling of 38 lowered by the most lateness can, 10.
        assert_eq!(score.cap, Some(28));
    }

    #[test]
    fn promising_to_pay_for_everything_after_the_release_breaks_e13_and_h4() {
        let actions = expert_with(ID, 0, &[("hear-her-out", choose("pay-everything"))]);
        let (_, score) = play(ID, 0, actions);
        // She was already told "I'm so sorry you're going through this" at the dispatch: the
        // P-04 apology was shown.
        assert_eq!(rule_ids(&score), ["E-13", "H-4"]);
        assert!(score.critical);
        // E-13's ceiling is 36: 84.25 × 36 ÷ 100 = 30.33.
        assert_eq!(score.cap, Some(36));
        assert_eq!(score.overall, 30);
    }

    #[test]
    fn hanging_up_to_ring_the_lift_company_breaks_e11() {
        let actions = expert_with(ID, 0, &[("locate", choose("ring-contractor"))]);
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["E-11", "P-05", "T-2"]);
        assert!(!score.critical);
    }

    #[test]
    fn a_vague_promise_without_confirming_the_flat_and_phone_breaks_p07_and_leaves_the_form_unsupported()
     {
        let actions = expert_with(ID, 0, &[("report-and-confirm", choose("pass-it-on"))]);
        let (_, score) = play(ID, 0, actions);
        // Unit and phone were filled in but the owner never gave them: each costs its `wrong`
        // share of the 135 blank points the case checks (unit 40 -> 30, phone 35 -> 26).
        assert_eq!(rule_ids(&score), ["P-06", "P-06", "P-07"]);
        assert_eq!(score.record, 100 - 30 - 26);
    }

    #[test]
    fn skipping_the_supervisor_report_breaks_h2() {
        let actions = expert_without(ID, 0, |a| matches!(a, Action::Escalate(Level::Supervisor)));
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["H-2"]);
    }
}

mod burst_pipe_compensation {
    use super::*;
    const ID: &str = "burst-pipe-compensation";

    #[test]
    fn expert_path_scores_100_with_no_findings() {
        assert_expert_is_perfect(ID);
    }

    #[test]
    fn expert_dispatches_within_five_minutes_and_reports_to_the_supervisor() {
        let (session, _) = play(ID, 0, expert_actions(ID, 0));
        let notice = session
            .entries()
            .iter()
            .find(|e| matches!(e.action, Action::WorkNotice(Department::EmergencyTeam)))
            .expect("a work notice");
        assert!(notice.minute <= 5, "dispatched at minute {}", notice.minute);
        assert!(
            session
                .entries()
                .iter()
                .any(|e| e.action == Action::Escalate(Level::Supervisor))
        );
    }

    #[test]
    fn polite_newcomer_who_seats_him_and_logs_details_first_breaks_h5() {
        let actions = expert_with(ID, 1, &[("locate", choose("sit-down"))]);
        let (_, score) = play(ID, 1, actions);
        // Five minutes on the form: the team is dispatched at minute 6 (H-5: ceiling 38 - 1 = 37;
        // 80.75 × 37 ÷ 100 = 29.88). He was never heard out (F-1) nor asked where the water comes
        // from (P-05).
        assert_eq!(rule_ids(&score), ["F-1", "H-5", "P-05"]);
        assert!(score.critical);
        assert_eq!(score.cap, Some(37));
        assert_eq!(score.overall, 30);
    }

    #[test]
    fn waiting_for_engineering_office_hours_breaks_h5_even_with_the_notice_on_time() {
        let actions = expert_with(ID, 0, &[("radio-dispatch", choose("wait-for-830"))]);
        let (_, score) = play(ID, 0, actions);
        // No apology before the proposal (F-2 missing), the form only after the dispatch (W-3).
        assert_eq!(rule_ids(&score), ["F-2", "H-5", "W-3"]);
        assert!(score.critical);
    }

    #[test]
    fn cheque_book_newcomer_who_agrees_thirty_thousand_breaks_e13_and_h4() {
        let actions = expert_with(
            ID,
            2,
            &[
                ("evidence", choose("pay-30k")),
                ("report-supervisor", choose("manager-mobile")),
            ],
        );
        let (_, score) = play(ID, 2, actions);
        // He is apologised to at the dispatch ("I'm sorry for the panic", P-04) and addressed as
        // Mr Qian at the read-back and on the callback (E-02): both courtesies are shown.
        assert_eq!(rule_ids(&score), ["E-13", "H-4", "W-7"]);
        assert!(score.critical);
        // The scenario marks thirty thousand agreed on the spot graver than E-13's usual 36:
        // ceiling 30, 75.50 × 30 ÷ 100 = 22.65.
        assert_eq!(score.cap, Some(30));
        assert_eq!(score.overall, 23);
    }

    #[test]
    fn newcomer_who_first_asks_whose_pipe_it_is_brushes_the_owner_off_twice() {
        let actions = expert_with(
            ID,
            0,
            &[
                ("locate", choose("whose-pipe")),
                ("radio-dispatch", choose("own-valve")),
            ],
        );
        let (_, score) = play(ID, 0, actions);
        // No proposal is 40 of the 100 resolving steps undone: etiquette and record each lose
        // 80 % of that share (P-09, once per sub-score): etiquette 60 -> 41, record 100 -> 68.
        assert_eq!(
            rule_ids(&score),
            [
                "E-11", "E-11", "F-1", "F-2", "P-05", "P-07", "P-09", "P-09", "W-3"
            ]
        );
        assert!(!score.critical);
        assert_eq!(score.etiquette, 41);
        assert_eq!(score.record, 68);
    }

    #[test]
    fn denying_liability_and_dismissing_the_lawyer_breaks_e12_h4_and_loses_the_phone_number() {
        let actions = expert_with(
            ID,
            0,
            &[
                ("evidence", choose("not-liable")),
                ("read-back", choose("lawyer-useless")),
            ],
        );
        let (session, score) = play(ID, 0, actions);
        // He is apologised to at the dispatch ("I'm sorry for the panic", P-04) and addressed as
        // Mr Feng on the callback (E-02): both courtesies are shown.
        assert_eq!(rule_ids(&score), ["E-12", "E-12", "F-2", "H-4", "P-06"]);
        assert!(session.mood() < 20, "mood {}", session.mood());
    }

    #[test]
    fn not_escalating_the_compensation_demand_breaks_h2() {
        let actions = expert_without(ID, 0, |a| matches!(a, Action::Escalate(_)));
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["H-2"]);
    }

    #[test]
    fn escalating_straight_to_the_manager_skips_a_rung_w7() {
        let actions: Vec<Action> = expert_actions(ID, 0)
            .into_iter()
            .map(|a| match a {
                Action::Escalate(Level::Supervisor) => Action::Escalate(Level::Manager),
                other => other,
            })
            .collect();
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["W-7"]);
    }
}

mod who_complained_about_my_dog {
    use super::*;
    const ID: &str = "who-complained-about-my-dog";

    #[test]
    fn expert_path_scores_100_with_no_findings() {
        assert_expert_is_perfect(ID);
    }

    #[test]
    fn leaky_newcomer_who_names_the_downstairs_neighbour_breaks_e09_twice_and_e10() {
        let actions = expert_with(
            ID,
            0,
            &[
                ("receive", choose("downstairs")),
                ("everyone", choose("tell-her-off")),
            ],
        );
        let (_, score) = play(ID, 0, actions);
        // Explaining before listening and clarifying (F-1, F-2); no phone number was ever asked
        // (P-06). She is addressed as Ms Zhu in the confidentiality answer (E-02 shown).
        assert_eq!(
            rule_ids(&score),
            ["E-09", "E-09", "E-10", "F-1", "F-2", "P-06"]
        );
        assert!(score.critical);
        assert_eq!(score.etiquette, 0);
        // E-09's ceiling of 38, lowered 10 for E-10: 51.95 × 28 ÷ 100 = 14.55.
        assert_eq!(score.cap, Some(28));
        assert_eq!(score.overall, 15);
    }

    #[test]
    fn a_small_nod_is_still_a_disclosure_e09() {
        let (session, score) = play(
            ID,
            1,
            expert_with(ID, 1, &[("confidential", choose("nod"))]),
        );
        // The nod replaces hearing her out and apologising (F-1, F-2 missing), so the owed
        // empathy is never shown (P-04).
        assert_eq!(rule_ids(&score), ["E-09", "F-1", "F-2", "P-04"]);
        assert!(score.critical);
        // E-09's ceiling is 38: 70.25 × 38 ÷ 100 = 26.70.
        assert_eq!(score.cap, Some(38));
        assert_eq!(score.overall, 27);
        // The owner leaves happier than the expert path's owner: the breach is not visible in the mood.
        assert!(session.mood() >= 60, "mood {}", session.mood());
    }

    #[test]
    fn narrowing_it_down_to_another_floor_is_a_disclosure_too_e09() {
        let (_, score) = play(
            ID,
            2,
            expert_with(ID, 2, &[("confidential", choose("not-her"))]),
        );
        // No apology either, so the owed empathy is never shown (P-04).
        assert_eq!(rule_ids(&score), ["E-09", "F-1", "F-2", "P-04"]);
        assert!(score.critical);
    }

    #[test]
    fn scolding_and_dodging_newcomer_breaks_e10_e11_e12_and_e03() {
        let actions = expert_with(
            ID,
            0,
            &[
                ("receive", choose("barks-a-lot")),
                ("confidential", choose("not-me")),
                ("note-lawn", choose("lecture")),
                ("explain-covenant", choose("fine-threat")),
            ],
        );
        let (_, score) = play(ID, 0, actions);
        // No apology, so the owed empathy is never shown (P-04); she is addressed as Ms Zhu on the
        // callback (E-02 shown).
        assert_eq!(
            rule_ids(&score),
            [
                "E-03", "E-03", "E-10", "E-11", "E-12", "E-12", "E-12", "F-1", "F-2", "P-04",
                "P-05", "P-06"
            ]
        );
        assert!(score.critical);
        assert_eq!(score.etiquette, 0);
    }

    #[test]
    fn naming_the_neighbour_on_the_callback_breaks_e09() {
        let (_, score) = play(
            ID,
            0,
            expert_with(ID, 0, &[("ask-view", choose("neighbour-says"))]),
        );
        assert_eq!(rule_ids(&score), ["E-09"]);
        assert!(score.critical);
        assert_eq!(score.procedure, 100);
    }

    #[test]
    fn unprepared_newcomer_who_brushes_off_the_lawn_point_breaks_e11_p01_and_p07() {
        let actions = expert_with(
            ID,
            0,
            &[
                ("note-lawn", choose("not-our-lawn")),
                ("explain-covenant", choose("not-sure")),
                ("everyone", choose("mm-ok")),
            ],
        );
        let (_, score) = play(ID, 0, actions);
        // The lawn was never located nor the phone asked: place and phone are unsupported (P-06
        // twice), each at its `wrong` share of the 135 blank points the case checks (place 15 ->
        // 11, phone 35 -> 26).
        assert_eq!(
            rule_ids(&score),
            ["E-11", "P-01", "P-05", "P-06", "P-06", "P-07"]
        );
        assert!(!score.critical);
        assert_eq!(score.record, 100 - 11 - 26);
    }

    #[test]
    fn sending_only_the_cleaners_forgets_the_security_patrols_p08() {
        let actions = expert_without(ID, 0, |a| *a == Action::WorkNotice(Department::Security));
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["P-08"]);
    }
}

mod rooftop_extension_dispute {
    use super::*;
    const ID: &str = "rooftop-extension-dispute";

    #[test]
    fn expert_path_scores_100_with_no_findings() {
        assert_expert_is_perfect(ID);
    }

    #[test]
    fn instant_judge_who_sides_with_the_complainant_pleases_her_but_breaks_e10_and_e13() {
        let actions = expert_with(
            ID,
            0,
            &[
                ("listen", choose("tear-down")),
                ("neutral", choose("common-area")),
                ("halt-and-report", choose("take-it-down")),
                ("stay-neutral", choose("between-us")),
            ],
        );
        let (session, score) = play(ID, 0, actions);
        // Both owners are addressed by name, Mr Yuan at the desk and Ms Tian on the callback
        // (E-02 shown).
        assert_eq!(
            rule_ids(&score),
            [
                "E-10", "E-10", "E-10", "E-10", "E-13", "E-13", "E-13", "F-1", "F-2", "P-04",
                "P-06"
            ]
        );
        assert!(score.critical);
        assert_eq!(score.etiquette, 0);
        // E-13's ceiling of 36, lowered 10 for E-10: 48.45 × 26 ÷ 100 = 12.60.
        assert_eq!(score.cap, Some(26));
        assert_eq!(score.overall, 13);
        // Taking her side makes her happy: the mood is no guide to fairness.
        assert!(session.mood() >= 70, "mood {}", session.mood());
    }

    #[test]
    fn not_my_fight_newcomer_who_pushes_it_back_and_caves_breaks_e11_e10_and_p07() {
        let actions = expert_with(
            ID,
            0,
            &[
                ("listen", choose("his-roof")),
                ("apologise-clarify", choose("make-him-pay")),
                ("neutral", choose("sort-it-out")),
                ("halt-and-report", choose("well-handle")),
                ("same-rule", choose("carry-on")),
            ],
        );
        let (session, score) = play(ID, 0, actions);
        // No apology, so the owed empathy is never shown (P-04); she is addressed as Ms Tian when
        // told the reply is coming (E-02 shown).
        assert_eq!(
            rule_ids(&score),
            [
                "E-10", "E-10", "E-11", "E-11", "E-11", "F-1", "F-2", "P-04", "P-05", "P-06",
                "P-07"
            ]
        );
        assert!(score.critical);
        assert!(session.mood() < 20, "mood {}", session.mood());
    }

    #[test]
    fn telling_the_builder_the_terrace_is_common_before_checking_is_taking_a_side_e10_f2() {
        let (_, score) = play(
            ID,
            1,
            expert_with(ID, 1, &[("neutral", choose("common-area"))]),
        );
        // Both owners are still addressed by name, Mr Dong and Ms Tian (E-02 shown).
        assert_eq!(rule_ids(&score), ["E-10", "F-2"]);
        assert!(score.critical);
        // E-10's ceiling is 40: 86.00 × 40 ÷ 100 = 34.40.
        assert_eq!(score.cap, Some(40));
        assert_eq!(score.overall, 34);
    }

    #[test]
    fn arguing_about_the_salesmans_promise_breaks_e12() {
        let (_, score) = play(
            ID,
            2,
            expert_with(ID, 2, &[("same-rule", choose("salesman"))]),
        );
        assert_eq!(rule_ids(&score), ["E-12"]);
        assert!(!score.critical);
        assert_eq!(score.etiquette, 85);
    }

    #[test]
    fn calling_the_pause_her_win_on_the_callback_breaks_e10() {
        let (_, score) = play(
            ID,
            0,
            expert_with(ID, 0, &[("ask-view", choose("you-won"))]),
        );
        assert_eq!(rule_ids(&score), ["E-10"]);
        assert!(score.critical);
    }

    #[test]
    fn handling_it_alone_without_reporting_to_the_supervisor_breaks_h2() {
        let actions = expert_without(ID, 0, |a| matches!(a, Action::Escalate(_)));
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["H-2"]);
        assert_eq!(score.procedure, 100 - 35);
    }

    #[test]
    fn halting_the_work_without_engineering_checking_the_roof_misses_a_department_p08() {
        let actions = expert_without(ID, 0, |a| *a == Action::WorkNotice(Department::Engineering));
        let (_, score) = play(ID, 0, actions);
        assert_eq!(rule_ids(&score), ["P-08"]);
    }
}
