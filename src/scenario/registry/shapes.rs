//! Per-deal shapes: the settings that replace a lognormal per-deal draw
//! with an empirical one (equally spaced quantiles times the median).

use super::{Meta, Param, Section};

/// A per-deal shape: each deal's draw of a lognormal setting taken instead
/// from an empirical distribution, given by equally spaced quantiles as
/// multiples of the median setting (so uncertainty, sweeps and `--set` of
/// the median keep working). Unset, the lognormal of `replaces` is drawn.
#[derive(Clone, Copy, Debug)]
pub struct ShapeDef {
    pub shape: Shape,
    pub meta: Meta,
    /// The median the shape multiplies.
    pub median: Param,
    /// The log-sd the shape takes the place of.
    pub replaces: Param,
}

/// Which per-deal draw a shape gives; the discriminant indexes [`SHAPES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Shape {
    DealSize,
    Cycle,
}

pub const SHAPE_COUNT: usize = 2;

pub static SHAPES: [ShapeDef; SHAPE_COUNT] = [
    ShapeDef {
        shape: Shape::DealSize,
        meta: Meta {
            key: "deal_size_shape",
            section: Section::Selling,
            label: "Shape of deal sizes",
            doc: "Optional: each deal's size as equally spaced quantiles (minimum first, median 1) times deal_size_median, \
                  { quantiles = [0.2, 0.5, 1, 1.9, 6] }, drawn by inverse CDF with linear interpolation; replaces deal_size_sigma.",
        },
        median: Param::DealSizeMedian,
        replaces: Param::DealSizeSigma,
    },
    ShapeDef {
        shape: Shape::Cycle,
        meta: Meta {
            key: "cycle_weeks_shape",
            section: Section::Selling,
            label: "Shape of sales cycles",
            doc: "Optional: each opportunity's cycle as equally spaced quantiles (minimum first, median 1) times cycle_weeks_median, \
                  { quantiles = [0.3, 0.6, 1, 2.5, 4] }; replaces cycle_weeks_sigma.",
        },
        median: Param::CycleWeeksMedian,
        replaces: Param::CycleWeeksSigma,
    },
];
