//! What keeps the page safe to leave running: the size of a request, the
//! work one request may ask for (the budget), how often requests may come
//! (a token bucket), how many may wait for the simulator, and which host
//! names the server answers to (a page elsewhere cannot reach it through a
//! name that points at this machine).

use std::sync::Mutex;
use std::time::Instant;

/// The page's limits; [`Limits::default`] is what `quotasim serve` uses.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest request body, in bytes.
    pub body_bytes: usize,
    /// Most overrides in one request, and most characters in one.
    pub max_sets: usize,
    pub max_set_chars: usize,
    /// Budget of one request: simulated rep-weeks of both sides, and the size
    /// guard's estimate of the work in seconds.
    pub max_rep_weeks: f64,
    pub max_seconds: f64,
    /// Memory a simulation may hold (the size guard's estimate: the deal books).
    pub max_memory_bytes: f64,
    /// The first look: at most this many trials, within this budget.
    pub quick_trials: u64,
    pub quick_rep_weeks: f64,
    pub quick_seconds: f64,
    /// Requests that simulate or download: a burst of `burst`, then `per_second`.
    pub burst: f64,
    pub per_second: f64,
    /// Requests waiting for the simulator at once; beyond, the server is busy.
    pub max_waiting: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 64 * 1024,
            max_sets: 200,
            max_set_chars: 400,
            // About ten times the default scenario's refined answer: a few
            // seconds on two cores.
            max_rep_weeks: 100e6,
            max_seconds: 5.0,
            max_memory_bytes: 1e9,
            quick_trials: 100,
            quick_rep_weeks: 2e6,
            quick_seconds: 0.1,
            burst: 40.0,
            per_second: 20.0,
            max_waiting: 16,
        }
    }
}

/// A token bucket shared by every client.
#[derive(Debug)]
pub struct RateLimit {
    burst: f64,
    per_second: f64,
    state: Mutex<(f64, Instant)>,
}

impl RateLimit {
    pub fn new(burst: f64, per_second: f64) -> RateLimit {
        RateLimit { burst, per_second, state: Mutex::new((burst, Instant::now())) }
    }

    /// Take a token if there is one.
    pub fn allow(&self) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let (tokens, last) = *s;
        let tokens = (tokens + now.duration_since(last).as_secs_f64() * self.per_second).min(self.burst);
        let (left, ok) = if tokens >= 1.0 { (tokens - 1.0, true) } else { (tokens, false) };
        *s = (left, now);
        ok
    }
}

/// The `Host` header values a server bound to `addr` answers to: on a
/// loopback address only its own names (127.0.0.1:P, localhost:P, [::1]:P);
/// bound to another address (`--host`), any.
pub fn allowed_hosts(addr: std::net::SocketAddr) -> Option<Vec<String>> {
    if !addr.ip().is_loopback() {
        return None;
    }
    let p = addr.port();
    Some(vec![format!("127.0.0.1:{p}"), format!("localhost:{p}"), format!("[::1]:{p}")])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bucket_allows_a_burst_then_refuses() {
        let r = RateLimit::new(3.0, 0.0);
        assert_eq!((0..5).map(|_| r.allow()).collect::<Vec<_>>(), [true, true, true, false, false]);
    }

    #[test]
    fn loopback_servers_answer_to_their_own_names_only() {
        let local = allowed_hosts("127.0.0.1:8080".parse().unwrap()).unwrap();
        assert!(local.contains(&"localhost:8080".to_string()) && !local.iter().any(|h| h.contains("evil")));
        assert_eq!(allowed_hosts("0.0.0.0:8080".parse().unwrap()), None);
    }
}
