//! The finite territory against the contract: an unlimited market (or a
//! list no cadence can exhaust) is today's model exactly; a list too small
//! for the cadence caps touches exactly; a list worked to the last account
//! every week depletes as the binomial survival of each account says; the
//! accounting of the list holds every week (checked by the kernel in test
//! builds) through leavers, hires and clean starts.

use quotasim::engine::{Engine, RunControl};
use quotasim::scenario::{Scenario, apply_override};
use quotasim::stats::{RunAccum, Summary};

/// Identical reps with hours to spare and always below the coverage
/// target (so the full cadence is planned every week), no warm-up.
fn plain_list(market: &str, selling: &str, trials: u64) -> Scenario {
    list_with_rates(market, selling, "", trials)
}

/// [`plain_list`] with the strategy's own keys (`rates`: its connect and meeting rates).
fn list_with_rates(market: &str, selling: &str, rates: &str, trials: u64) -> Scenario {
    let text = format!(
        r#"
name = "list"
[simulation]
trials = {trials}
quarters = 4
warmup_quarters = 0
seed = 7
[team]
reps = 20
hours_per_week = 60
skill_spread = 0.0
[policy]
coverage_target = 100
prospecting_priority = "mandate"
[selling]
hours_per_first_meeting = 0
hours_per_second_meeting = 0
deal_hours_per_week = 0
connect_rate = 0.1
meeting_rate = 0.1
{selling}
[market]
{market}
[[strategy]]
name = "only"
{rates}
"#
    );
    Scenario::from_toml(&text, "list.toml").unwrap_or_else(|e| panic!("{e}"))
}

fn accumulate(s: &Scenario) -> RunAccum {
    Engine::new(s).run(0..s.trials(), &mut RunControl::default()).expect("run")
}

fn summary(s: &Scenario) -> Summary {
    Summary::build(s, &accumulate(s))
}

/// The accumulators without their list tallies (an unlimited market has none).
fn without_lists(mut acc: RunAccum) -> RunAccum {
    for s in &mut acc.strategies {
        s.list = Default::default();
        s.quarters.iter_mut().for_each(|q| q.list = Default::default());
    }
    acc
}

#[test]
fn an_unlimited_market_or_a_list_never_exhausted_is_todays_model() {
    let mut base = Scenario::builtin();
    for (p, v) in [("simulation.trials", "40"), ("team.reps", "10"), ("team.attrition_rate", "0.3"), ("team.new_hire_share", "0.3")] {
        apply_override(&mut base, p, v).unwrap();
    }
    let today = accumulate(&base);
    // Market settings without a list change nothing.
    let mut unlimited = base.clone();
    for (p, v) in [("market.cooldown_weeks", "0"), ("market.retouch_response", "0.1"), ("market.rest_weeks", "-1")] {
        apply_override(&mut unlimited, p, v).unwrap();
    }
    assert_eq!(accumulate(&unlimited), today);
    assert!(Summary::build(&unlimited, &today).strategies.iter().all(|s| s.territory.is_none()));
    // A million accounts: every touch of the horizon lands on a fresh one,
    // so every draw is today's, and only the list's tallies are new.
    let mut huge = unlimited.clone();
    apply_override(&mut huge, "market.accounts_per_rep", "1000000").unwrap();
    let acc = accumulate(&huge);
    assert!(acc.strategies.iter().all(|s| s.list.available.n == 40 && s.list.retouched.sy == 0.0 && s.list.unmade.mean == 0.0));
    assert_eq!(without_lists(acc), today);
}

#[test]
fn a_list_too_small_for_the_cadence_caps_touches_exactly() {
    // 100 accounts x 3 touches: 300 touches, then nothing comes back (no
    // cooldown ends within the horizon, no account returns after a meeting).
    let s =
        plain_list("accounts_per_rep = 100\ntouches_per_account = 3\ncooldown_weeks = 520\nrest_weeks = -1", "touches_per_week = 90", 30);
    let summary = summary(&s);
    let st = &summary.strategies[0];
    let q = |i: usize| st.quarters[i].territory.expect("a finite market reports its lists");
    assert_eq!(q(0).accounts_available.value, 100.0);
    assert_eq!(q(0).touches_fresh.value, 300.0);
    assert_eq!(q(0).touches_unmade.value, 90.0 * 13.0 - 300.0);
    for i in 1..4 {
        assert_eq!((q(i).accounts_available.value, q(i).touches_fresh.value, q(i).touches_retouched.value), (0.0, 0.0, 0.0));
        assert_eq!(q(i).touches_unmade.value, 90.0 * 13.0);
    }
    assert_eq!(st.funnel.touches, 75.0);
    assert_eq!(st.funnel_se.touches, 0.0);
    assert_eq!(st.territory.unwrap().retouched_share.value, 0.0);
    // 2.5 touches per account: at most floor(101 x 2.5) = 252 touches.
    let half =
        plain_list("accounts_per_rep = 101\ntouches_per_account = 2.5\ncooldown_weeks = 520\nrest_weeks = -1", "touches_per_week = 90", 5);
    assert_eq!(summary_of_touches(&half), 252.0 / 4.0);
}

fn summary_of_touches(s: &Scenario) -> f64 {
    summary(s).strategies[0].funnel.touches
}

/// Worked to the last account every week (one touch each, back the next
/// week unless it books a meeting, gone for good after one), an account
/// survives a week with probability 1 - p, p = connect x meeting: the
/// accounts left at week w are Binomial(N, (1 - p)^w), exactly. Re-touches
/// connect at odds x `retouch_response`.
#[test]
fn a_list_worked_to_the_last_account_depletes_as_each_account_survives() {
    let n = 1000.0;
    for r in [1.0f64, 0.5] {
        let market =
            format!("accounts_per_rep = 1000\ntouches_per_account = 1\ncooldown_weeks = 0\nrest_weeks = -1\nretouch_response = {r}");
        let s = plain_list(&market, "touches_per_week = 5000\nminutes_per_touch = 0.01", 100);
        let st = &summary(&s).strategies[0];
        let fresh_p: f64 = 0.1 * 0.1;
        let odds = 0.1 / 0.9 * r;
        let retouch_p = odds / (1.0 + odds) * 0.1;
        for (i, q) in st.quarters.iter().enumerate() {
            let weeks = 13 * i as i32;
            // Week 0 touches every fresh account; every later week re-touches.
            let survive = if weeks == 0 { 1.0 } else { (1.0 - fresh_p) * (1.0 - retouch_p).powi(weeks - 1) };
            let want = n * survive;
            let se = (n * survive * (1.0 - survive) / (20.0 * 100.0)).sqrt();
            let got = q.territory.unwrap().accounts_available.value;
            assert!((got - want).abs() <= 4.0 * se + 1e-9, "r = {r}, quarter {}: {got} accounts, want {want} +- {se}", i + 1);
        }
    }
}

#[test]
fn the_list_adds_up_every_week_through_leavers_hires_and_clean_starts() {
    // The kernel checks, every week of every seat in test builds, that the
    // list's states add up to its size and that the accounts out are the
    // open opportunities plus the meetings booked. Here through all that moves them.
    let base = std::fs::read_to_string("scenarios/annual-plan.toml").unwrap();
    for (orphans, rest, cooldown) in [("lost", "26", "13"), ("inherited", "-1", "0"), ("inherited", "0", "4")] {
        let text = format!(
            "{base}\n[market]\naccounts_per_rep = 250\ntouches_per_account = 2\ncooldown_weeks = {cooldown}\nrest_weeks = {rest}\n"
        );
        let mut s = Scenario::from_toml(&text, "annual-plan.toml").unwrap_or_else(|e| panic!("{e}"));
        for (p, v) in
            [("simulation.trials", "20"), ("team.attrition_rate", "0.5"), ("team.orphaned_deals", orphans), ("team.new_hire_share", "0.4")]
        {
            apply_override(&mut s, p, v).unwrap();
        }
        let summary = summary(&s);
        for st in &summary.strategies {
            let t = st.territory.unwrap();
            // Touches split into fresh and re-touched ones, every one counted.
            let split = t.touches_fresh.value + t.touches_retouched.value;
            assert!((split - st.funnel.touches).abs() < 1e-9 * split.max(1.0), "{}: {split} vs {}", st.name, st.funnel.touches);
            assert!(t.accounts_available.value <= 250.0);
        }
    }
}

/// The contract's list account by account (the kernel counts accounts by
/// state): each week, the accounts back by then, never-worked ones first,
/// take ceil(touches / touches per account) accounts; `back(w)` says when
/// an account worked in week w returns. Per counted quarter: accounts
/// available and never worked at its start, touches fresh, re-touched and
/// not made.
fn account_by_account(accounts: usize, per_account: u32, planned: u32, back: impl Fn(u32) -> u32) -> Vec<[f64; 5]> {
    // The week each account can next be worked, and whether it was worked before.
    let mut ready_at = vec![0u32; accounts];
    let mut worked = vec![false; accounts];
    let mut quarters = vec![[0.0; 5]; 4];
    for w in 0..52 {
        let q = &mut quarters[w as usize / 13];
        let mut order: Vec<usize> = (0..accounts).filter(|&a| ready_at[a] <= w).collect();
        order.sort_by_key(|&a| worked[a]);
        if w % 13 == 0 {
            q[0] = order.len() as f64;
            q[1] = worked.iter().filter(|x| !**x).count() as f64;
        }
        let touches = planned.min(order.len() as u32 * per_account);
        let mut left = touches;
        for &a in order.iter().take(touches.div_ceil(per_account) as usize) {
            let t = left.min(per_account);
            left -= t;
            q[if worked[a] { 3 } else { 2 }] += f64::from(t);
            worked[a] = true;
            ready_at[a] = back(w);
        }
        q[4] += f64::from(planned - touches);
    }
    quarters
}

fn assert_lists_match(s: &Scenario, want: &[[f64; 5]]) {
    let summary = summary(s);
    for (i, (q, want)) in summary.strategies[0].quarters.iter().zip(want).enumerate() {
        let t = q.territory.unwrap();
        let got =
            [t.accounts_available.value, t.accounts_fresh.value, t.touches_fresh.value, t.touches_retouched.value, t.touches_unmade.value];
        assert_eq!(&got, want, "quarter {}: available, never worked, fresh, re-touched, not made", i + 1);
    }
}

#[test]
fn cooldowns_return_accounts_in_the_week_the_contract_says() {
    // No first meetings (connects and meetings one in a billion): every
    // account worked in week w is back in week w + 1 + cooldown, exactly.
    // 31 touches at 2 per account: 16 accounts a week, the last with 1.
    for cooldown in [0u32, 3, 9] {
        let market = format!("accounts_per_rep = 100\ntouches_per_account = 2\ncooldown_weeks = {cooldown}\nrest_weeks = -1");
        let s = list_with_rates(&market, "touches_per_week = 31", "connect_rate = 1e-9\nmeeting_rate = 1e-9", 2);
        let want = account_by_account(100, 2, 31, |w| w + 1 + cooldown);
        assert!(want[1][3] > 0.0 && want[3][1] == 0.0, "{want:?}");
        assert_lists_match(&s, &want);
    }
}

#[test]
fn accounts_with_a_meeting_are_out_until_their_close_then_rest() {
    // Every account worked books a first meeting (certain connects and
    // meetings, capped at one per account), held the week after; every
    // cycle is 4 weeks, so the opportunity closes in week w + 1 + 1 + 4 and
    // the account is back in week close + 1 + rest.
    for rest in [0u32, 2, 20] {
        let market = format!("accounts_per_rep = 20\ntouches_per_account = 3\nretouch_response = 1\nrest_weeks = {rest}");
        let selling = "touches_per_week = 15\ncycle_weeks_median = 4\ncycle_weeks_sigma = 0.001";
        let s = list_with_rates(&market, selling, "connect_rate = 0.999999\nmeeting_rate = 0.999999", 2);
        let want = account_by_account(20, 3, 15, |w| w + 6 + 1 + rest);
        assert_lists_match(&s, &want);
    }
}

#[test]
fn a_new_hire_inherits_the_list_as_it_is() {
    // Every seat starts the year with a new hire, after a warm-up quarter
    // in which a tenured rep worked all 100 accounts (16 a week, no
    // meetings, none back within the horizon): the new hire finds none.
    let market = "accounts_per_rep = 100\ntouches_per_account = 2\ncooldown_weeks = 520\nrest_weeks = -1";
    let mut s = list_with_rates(market, "touches_per_week = 31", "connect_rate = 1e-9\nmeeting_rate = 1e-9", 2);
    for (p, v) in [("simulation.warmup_quarters", "1"), ("team.new_hire_share", "1")] {
        apply_override(&mut s, p, v).unwrap();
    }
    let summary = summary(&s);
    for q in &summary.strategies[0].quarters {
        let t = q.territory.unwrap();
        assert_eq!((t.accounts_available.value, t.touches_fresh.value, t.touches_retouched.value), (0.0, 0.0, 0.0));
        assert!(t.touches_unmade.value > 0.0);
    }
}
