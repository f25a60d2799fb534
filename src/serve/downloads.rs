//! `GET /download/{file}?set=PATH=VALUE&...`: the what-if to keep, from
//! the same overrides as the page's URL:
//!
//! - `scenario.toml`: the scenario's own text with the overrides written in
//!   ([`crate::scenario::rewrite`]); checked to read back to the same
//!   settings, so `quotasim run` on it reproduces the page's figures;
//! - `report.html` and `summary.xlsx`: exactly what `quotasim run` writes for
//!   the what-if at the page's refined trial count (the scenario's, unless the
//!   page's budget capped it), from the latest refined answer when it is kept.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::request::{Checked, check};
use super::{App, json_error, keep, kept};
use crate::engine::Engine;
use crate::report;
use crate::scenario::rewrite::with_overrides;
use crate::scenario::{Count, Scenario, slug};
use crate::stats::Summary;

pub(super) async fn download(State(app): State<Arc<App>>, Path(file): Path<String>, RawQuery(query): RawQuery) -> Response {
    if !app.rate.allow() {
        return json_error(StatusCode::TOO_MANY_REQUESTS, "too many requests: slow down");
    }
    let query = query.unwrap_or_default();
    if query.len() > app.limits.body_bytes {
        return json_error(StatusCode::URI_TOO_LONG, "too many settings in the address");
    }
    let sets: Vec<String> = form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k == "set").map(|(_, v)| v.into_owned()).collect();
    let checked = match check(&app.scenario, &sets, &app.limits, app.jobs.threads()) {
        Ok(c) => c,
        Err(errors) => {
            let text: Vec<String> =
                errors.iter().map(|e| if e.path.is_empty() { e.message.clone() } else { format!("{}: {}", e.path, e.message) }).collect();
            return json_error(StatusCode::BAD_REQUEST, &text.join("; "));
        }
    };
    let stem = format!("{}-what-if", slug(&app.scenario.name));
    let result = match file.as_str() {
        "scenario.toml" => {
            scenario_toml(&app, &checked).map(|t| (format!("{stem}.toml"), "application/toml; charset=utf-8", t.into_bytes()))
        }
        "report.html" => {
            refined(&app, &checked).await.and_then(|s| report_html(&s)).map(|b| (format!("{stem}.html"), "text/html; charset=utf-8", b))
        }
        "summary.xlsx" => refined(&app, &checked).await.and_then(|s| {
            report::csv::summary_xlsx(&s)
                .map(|b| (format!("{stem}.xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b))
                .map_err(|e| e.to_string())
        }),
        _ => return json_error(StatusCode::NOT_FOUND, "downloads are scenario.toml, report.html and summary.xlsx"),
    };
    match result {
        Ok((name, content_type, bytes)) => {
            let disposition =
                HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).unwrap_or(HeaderValue::from_static("attachment"));
            ([(header::CONTENT_TYPE, HeaderValue::from_static(content_type)), (header::CONTENT_DISPOSITION, disposition)], bytes)
                .into_response()
        }
        Err(message) => json_error(StatusCode::INTERNAL_SERVER_ERROR, &message),
    }
}

/// The changed scenario as a file; an error rather than a file that would
/// not read back to the page's settings.
fn scenario_toml(app: &App, checked: &Checked) -> Result<String, String> {
    let mut header = format!("# What-if of {} made with quotasim serve.\n", one_line(&app.scenario.source_label));
    if checked.sets.is_empty() {
        header.push_str("# No setting changed.\n");
    } else {
        header.push_str("# Changed settings (--set form):\n");
        for s in checked.set_args() {
            header.push_str(&format!("#   {}\n", one_line(&s)));
        }
    }
    let text = with_overrides(&app.text, &checked.sets, &header).map_err(|e| e.to_string())?;
    let read = Scenario::from_toml(&text, "what-if").map_err(|e| format!("the written scenario does not read back: {e}"))?;
    let same = read.counts == checked.changed.counts
        && (0..read.strategies.len()).all(|i| read.resolved(i).same_values(&checked.changed.resolved(i)));
    if !same {
        return Err("the written scenario does not read back to the page's settings".into());
    }
    Ok(text)
}

/// Text for a comment line: no line breaks.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// The what-if's summary at the refined trial count: kept from the page's
/// latest answers, or simulated now.
async fn refined(app: &Arc<App>, checked: &Checked) -> Result<Arc<Summary>, String> {
    let key = checked.set_args();
    if let Some(s) = kept(&app.refined, &key) {
        return Ok(s);
    }
    let mut scenario = checked.changed.clone();
    scenario.counts[Count::Trials] = checked.full_trials;
    let cancel = app.jobs.flag_for(None);
    let summary = app
        .jobs
        .run(
            cancel,
            |_, _| {},
            move |control, _| {
                let acc = Engine::new(&scenario).run(0..scenario.trials(), control)?;
                Ok(Summary::build(&scenario, &acc))
            },
        )
        .await
        .map_err(|e| e.to_string())?;
    let summary = Arc::new(summary);
    keep(&app.refined, key, summary.clone());
    Ok(summary)
}

/// report.html as `quotasim run` writes it (its charts go in as SVG).
fn report_html(s: &Summary) -> Result<Vec<u8>, String> {
    let names: Vec<String> = report::charts::run_chart_figures(s).into_iter().map(|f| f.name).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let charts = report::charts::run_chart_svgs(s, &names).map_err(|e| format!("cannot draw the charts: {e}"))?;
    Ok(report::html::report_html(s, &charts))
}
