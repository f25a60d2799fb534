//! `quotasim serve`: a local what-if page. One page (HTML, CSS and a small
//! script, embedded in the binary with the report's style sheet and fonts)
//! and a small JSON API:
//!
//! - `GET /api/scenario`: the scenario's settings as the page's inputs ([`fields`]);
//! - `POST /api/simulate`: a what-if (`{"sets": ["PATH=VALUE", ...], "stage":
//!   "quick"|"full", "client": ID}`), answered as lines of JSON: progress,
//!   then the result, the fragments of HTML the page puts in place ([`simulate`]);
//! - `GET /download/{scenario.toml|report.html|summary.xlsx}?set=PATH=VALUE...`:
//!   the what-if to keep ([`downloads`]).
//!
//! The server reads no file after start: the scenario's text is given to
//! [`App::new`]. Every input goes through the registry as `--set` does; the
//! limits are in [`limits`].

mod downloads;
pub mod fields;
mod jobs;
pub mod limits;
pub mod request;
mod simulate;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::report::html::{CSS as REPORT_CSS, FONT_BOLD, FONT_REGULAR};
use crate::scenario::Scenario;
use crate::stats::Summary;
use jobs::Jobs;
use limits::{Limits, RateLimit};

static INDEX_HTML: &str = include_str!("page/index.html");
static PAGE_CSS: &str = include_str!("page/page.css");
static PAGE_JS: &str = include_str!("page/page.js");

/// Everything every request shares.
pub struct App {
    /// The scenario as loaded (the baseline) and its text.
    pub(crate) scenario: Scenario,
    pub(crate) text: String,
    pub(crate) limits: Limits,
    pub(crate) rate: RateLimit,
    pub(crate) jobs: Jobs,
    /// Host header values answered to; None = any (bound with `--host`).
    hosts: Option<Vec<String>>,
    /// The scenario's inputs, as JSON.
    page_json: String,
    /// The baseline's side of the page, by trial count (it never changes).
    pub(crate) baseline_html: Mutex<Vec<(u64, Arc<String>)>>,
    /// The latest refined what-ifs, by their overrides, for downloads.
    pub(crate) refined: Mutex<Vec<(Vec<String>, Arc<Summary>)>>,
}

/// How many refined what-ifs and baseline sides are kept.
pub(crate) const KEPT: usize = 8;

impl App {
    /// An app for `scenario` (read from `text`), simulating on `pool`,
    /// answering to `hosts` (see [`limits::allowed_hosts`]).
    pub fn new(scenario: Scenario, text: String, limits: Limits, pool: rayon::ThreadPool, hosts: Option<Vec<String>>) -> Arc<App> {
        let page_json = serde_json::to_string(&fields::page_scenario(&scenario)).unwrap_or_else(|_| "{}".into());
        Arc::new(App {
            rate: RateLimit::new(limits.burst, limits.per_second),
            jobs: Jobs::new(pool, limits.max_waiting),
            scenario,
            text,
            limits,
            hosts,
            page_json,
            baseline_html: Mutex::new(Vec::new()),
            refined: Mutex::new(Vec::new()),
        })
    }
}

/// Keep `value` under `key` among at most [`KEPT`] entries, newest last.
pub(crate) fn keep<K: PartialEq, V: Clone>(list: &Mutex<Vec<(K, V)>>, key: K, value: V) {
    let mut l = list.lock().unwrap_or_else(|e| e.into_inner());
    l.retain(|(k, _)| *k != key);
    l.push((key, value));
    if l.len() > KEPT {
        l.remove(0);
    }
}

pub(crate) fn kept<K: PartialEq, V: Clone>(list: &Mutex<Vec<(K, V)>>, key: &K) -> Option<V> {
    list.lock().unwrap_or_else(|e| e.into_inner()).iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// The page's routes.
pub fn router(app: Arc<App>) -> Router {
    let limit = app.limits.body_bytes;
    Router::new()
        .route("/", get(|| async { asset("text/html; charset=utf-8", INDEX_HTML.as_bytes()) }))
        .route("/page.css", get(|| async { asset("text/css; charset=utf-8", PAGE_CSS.as_bytes()) }))
        .route("/report.css", get(|| async { asset("text/css; charset=utf-8", REPORT_CSS.as_bytes()) }))
        .route("/page.js", get(|| async { asset("text/javascript; charset=utf-8", PAGE_JS.as_bytes()) }))
        .route("/fonts/regular.woff", get(|| async { asset("font/woff", FONT_REGULAR) }))
        .route("/fonts/bold.woff", get(|| async { asset("font/woff", FONT_BOLD) }))
        .route("/api/scenario", get(scenario_json))
        .route("/api/simulate", post(simulate::simulate))
        .route("/download/{file}", get(downloads::download))
        .fallback(|| async { json_error(StatusCode::NOT_FOUND, "no such page") })
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

async fn scenario_json(State(app): State<Arc<App>>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], app.page_json.clone()).into_response()
}

fn asset(content_type: &'static str, body: &'static [u8]) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], body).into_response()
}

/// A JSON error: `{"error": message}`.
pub(crate) fn json_error(status: StatusCode, message: &str) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], serde_json::json!({ "error": message }).to_string()).into_response()
}

/// Refuse requests for another host name (a web page elsewhere reaching
/// this machine through its own name), and set the headers that keep the
/// page to its own content.
async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if let Some(hosts) = &app.hosts {
        let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        if !hosts.iter().any(|h| h == host) {
            return json_error(StatusCode::FORBIDDEN, "this server answers only to its own address");
        }
    }
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; \
             base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// Serve `app` on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, app: Arc<App>) -> std::io::Result<()> {
    axum::serve(listener, router(app)).await
}
