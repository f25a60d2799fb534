//! The finite territory's figures of the summary, for the whole run and per
//! counted quarter: accounts left at quarter start, the share of touches on
//! accounts worked before, touches not made for lack of accounts.

use super::super::interval::Estimate;
use super::super::territory::ListAccum;
use super::Territory;

/// The figures of a strategy's lists (over trials) of one quarter or all.
pub(super) fn territory(acc: &ListAccum) -> Territory {
    let mean = |m: &super::super::moments::Moments| {
        if m.n == 0 { undefined() } else { Estimate::non_negative(m.mean, m.se()) }
    };
    let share = acc.retouched.ratio();
    let se = acc.retouched.se();
    Territory {
        accounts_available: mean(&acc.available),
        accounts_fresh: mean(&acc.fresh),
        retouched_share: if share.is_finite() {
            let e = Estimate::normal(share, if se.is_finite() { se } else { 0.0 });
            Estimate { ci_low: e.ci_low.max(0.0), ci_high: e.ci_high.min(1.0), ..e }
        } else {
            undefined()
        },
        touches_fresh: mean(&acc.fresh_touches),
        touches_retouched: mean(&acc.retouches),
        touches_unmade: mean(&acc.unmade),
    }
}

fn undefined() -> Estimate {
    Estimate { value: f64::NAN, se: f64::NAN, ci_low: f64::NAN, ci_high: f64::NAN }
}
