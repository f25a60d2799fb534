//! The what-if page's API in process, as a page and as a hostile client
//! would use it: the page and its assets, what-ifs answered first roughly then
//! refined (each figure the run of the changed scenario at the same seed and
//! trials, the change's paired difference beside it), downloads that reproduce
//! the page, and refusals: bad paths and values, huge bodies, budgets, rates
//! and host names.

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use quotasim::engine::{Engine, RunControl};
use quotasim::report::format::pct1;
use quotasim::scenario::{Count, DEFAULT_SCENARIO, Scenario, apply_override};
use quotasim::serve::limits::{Limits, allowed_hosts};
use quotasim::serve::{App, router};
use quotasim::stats::Summary;
use serde_json::{Value, json};
use tower::ServiceExt;

const HOST: &str = "127.0.0.1:8080";

fn app_with(limits: Limits) -> Router {
    let pool = quotasim::engine::thread_pool(Some(2)).unwrap();
    router(App::new(Scenario::builtin(), DEFAULT_SCENARIO.to_string(), limits, pool, allowed_hosts(HOST.parse().unwrap())))
}

fn app() -> Router {
    app_with(Limits::default())
}

fn block<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).header(header::HOST, HOST).body(Body::empty()).unwrap()
}

fn post(body: impl Into<Body>) -> Request<Body> {
    Request::post("/api/simulate").header(header::HOST, HOST).header(header::CONTENT_TYPE, "application/json").body(body.into()).unwrap()
}

fn simulate(sets: &[&str], stage: &str, client: &str) -> Request<Body> {
    post(json!({ "sets": sets, "stage": stage, "client": client }).to_string())
}

/// Status and body of a response.
async fn call(app: &Router, req: Request<Body>) -> (StatusCode, Vec<u8>, axum::http::HeaderMap) {
    let res = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (status, to_bytes(res.into_body(), usize::MAX).await.unwrap().to_vec(), headers)
}

/// The lines of a streamed answer.
fn lines(body: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(body).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The result line of a streamed answer.
fn result(body: &[u8]) -> Value {
    let all = lines(body);
    let last = all.last().expect("an answer");
    last.get("result").unwrap_or_else(|| panic!("no result: {last}")).clone()
}

/// What `quotasim run --set ... --trials N` gives for the built-in scenario.
fn run_summary(sets: &[&str], trials: u64) -> Summary {
    let mut s = Scenario::builtin();
    for set in sets {
        let (p, v) = set.split_once('=').unwrap();
        apply_override(&mut s, p, v).unwrap();
    }
    s.counts[Count::Trials] = trials;
    Summary::build(&s, &Engine::new(&s).run(0..trials, &mut RunControl::default()).unwrap())
}

/// The text of the table cell marked `data-figure="{figure}"` in `html`.
fn figure(html: &str, figure: &str) -> String {
    let at = html.find(&format!("data-figure=\"{figure}\">")).unwrap_or_else(|| panic!("no {figure}"));
    let rest = &html[at..];
    rest[rest.find('>').unwrap() + 1..rest.find("</td>").unwrap()].to_string()
}

#[test]
fn the_page_and_its_assets_are_served_from_the_binary() {
    block(async {
        let app = app();
        let (status, body, headers) = call(&app, get("/")).await;
        assert_eq!(status, StatusCode::OK);
        let html = String::from_utf8(body).unwrap();
        assert!(html.contains("<script src=\"/page.js\" defer></script>") && !html.contains("http"), "no external fetch");
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
        for (path, kind) in [("/page.js", "javascript"), ("/page.css", "css"), ("/report.css", "css"), ("/fonts/regular.woff", "woff")] {
            let (status, body, headers) = call(&app, get(path)).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(headers[header::CONTENT_TYPE].to_str().unwrap().contains(kind) && !body.is_empty(), "{path}");
        }
        let (_, page_js, _) = call(&app, get("/page.js")).await;
        assert!(!String::from_utf8(page_js).unwrap().contains("://"), "the script fetches only its own server");
        for path in ["/nothing", "/../../etc/passwd", "/download/..%2F..%2Fetc%2Fpasswd", "/download/summary.json", "/page.js/x"] {
            let (status, _, _) = call(&app, get(path)).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
        let (status, _, _) = call(&app, Request::delete("/api/simulate").header(header::HOST, HOST).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    });
}

#[test]
fn the_scenario_is_listed_as_labelled_inputs() {
    block(async {
        let (status, body, _) = call(&app(), get("/api/scenario")).await;
        assert_eq!(status, StatusCode::OK);
        let page: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(page["strategies"], json!(["spray-and-pray", "targeted"]));
        let fields: Vec<&Value> = page["groups"].as_array().unwrap().iter().flat_map(|g| g["fields"].as_array().unwrap()).collect();
        let win = fields.iter().find(|f| f["path"] == "selling.win_rate").unwrap();
        assert_eq!(
            (win["label"].as_str(), win["value"].as_str(), win["kind"].as_str()),
            (Some("Win rate of qualified deals"), Some("21.5%"), Some("number"))
        );
        assert!(fields.iter().any(|f| f["path"] == "strategy.targeted.touches_per_week"));
    });
}

#[test]
fn a_what_if_is_the_run_of_the_changed_scenario_first_roughly_then_refined() {
    block(async {
        let app = app();
        let sets = ["strategy.targeted.coverage_target=4.5", "selling.win_rate=23%"];
        let (status, body, headers) = call(&app, simulate(&sets, "quick", "page-1")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_TYPE], "application/x-ndjson");
        let quick = result(&body);
        assert_eq!((quick["trials"].as_u64(), quick["target"].as_u64(), quick["paired"].as_bool()), (Some(100), Some(1000), Some(true)));
        let (_, body, _) = call(&app, simulate(&sets, "full", "page-1")).await;
        let all = lines(&body);
        assert!(all.iter().any(|l| l.get("progress").is_some()), "progress while refining");
        let full = result(&body);
        assert_eq!(full["trials"].as_u64(), Some(1000));
        assert_eq!(full["sets"], json!(sets));
        for (answer, trials) in [(&quick, 100), (&full, 1000)] {
            let changed = run_summary(&sets, trials);
            let base = run_summary(&[], trials);
            let effect = answer["effect"].as_str().unwrap();
            for (i, (new, old)) in changed.strategies.iter().zip(&base.strategies).enumerate() {
                let cell = figure(effect, &format!("at_quota:{i}"));
                assert!(cell.starts_with(&format!("{} (", pct1(new.at_quota.share))), "{trials} trials, strategy {i}: {cell}");
                assert!(effect.contains(&pct1(old.at_quota.share)), "the baseline beside it");
            }
            // The paired difference of the change, in the sentence and the table.
            assert!(effect.contains("On the same reps and the same random draws, targeted has"), "{effect}");
            assert!(answer["whatif"].as_str().unwrap().contains("<figure class=\"attainment_exceedance\">"));
        }
        let lead = full["effect"].as_str().unwrap();
        assert!(
            lead.contains("Coverage target for targeted: 3× → 4.5×") && lead.contains("Win rate of qualified deals: 21.5% → 23%"),
            "{lead}"
        );
        // A page that shows the refined baseline is not sent it again.
        let again = post(json!({ "sets": sets, "stage": "quick", "client": "page-1", "have_baseline": 1000 }).to_string());
        let (_, body, _) = call(&app, again).await;
        assert!(result(&body)["baseline"].is_null());
    });
}

#[test]
fn concurrent_pages_get_the_same_answer_and_a_newer_request_cancels_the_older() {
    block(async {
        let app = app();
        let sets = ["team.reps=30"];
        let (a, b) = tokio::join!(call(&app, simulate(&sets, "quick", "page-a")), call(&app, simulate(&sets, "quick", "page-b")));
        let (ra, rb) = (result(&a.1), result(&b.1));
        assert_eq!((&ra["effect"], &ra["whatif"]), (&rb["effect"], &rb["whatif"]));
        assert_eq!(ra["paired"], json!(false), "a change of team size is not paired");
        // A long refinement (5,000 trials) and, at once, the same page's next question.
        let slow = call(&app, simulate(&["simulation.trials=5000"], "full", "page-c"));
        let next = async {
            tokio::task::yield_now().await;
            call(&app, simulate(&["selling.win_rate=22%"], "quick", "page-c")).await
        };
        let (old, new) = tokio::join!(slow, next);
        assert_eq!(lines(&old.1).last().unwrap(), &json!({ "superseded": true }));
        assert_eq!(result(&new.1)["trials"].as_u64(), Some(100));
    });
}

#[test]
fn bad_inputs_are_named_beside_their_input() {
    block(async {
        let app = app();
        let (status, body, _) =
            call(&app, simulate(&["selling.win_rate=150%", "policy.coverage_targt=3", "team.quota=lots"], "quick", "p")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let errors: Value = serde_json::from_slice(&body).unwrap();
        let paths: Vec<&str> = errors["errors"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap()).collect();
        assert_eq!(paths, ["selling.win_rate", "policy.coverage_targt", "team.quota"]);
        for bad in [
            "not json".to_string(),
            json!({ "sets": [], "stage": "slow" }).to_string(),
            json!({ "sets": [], "stage": "quick", "extra": 1 }).to_string(),
            json!({ "sets": "team.reps=3", "stage": "quick" }).to_string(),
            json!({ "sets": [], "stage": "quick", "client": "../../x" }).to_string(),
            json!({ "sets": ["="], "stage": "quick" }).to_string(),
            json!({ "sets": ["simulation.trials=0"], "stage": "quick" }).to_string(),
            json!({ "sets": ["strategy.nobody.win_rate=0.3"], "stage": "quick" }).to_string(),
            json!({ "sets": ["selling.win_rate={ pert = [0.2, 0.3] }"], "stage": "quick" }).to_string(),
        ] {
            let (status, body, _) = call(&app, post(bad.clone())).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {}", String::from_utf8_lossy(&body));
            let v: Value = serde_json::from_slice(&body).unwrap_or_else(|_| panic!("{bad}: a JSON error"));
            assert!(v.get("error").is_some() || v.get("errors").is_some(), "{bad}");
        }
    });
}

#[test]
fn huge_requests_and_jobs_beyond_the_budget_are_refused() {
    block(async {
        let app = app();
        let huge = json!({ "sets": vec!["selling.win_rate=0.3"; 5000], "stage": "quick" }).to_string();
        assert!(huge.len() > Limits::default().body_bytes);
        let (status, _, _) = call(&app, post(huge)).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        let (status, body, _) = call(&app, simulate(&["simulation.trials=1000000"], "quick", "p")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["errors"][0]["path"], "simulation.trials");
        assert!(v["errors"][0]["message"].as_str().unwrap().contains("budget"));
        let (status, body, _) = call(&app, simulate(&["team.reps=1000000"], "quick", "p")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{}", String::from_utf8_lossy(&body));
        // A cadence of 100,000 touches a week opens about 1,800 opportunities a
        // rep-week: the size guard's estimate caps the trials, or refuses them when asked for.
        let cadence = ["strategy.targeted.touches_per_week=100000", "strategy.targeted.minutes_per_touch=0.01"];
        let (status, body, _) = call(&app, simulate(&cadence, "quick", "p")).await;
        assert_eq!(status, StatusCode::OK);
        let capped = result(&body);
        assert_eq!(capped["capped"], json!(true));
        let target = capped["target"].as_u64().unwrap();
        assert!(target < 100 && capped["trials"].as_u64().unwrap() <= target, "{}", capped["target"]);
        let asked = [cadence[0], cadence[1], "simulation.trials=1000"];
        let (status, body, _) = call(&app, simulate(&asked, "quick", "p")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(String::from_utf8_lossy(&body).contains(&format!("at most {target} trials")));
    });
}

#[test]
fn requests_beyond_the_rate_or_for_another_host_are_refused() {
    block(async {
        let slow = app_with(Limits { burst: 2.0, per_second: 0.0, ..Limits::default() });
        let mut statuses = Vec::new();
        for _ in 0..3 {
            statuses.push(call(&slow, simulate(&["selling.win_rate=150%"], "quick", "p")).await.0);
        }
        assert_eq!(statuses, [StatusCode::BAD_REQUEST, StatusCode::BAD_REQUEST, StatusCode::TOO_MANY_REQUESTS]);
        let app = app();
        for host in ["evil.example:8080", "127.0.0.1:9999", ""] {
            let req = Request::get("/api/scenario").header(header::HOST, host).body(Body::empty()).unwrap();
            assert_eq!(call(&app, req).await.0, StatusCode::FORBIDDEN, "{host}");
        }
        let req = Request::get("/").body(Body::empty()).unwrap();
        assert_eq!(call(&app, req).await.0, StatusCode::FORBIDDEN, "no Host header");
        for host in ["localhost:8080", "[::1]:8080"] {
            let req = Request::get("/").header(header::HOST, host).body(Body::empty()).unwrap();
            assert_eq!(call(&app, req).await.0, StatusCode::OK, "{host}");
        }
    });
}

#[test]
fn downloads_reproduce_the_page() {
    block(async {
        let app = app();
        let sets = ["strategy.targeted.touches_per_week=70", "team.quota=$75k", "simulation.trials=300"];
        let query: String = sets.iter().map(|s| format!("set={}", s.replace('=', "%3D").replace('$', "%24"))).collect::<Vec<_>>().join("&");
        let (_, body, _) = call(&app, simulate(&sets, "full", "page-d")).await;
        let page = result(&body);
        let (status, toml, headers) = call(&app, get(&format!("/download/scenario.toml?{query}"))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains(".toml"));
        let text = String::from_utf8(toml).unwrap();
        assert!(text.starts_with("# What-if of <built-in default>") && text.contains("touches_per_week = 70"), "{text}");
        let written = Scenario::from_toml(&text, "what-if.toml").unwrap();
        assert_eq!(written.trials(), 300);
        let run = Summary::build(&written, &Engine::new(&written).run(0..300, &mut RunControl::default()).unwrap());
        let cell = figure(page["effect"].as_str().unwrap(), "at_quota:1");
        assert!(cell.starts_with(&format!("{} (", pct1(run.strategies[1].at_quota.share))), "{cell}");
        // report.html and summary.xlsx are the run's, with the overrides in its manifest.
        let (status, html, _) = call(&app, get(&format!("/download/report.html?{query}"))).await;
        assert_eq!(status, StatusCode::OK);
        let expected = run_summary(&sets, 300);
        let names: Vec<String> = quotasim::report::charts::run_chart_figures(&expected).into_iter().map(|f| f.name).collect();
        let charts = quotasim::report::charts::run_chart_svgs(&expected, &names.iter().map(String::as_str).collect::<Vec<_>>()).unwrap();
        assert!(html == quotasim::report::html::report_html(&expected, &charts), "report.html as `quotasim run --set` writes it");
        assert!(String::from_utf8(html).unwrap().contains("<code>team.quota=$75k</code>"));
        let (status, xlsx, _) = call(&app, get(&format!("/download/summary.xlsx?{query}"))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(xlsx.starts_with(b"PK"), "a workbook");
        let (status, body, _) = call(&app, get("/download/scenario.toml?set=selling.win_rate%3D2")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{}", String::from_utf8_lossy(&body));
        assert!(String::from_utf8_lossy(&body).contains("selling.win_rate"));
    });
}

/// A slider's value as the page writes it into its text input.
fn slider_text(slider: &Value, x: f64) -> String {
    let round = |v: f64| (v * 1e9).round() / 1e9;
    if slider["write"] == "percent" { format!("{}%", round(x * 100.0)) } else { format!("{}", round(x)) }
}

#[test]
fn every_shipped_scenario_reads_back_its_inputs_and_answers_a_what_if() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "toml")).collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    block(async {
        for file in &files {
            let (scenario, text) = Scenario::load_with_text(file).unwrap();
            let pool = quotasim::engine::thread_pool(Some(2)).unwrap();
            let app = router(App::new(scenario, text, Limits::default(), pool, allowed_hosts(HOST.parse().unwrap())));
            let (_, body, _) = call(&app, get("/api/scenario")).await;
            let page: Value = serde_json::from_slice(&body).unwrap();
            let fields: Vec<Value> =
                page["groups"].as_array().unwrap().iter().flat_map(|g| g["fields"].as_array().unwrap().clone()).collect();
            // Every input's value, sent back as it stands, changes nothing.
            let echoed: Vec<String> =
                fields.iter().map(|f| format!("{}={}", f["path"].as_str().unwrap(), f["value"].as_str().unwrap())).collect();
            let echoed: Vec<&str> = echoed.iter().map(String::as_str).collect();
            let (status, body, _) = call(&app, simulate(&echoed, "quick", "p")).await;
            assert_eq!(status, StatusCode::OK, "{}: {}", file.display(), String::from_utf8_lossy(&body));
            let lead = result(&body)["effect"].as_str().unwrap().to_string();
            assert!(lead.contains("No setting changed"), "{}: {lead}", file.display());
            // The last slider of the page moved to its end: an answer that names the change.
            let f = fields.iter().rev().find(|f| !f["slider"].is_null()).unwrap();
            let set = format!("{}={}", f["path"].as_str().unwrap(), slider_text(&f["slider"], f["slider"]["max"].as_f64().unwrap()));
            let (status, body, _) = call(&app, simulate(&[set.as_str()], "quick", "p")).await;
            assert_eq!(status, StatusCode::OK, "{}: {set}: {}", file.display(), String::from_utf8_lossy(&body));
            let r = result(&body);
            assert!(r["effect"].as_str().unwrap().contains(f["label"].as_str().unwrap()), "{}: {set}", file.display());
            let query = form_urlencoded::Serializer::new(String::new()).append_pair("set", &set).finish();
            let (status, toml, _) = call(&app, get(&format!("/download/scenario.toml?{query}"))).await;
            assert_eq!(status, StatusCode::OK, "{}: {set}", file.display());
            Scenario::from_toml(std::str::from_utf8(&toml).unwrap(), "what-if").unwrap();
        }
    });
}

#[test]
fn serve_refuses_a_missing_scenario_and_a_busy_port_plainly() {
    let qs = || assert_cmd::Command::cargo_bin("quotasim").unwrap();
    let missing = qs().args(["serve", "no-such-scenario.toml"]).assert().code(2);
    let err = String::from_utf8_lossy(&missing.get_output().stderr).to_string();
    assert!(err.contains("no-such-scenario.toml") && err.contains("cannot read"), "{err}");
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let refused = qs().args(["serve", "--port", &port]).assert().code(2);
    let err = String::from_utf8_lossy(&refused.get_output().stderr).to_string();
    assert!(err.contains(&format!("cannot listen on 127.0.0.1 port {port}")) && err.contains("--port"), "{err}");
}
