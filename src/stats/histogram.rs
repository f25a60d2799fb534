//! A fine, mergeable histogram of attainment that answers percentiles, the
//! exceedance curve and the top-20% split without storing rep-quarters.

/// Width of a fine bin, in attainment (0.002 = 0.2% of quota).
pub const FINE_WIDTH: f64 = 0.002;
/// Fine bins cover [0, FINE_MAX); larger values go to the overflow bin.
pub const FINE_MAX: f64 = 10.0;
pub const FINE_BINS: usize = 5000;

/// Attainment histogram with an exact atom at zero, plus per-bin sums of
/// touches and attainment so groups by attainment (the top 20%) have exact means.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AttainmentHistogram {
    pub zero: u64,
    #[serde(with = "super::packed")]
    pub counts: Vec<u64>,
    #[serde(with = "super::packed")]
    pub touches: Vec<f64>,
    #[serde(with = "super::packed")]
    pub attainment: Vec<f64>,
    pub over_count: u64,
    pub over_touches: f64,
    pub over_attainment: f64,
    pub max: f64,
    pub zero_touches: f64,
}

impl Default for AttainmentHistogram {
    fn default() -> Self {
        AttainmentHistogram {
            zero: 0,
            counts: vec![0; FINE_BINS],
            touches: vec![0.0; FINE_BINS],
            attainment: vec![0.0; FINE_BINS],
            over_count: 0,
            over_touches: 0.0,
            over_attainment: 0.0,
            max: 0.0,
            zero_touches: 0.0,
        }
    }
}

impl AttainmentHistogram {
    #[inline]
    pub fn push(&mut self, a: f64, touches: f64) {
        if a > self.max {
            self.max = a;
        }
        if a <= 0.0 {
            self.zero += 1;
            self.zero_touches += touches;
        } else if a < FINE_MAX {
            let i = ((a / FINE_WIDTH) as usize).min(FINE_BINS - 1);
            self.counts[i] += 1;
            self.touches[i] += touches;
            self.attainment[i] += a;
        } else {
            self.over_count += 1;
            self.over_touches += touches;
            self.over_attainment += a;
        }
    }

    pub fn merge(&mut self, o: &AttainmentHistogram) {
        self.zero += o.zero;
        self.zero_touches += o.zero_touches;
        for i in 0..FINE_BINS {
            self.counts[i] += o.counts[i];
            self.touches[i] += o.touches[i];
            self.attainment[i] += o.attainment[i];
        }
        self.over_count += o.over_count;
        self.over_touches += o.over_touches;
        self.over_attainment += o.over_attainment;
        self.max = self.max.max(o.max);
    }

    pub fn total(&self) -> u64 {
        self.zero + self.counts.iter().sum::<u64>() + self.over_count
    }

    /// The p-quantile, interpolated linearly within the fine bin that holds it
    /// (at most half a bin, 0.1% of quota, from the exact sample quantile).
    pub fn quantile(&self, p: f64) -> f64 {
        let n = self.total();
        if n == 0 {
            return f64::NAN;
        }
        let target = p.clamp(0.0, 1.0) * n as f64;
        let mut cum = self.zero as f64;
        if target <= cum {
            return 0.0;
        }
        for (i, &c) in self.counts.iter().enumerate() {
            let next = cum + c as f64;
            if target <= next && c > 0 {
                let frac = (target - cum) / c as f64;
                return (i as f64 + frac) * FINE_WIDTH;
            }
            cum = next;
        }
        // In the overflow bin: interpolate between FINE_MAX and the maximum seen.
        let frac = if self.over_count > 0 { (target - cum) / self.over_count as f64 } else { 1.0 };
        FINE_MAX + frac.clamp(0.0, 1.0) * (self.max - FINE_MAX).max(0.0)
    }

    /// Share of observations at or above `x` (x on a bin edge, or 1.0 for quota).
    pub fn share_at_least(&self, x: f64) -> f64 {
        let n = self.total();
        if n == 0 {
            return f64::NAN;
        }
        let above = if x <= 0.0 {
            n
        } else if x >= FINE_MAX {
            self.over_count
        } else {
            let i = (x / FINE_WIDTH).round() as usize;
            self.counts[i.min(FINE_BINS)..].iter().sum::<u64>() + self.over_count
        };
        above as f64 / n as f64
    }

    /// Counts, touch sums and attainment sums of the top `share` of observations
    /// by attainment, splitting the boundary bin proportionally.
    pub fn top_share(&self, share: f64) -> (f64, f64, f64) {
        let n = self.total() as f64;
        let mut need = share * n;
        let (mut c, mut t, mut a) = (0.0, 0.0, 0.0);
        let mut take = |count: u64, touches: f64, att: f64, need: &mut f64| {
            if *need <= 0.0 || count == 0 {
                return;
            }
            let k = (count as f64).min(*need);
            let f = k / count as f64;
            c += k;
            t += touches * f;
            a += att * f;
            *need -= k;
        };
        take(self.over_count, self.over_touches, self.over_attainment, &mut need);
        for i in (0..FINE_BINS).rev() {
            take(self.counts[i], self.touches[i], self.attainment[i], &mut need);
        }
        take(self.zero, self.zero_touches, 0.0, &mut need);
        (c, t, a)
    }

    /// Totals of touches and attainment over all observations.
    pub fn sums(&self) -> (f64, f64, f64) {
        let t = self.zero_touches + self.touches.iter().sum::<f64>() + self.over_touches;
        let a = self.attainment.iter().sum::<f64>() + self.over_attainment;
        (self.total() as f64, t, a)
    }

    /// Coarse counts for charts: bins of `width` from 0 to `max` (zero atom in
    /// the first bin) and the count at or above `max`.
    pub fn coarse(&self, width: f64, max: f64) -> (Vec<f64>, Vec<u64>, u64) {
        let per = (width / FINE_WIDTH).round() as usize;
        let bins = (max / width).round() as usize;
        let edges = (0..=bins).map(|i| (i as f64 * width * 1e6).round() / 1e6).collect();
        let mut counts = vec![0u64; bins];
        for (i, &c) in self.counts.iter().enumerate() {
            let j = i / per;
            if j < bins {
                counts[j] += c;
            }
        }
        if bins > 0 {
            counts[0] += self.zero;
        }
        let fine_above = (bins * per).min(FINE_BINS);
        let above = self.counts[fine_above..].iter().sum::<u64>() + self.over_count;
        (edges, counts, above)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_of_a_uniform_grid() {
        let mut h = AttainmentHistogram::default();
        for i in 0..10_000 {
            h.push((i as f64 + 0.5) / 5000.0, 1.0);
        }
        assert!((h.quantile(0.5) - 1.0).abs() < 0.003);
        assert!((h.quantile(0.1) - 0.2).abs() < 0.003);
        assert!((h.share_at_least(1.0) - 0.5).abs() < 1e-3);
        let (c, _, a) = h.top_share(0.2);
        assert!((c - 2000.0).abs() < 1e-6);
        assert!((a / c - 1.8).abs() < 0.01);
    }

    #[test]
    fn zero_atom_is_exact() {
        let mut h = AttainmentHistogram::default();
        for i in 0..100 {
            h.push(if i < 30 { 0.0 } else { 1.0 }, 0.0);
        }
        assert_eq!(h.quantile(0.25), 0.0);
        assert!(h.quantile(0.5) > 0.99);
    }
}
