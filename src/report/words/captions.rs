//! How to read each chart, in a sentence or two: report.html's figure
//! captions for a run's charts, and the same for the charts of sweeps,
//! tornadoes and plans.

use crate::report::facts::MIN_BIN_N;

pub const DISTRIBUTION: &str = "How attainment is spread across rep-quarters. Each outline is one strategy's share of \
    rep-quarters in 10-point bins; the dashed line is quota. The strip on top marks P10, the median (P50) and P90: \
    a tenth of rep-quarters fall below P10 and a tenth above P90.";

pub const EXCEEDANCE: &str = "Read up from any attainment level to the share of rep-quarters that reach at least that \
    level. The shaded band is the 95% interval (Wilson, widened for the correlation between rep-quarters of one \
    trial); dots mark the share at quota.";

pub const FUNNEL: &str = "The average rep-quarter at each funnel stage. From touches to qualified opportunities the scale is \
    logarithmic: each gridline is ten times the one below, so thousands of touches and a few meetings fit on one chart. The \
    deals won stand beside them on a linear scale from zero, with 95% Monte Carlo whiskers, so a difference of a fraction \
    of a deal shows. The numbers on the bars are the means.";

pub const HOURS: &str = "Mean hours per week a rep spends prospecting, in meetings and working open deals, and the \
    hours left unbooked. Attention is the share of the deal work that open opportunities needed which the rep gave them.";

/// The coverage chart's caption.
pub fn coverage() -> String {
    format!(
        "Rep-quarters grouped by their pipeline coverage at quarter start (pipeline value as a multiple of quota, in 0.5× \
         bins), with the mean attainment of each group and its 95% interval. Left: pipeline counted from the first meeting; \
         right: from the second. Coloured dashes mark each strategy's coverage target under the rule it uses; the legend \
         gives each strategy's mean coverage at quarter start under both rules. Bins with fewer than {MIN_BIN_N} \
         rep-quarters are left out; the last, hollow point of a line pools every rep-quarter from its bin upwards. This is a \
         correlation across rep-quarters: reps who start with more pipeline attain more, but setting a higher target does \
         not move a rep along the line (it changes how much the rep prospects); plan-coverage measures what a target does."
    )
}

pub const TOP20: &str = "Rep-quarters ranked by attainment: the best 20% (solid) against the other 80% (light), in \
    touches made per rep-quarter (left) and mean attainment (right). In this model a rep whose pipeline reaches the \
    coverage target cuts prospecting to the maintenance share of the cadence, so the best rep-quarters touch less because \
    their pipelines are full: the chart does not say that touching less would raise attainment.";

pub const TERRITORY: &str = "Each strategy's mean attainment per rep-quarter by counted quarter (top; the shaded band \
    is its 95% interval, the precision of the simulation, not the spread between reps) over the accounts a seat could \
    work at the quarter's start (bottom: never worked, or back from a cooldown or a rest). A list that runs out shows as \
    accounts falling and attainment following them down; cooldowns return accounts in waves.";

pub const FAN: &str = "Attainment per rep-quarter at each value of the swept parameter, one panel per strategy: the line \
    is the median and the band runs from P10 to P90, where the middle 80% of rep-quarters land.";

pub const SHARE_AT_QUOTA: &str = "The share of rep-quarters at or above quota at each value of the swept parameter, per \
    strategy, with its 95% interval. Every value is simulated on the same reps with the same draws, so the steps between \
    values are not luck.";

pub const HEATMAP: &str = "One strategy's share of rep-quarters at or above quota over a grid of two parameters: darker \
    cells are higher, on one colour scale for every strategy's heatmap.";

pub const TORNADO: &str = "Each row moves one parameter to a low and a high value, all else as in the scenario, and shows \
    how far the metric moves; rows are ranked by the size of the effect, with paired 95% intervals as whiskers.";

pub const PLAN: &str = "The metric by coverage target under both counting rules, with 95% bands. Filled dots cannot be \
    told apart from the best target; hollow ones are worse.";

pub const BY_QUARTER: &str = "Attainment per rep-quarter in each counted quarter, one panel per strategy: the line is the \
    median and the band runs from P10 to P90, where the middle 80% of rep-quarters land. New hires ramping, vacant seats, \
    attrition and seasons show here as dips and recoveries through the year.";
