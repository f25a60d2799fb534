//! The territory section, when some strategy sells to a finite list: a
//! sentence per strategy, the run's figures of each list with intervals,
//! and the attainment-and-accounts-by-quarter chart.

use std::fmt::Write as _;

use super::sections::figure;
use super::{esc, strategy_label};
use crate::report::facts::territory::has_territory;
use crate::report::format::{MISSING, grouped, pct1, pct1_range};
use crate::report::words::territory::{CHART_NAME, UNLIMITED, paragraphs};
use crate::stats::Summary;
use crate::stats::summary::Territory;

pub(super) fn territory(h: &mut String, s: &Summary, charts: &[(String, Vec<u8>)]) {
    if !has_territory(s) {
        return;
    }
    h.push_str("<h2 id=\"territory\">The territory</h2>\n");
    for paragraph in paragraphs(s) {
        let _ = writeln!(h, "<p>{}</p>", esc(&paragraph));
    }
    h.push_str(
        "<div class=\"scroll\"><table class=\"territory\">\n<thead><tr><th>Strategy</th><th>Accounts available<br>at quarter start</th>\
         <th>95% interval</th><th>Of them<br>never worked</th><th>Touches on accounts<br>worked before</th><th>95% interval</th>\
         <th>Touches per rep-quarter<br>fresh · again · not made</th></tr></thead>\n<tbody>\n",
    );
    for (i, st) in s.strategies.iter().enumerate() {
        let _ = write!(h, "<tr><td class=\"name\">{}</td>", strategy_label(i, &st.name));
        match &st.territory {
            Some(t) => row(h, t),
            None => {
                let _ = writeln!(h, "<td class=\"txt\" colspan=\"6\">{UNLIMITED} market: no list</td></tr>");
            }
        }
    }
    h.push_str("</tbody>\n</table></div>\n");
    h.push_str(
        "<p class=\"note\">Means over counted quarters; accounts per seat, touches per rep-quarter. Intervals are the \
         precision of the simulation (from the spread of trial means); summary.json and quarters.csv hold every quarter.</p>\n",
    );
    if let Some(f) = crate::report::charts::run_chart_figures(s).into_iter().find(|f| f.name == CHART_NAME) {
        figure(h, &f, charts, true);
    }
}

fn row(h: &mut String, t: &Territory) {
    let whole = |x: f64| if x.is_finite() { grouped(x) } else { MISSING.to_string() };
    let (a, r) = (&t.accounts_available, &t.retouched_share);
    let _ = writeln!(
        h,
        "<td class=\"num\">{}</td><td class=\"num\">{}–{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
         <td class=\"num\">{}</td><td class=\"num\">{} · {} · {}</td></tr>",
        whole(a.value),
        whole(a.ci_low),
        whole(a.ci_high),
        whole(t.accounts_fresh.value),
        pct1(r.value),
        pct1_range(r.ci_low, r.ci_high),
        whole(t.touches_fresh.value),
        whole(t.touches_retouched.value),
        whole(t.touches_unmade.value)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn a_row_per_strategy_and_nothing_without_a_list() {
        let mut h = String::new();
        territory(&mut h, &fixtures::territory(), &[]);
        assert!(h.starts_with("<h2 id=\"territory\">The territory</h2>\n<p>spray-and-pray: "), "{h}");
        assert_eq!(h.matches("<tr><td class=\"name\">").count(), 3);
        assert!(h.contains("unlimited market: no list"));
        let mut none = String::new();
        territory(&mut none, &fixtures::summary(2), &[]);
        assert_eq!(none, "");
    }
}
