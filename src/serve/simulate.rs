//! `POST /api/simulate`: one what-if at one stage. Invalid input is answered
//! at once (400, every problem with its input's path); a valid one as lines
//! of JSON, `{"progress": [done, total]}` while it runs, then
//! `{"result": {...}}` (or `{"error": ...}`). The result carries the HTML
//! fragments of the page, rendered by the report's own sections and charts.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use super::jobs::JobError;
use super::request::{Checked, FieldError, check};
use super::{App, json_error, keep, kept};
use crate::report::charts::run_chart_svgs;
use crate::report::html::{PAGE_CHARTS, side_html, whatif_effect_html};
use crate::report::words::whatif::stage_words;
use crate::stats::Summary;
use crate::study::whatif::{WhatIf, run_whatif, setting_changes};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SimulateRequest {
    #[serde(default)]
    sets: Vec<String>,
    /// `quick` (a first look) or `full` (the scenario's trials).
    stage: String,
    /// The page's id: its newer request cancels its older one.
    #[serde(default)]
    client: Option<String>,
    /// The trial count of the baseline side the page already shows.
    #[serde(default)]
    have_baseline: Option<u64>,
}

/// The answer the page puts in place.
#[derive(Serialize)]
struct SimulateResult {
    stage: String,
    trials: u64,
    /// Trials of the refined answer.
    target: u64,
    /// Whether the refined answer has fewer trials than the scenario (the budget).
    capped: bool,
    paired: bool,
    elapsed_ms: u64,
    /// "100 trials of 1,000: a first look, refining".
    stage_words: String,
    effect: String,
    /// The baseline's side; None when the page has it already.
    baseline: Option<String>,
    whatif: String,
    /// The overrides as applied (the page's URL and downloads carry them).
    sets: Vec<String>,
}

pub(super) async fn simulate(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let started = Instant::now();
    if !app.rate.allow() {
        return json_error(StatusCode::TOO_MANY_REQUESTS, "too many requests: slow down");
    }
    let req: SimulateRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return json_error(StatusCode::BAD_REQUEST, &format!("expected {{\"sets\": [...], \"stage\": \"quick\"|\"full\"}}: {e}")),
    };
    let quick = match req.stage.as_str() {
        "quick" => true,
        "full" => false,
        _ => return json_error(StatusCode::BAD_REQUEST, "stage must be \"quick\" or \"full\""),
    };
    if req.client.as_ref().is_some_and(|c| c.len() > 64 || !c.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')) {
        return json_error(StatusCode::BAD_REQUEST, "client: at most 64 letters, digits or dashes");
    }
    let checked = match check(&app.scenario, &req.sets, &app.limits, app.jobs.threads()) {
        Ok(c) => c,
        Err(errors) => return field_errors(&errors),
    };
    let trials = if quick { checked.quick_trials } else { checked.full_trials };
    // A page showing the refined baseline keeps it through a first look.
    let page_has_baseline = req.have_baseline == Some(trials) || (quick && req.have_baseline == Some(checked.full_trials));
    let cancel = app.jobs.flag_for(req.client.as_deref());
    let (tx, mut rx) = unbounded_channel::<String>();
    let task_app = app.clone();
    tokio::spawn(async move {
        let progress_tx = tx.clone();
        let flag = cancel.clone();
        let progress = move |done: u64, total: u64| {
            // A page that went away stops its simulation.
            if progress_tx.send(format!("{{\"progress\":[{done},{total}]}}\n")).is_err() {
                flag.store(true, Ordering::Relaxed);
            }
        };
        let stage = Stage { name: if quick { "quick" } else { "full" }, trials, page_has_baseline, started };
        let outcome = answer(&task_app, checked, stage, cancel, progress).await;
        send_outcome(&tx, outcome);
    });
    let stream = futures_util::stream::poll_fn(move |cx| {
        rx.poll_recv(cx).map(|line| line.map(|l| Ok::<_, std::convert::Infallible>(Bytes::from(l))))
    });
    ([(header::CONTENT_TYPE, "application/x-ndjson"), (header::CACHE_CONTROL, "no-store")], Body::from_stream(stream)).into_response()
}

fn field_errors(errors: &[FieldError]) -> Response {
    let body = serde_json::json!({ "errors": errors }).to_string();
    (StatusCode::BAD_REQUEST, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn send_outcome(tx: &UnboundedSender<String>, outcome: Result<SimulateResult, JobError>) {
    let line = match outcome {
        Ok(r) => serde_json::json!({ "result": r }),
        Err(JobError::Superseded) => serde_json::json!({ "superseded": true }),
        Err(e) => serde_json::json!({ "error": e.to_string() }),
    };
    let _ = tx.send(format!("{line}\n"));
}

/// One stage of a what-if as asked for.
struct Stage {
    name: &'static str,
    trials: u64,
    /// The page shows the baseline's side already.
    page_has_baseline: bool,
    /// When the request arrived.
    started: Instant,
}

/// Simulate and render one stage of a what-if.
async fn answer(
    app: &Arc<App>,
    checked: Checked,
    stage: Stage,
    cancel: Arc<AtomicBool>,
    progress: impl Fn(u64, u64) + Send + Sync + 'static,
) -> Result<SimulateResult, JobError> {
    let Stage { name, trials, page_has_baseline, started } = stage;
    let baseline = app.scenario.clone();
    let changed = checked.changed.clone();
    let cached_side = kept(&app.baseline_html, &trials);
    let need_side = cached_side.is_none() && !page_has_baseline;
    let (w, sides) = app
        .jobs
        .run(cancel, progress, move |control, pool| {
            let w = run_whatif(&baseline, &changed, trials, control)?;
            let sides = pool.install(|| render_sides(&w, need_side)).map_err(JobError::Failed)?;
            Ok((w, sides))
        })
        .await?;
    let (base_side, whatif_side) = sides;
    let base_side = match (base_side, cached_side) {
        (Some(html), _) => {
            let html = Arc::new(html);
            keep(&app.baseline_html, trials, html.clone());
            Some(html)
        }
        (None, cached) => cached,
    };
    if trials == checked.full_trials {
        keep(&app.refined, checked.set_args(), Arc::new(w.changed.clone()));
    }
    let changes = setting_changes(&app.scenario, &checked.changed, &checked.paths());
    Ok(SimulateResult {
        stage: name.to_string(),
        trials,
        target: checked.full_trials,
        capped: checked.capped,
        paired: w.paired.is_some(),
        elapsed_ms: started.elapsed().as_millis() as u64,
        stage_words: stage_words(trials, checked.full_trials),
        effect: whatif_effect_html(&w, &changes),
        baseline: if page_has_baseline { None } else { base_side.map(|h| h.as_str().to_string()) },
        whatif: whatif_side,
        sets: checked.set_args(),
    })
}

/// The two sides' HTML (the baseline's only when asked for).
fn render_sides(w: &WhatIf, baseline: bool) -> Result<(Option<String>, String), String> {
    let side = |s: &Summary| run_chart_svgs(s, &PAGE_CHARTS).map(|charts| side_html(s, &charts)).map_err(|e| e.to_string());
    let base = if baseline { Some(side(&w.baseline)?) } else { None };
    Ok((base, side(&w.changed)?))
}
