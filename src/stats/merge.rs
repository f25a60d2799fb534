//! Statistics that combine: merging the accumulators of two sets of trials
//! gives the accumulator of their union, so chunks simulated in parallel and
//! merged in order give the same answer as one pass.

use super::histogram::AttainmentHistogram;
use super::moments::{Moments, RatioMoments};

pub trait Merge {
    fn merge(&mut self, other: &Self);
}

impl Merge for u64 {
    fn merge(&mut self, other: &u64) {
        *self += other;
    }
}

impl Merge for Moments {
    fn merge(&mut self, other: &Moments) {
        Moments::merge(self, other);
    }
}

impl Merge for RatioMoments {
    fn merge(&mut self, other: &RatioMoments) {
        RatioMoments::merge(self, other);
    }
}

impl Merge for AttainmentHistogram {
    fn merge(&mut self, other: &AttainmentHistogram) {
        AttainmentHistogram::merge(self, other);
    }
}

impl<T: Merge> Merge for Vec<T> {
    fn merge(&mut self, other: &Vec<T>) {
        for (a, b) in self.iter_mut().zip(other) {
            a.merge(b);
        }
    }
}

impl<T: Merge, const N: usize> Merge for [T; N] {
    fn merge(&mut self, other: &[T; N]) {
        for (a, b) in self.iter_mut().zip(other) {
            a.merge(b);
        }
    }
}

/// Declares an accumulator struct whose fields are each declared once, with
/// their initial value: the macro writes the struct, its `Default` and its
/// [`Merge`] (field by field).
macro_rules! accumulator {
    (
        $(#[$doc:meta])*
        pub struct $name:ident {
            $( $(#[$fdoc:meta])* pub $field:ident : $ty:ty = $init:expr, )*
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            $( $(#[$fdoc])* pub $field: $ty, )*
        }

        impl Default for $name {
            fn default() -> Self {
                $name { $( $field: $init, )* }
            }
        }

        impl $crate::stats::merge::Merge for $name {
            fn merge(&mut self, o: &Self) {
                $( $crate::stats::merge::Merge::merge(&mut self.$field, &o.$field); )*
            }
        }
    };
}
pub(crate) use accumulator;
