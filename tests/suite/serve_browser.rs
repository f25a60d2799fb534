//! The what-if page in a real browser (headless Chromium through
//! chromedriver's WebDriver API), as an analyst uses it in a meeting: open
//! the page, move a slider with the keyboard, wait for the refined answer,
//! and check its figure against `quotasim run --set` at the same seed and
//! trials; then the layout at 1280 and 390 px (nothing cut, no sideways
//! scrolling of the page), with a screenshot of each, the phone opening the
//! page's link to the what-if.
//!
//! Needs Debian's `chromium` and `chromium-driver` (or QUOTASIM_CHROMIUM and
//! QUOTASIM_CHROMEDRIVER); without them it says so and passes, unless
//! QUOTASIM_REQUIRE_BROWSER is set (CI installs them and sets it).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

/// Chromium as this test may start it (no sandbox, GPU, network services or first-run UI).
const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// The longest any wait may take before the test gives up (not a timing
/// assertion: a bound so that a broken page fails instead of hanging).
const PATIENCE: Duration = Duration::from_secs(180);

/// Kills the processes this test started, however it ends.
struct Children(Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn tool(var: &str, default: &str) -> Option<PathBuf> {
    let path = std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(default));
    path.is_file().then_some(path)
}

/// A port nobody listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `quotasim serve --port 0`, and the page's address it announces.
fn start_server(children: &mut Children) -> String {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("quotasim"))
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    children.0.push(child);
    let mut lines = BufReader::new(stdout).lines();
    let url =
        lines.by_ref().map_while(Result::ok).find_map(|l| l.strip_prefix("open ").map(str::to_string)).expect("the address announced");
    // Keep reading so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    url
}

/// A plain HTTP/1.1 client for chromedriver's WebDriver API.
struct Http {
    runtime: tokio::runtime::Runtime,
    port: u16,
}

impl Http {
    /// Status and body of one request.
    fn request(&self, method: &str, path: &str, body: Option<&Value>) -> Result<(u16, Vec<u8>), String> {
        use http_body_util::BodyExt;
        self.runtime.block_on(async {
            let stream = tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await.map_err(|e| e.to_string())?;
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.map_err(|e| e.to_string())?;
            tokio::spawn(connection);
            let body = body.map(Value::to_string).unwrap_or_default();
            let request = hyper::Request::builder()
                .method(method)
                .uri(path)
                .header("host", format!("127.0.0.1:{}", self.port))
                .header("content-type", "application/json")
                .body(http_body_util::Full::new(hyper::body::Bytes::from(body)))
                .map_err(|e| e.to_string())?;
            let response = sender.send_request(request).await.map_err(|e| e.to_string())?;
            let status = response.status().as_u16();
            let bytes = response.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
            Ok((status, bytes.to_vec()))
        })
    }
}

struct Driver {
    http: Http,
    session: String,
}

impl Driver {
    fn start(chromedriver: &Path, chromium: &Path, profile: &Path, children: &mut Children) -> Driver {
        let port = free_port();
        let child = Command::new(chromedriver).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        children.0.push(child);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let http = Http { runtime, port };
        let started = Instant::now();
        while http.request("GET", "/status", None).is_err() {
            assert!(started.elapsed() < PATIENCE, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.push("--window-size=1280,900".into());
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args }
        }}});
        let mut d = Driver { http, session: String::new() };
        let created = d.call("POST", "/session", Some(caps));
        d.session = created["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {created}")).to_string();
        d
    }

    /// One WebDriver command; its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, bytes) = self.http.request(method, path, body.as_ref()).unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let v: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{method} {path}: {status}: {e}"));
        let value = v["value"].clone();
        if status != 200 || value.get("error").is_some() {
            panic!("{method} {path}: {status}: {value}");
        }
        value
    }

    fn session(&self, path: &str, body: Option<Value>) -> Value {
        let method = if body.is_some() { "POST" } else { "GET" };
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn script(&self, script: &str, args: Value) -> Value {
        self.session("/execute/sync", Some(json!({ "script": script, "args": args })))
    }

    fn element(&self, css: &str) -> Value {
        self.session("/element", Some(json!({ "using": "css selector", "value": css })))
    }

    /// Wait until `script` returns something truthy; that value.
    fn until(&self, what: &str, script: &str) -> Value {
        let started = Instant::now();
        loop {
            let v = self.script(script, json!([]));
            if !(v.is_null() || v == json!(false) || v == json!("")) {
                return v;
            }
            if started.elapsed() > PATIENCE {
                let status = self.script("return document.getElementById('status').textContent", json!([]));
                panic!("waited too long for {what}; status: {status}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The viewport as a screen of `width` x `height` CSS pixels.
    fn screen(&self, width: u32, height: u32, mobile: bool) {
        let params = json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile });
        self.session("/goog/cdp/execute", Some(json!({ "cmd": "Emulation.setDeviceMetricsOverride", "params": params })));
    }

    fn screenshot(&self) -> Vec<u8> {
        let b64 = self.session("/screenshot", None);
        base64::engine::general_purpose::STANDARD.decode(b64.as_str().unwrap()).unwrap()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.http.request("DELETE", &format!("/session/{}", self.session), None);
        }
    }
}

/// Elements that reach beyond the viewport outside any scrolling box, and
/// whether the page itself scrolls sideways.
const LAYOUT_PROBLEMS: &str = r#"
const width = document.documentElement.clientWidth;
const problems = [];
if (document.documentElement.scrollWidth > width) problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
for (const e of document.querySelectorAll('body *')) {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  let p = e.parentElement, boxed = false;
  while (p && p !== document.body) {
    const o = getComputedStyle(p).overflowX;
    if (o === 'auto' || o === 'scroll' || o === 'hidden') { boxed = true; break; }
    p = p.parentElement;
  }
  if (!boxed && (r.right > width + 1 || r.left < -1)) problems.push(e.tagName + '.' + e.className + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right));
}
return problems.slice(0, 12);
"#;

fn png_width(png: &[u8]) -> u32 {
    png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap().info().width
}

/// The share at quota of `strategy` as `quotasim run --set` gives it.
fn run_share(set: &str, strategy: usize) -> f64 {
    let out = tempfile::tempdir().unwrap();
    let result = assert_cmd::Command::cargo_bin("quotasim")
        .unwrap()
        .args(["run", "--set", set, "--json", "--no-charts", "--quiet", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let summary: Value = serde_json::from_slice(&result.get_output().stdout).unwrap();
    summary["strategies"][strategy]["at_quota"]["share"].as_f64().unwrap()
}

#[test]
fn a_slider_moved_in_a_real_browser_gives_the_run_of_the_changed_scenario() {
    let (Some(chromium), Some(chromedriver)) =
        (tool("QUOTASIM_CHROMIUM", "/usr/bin/chromium"), tool("QUOTASIM_CHROMEDRIVER", "/usr/bin/chromedriver"))
    else {
        assert!(std::env::var_os("QUOTASIM_REQUIRE_BROWSER").is_none(), "QUOTASIM_REQUIRE_BROWSER is set but Chromium is missing");
        // Written past the test harness's capture, so `cargo test` shows it.
        let _ = writeln!(
            std::io::stderr(),
            "serve_browser: SKIPPED: no Chromium here (install Debian's chromium and chromium-driver, or set \
             QUOTASIM_CHROMIUM and QUOTASIM_CHROMEDRIVER); CI runs this test"
        );
        return;
    };
    let mut children = Children(Vec::new());
    let url = start_server(&mut children);
    let profile = tempfile::tempdir().unwrap();
    let driver = Driver::start(&chromedriver, &chromium, profile.path(), &mut children);
    driver.screen(1280, 900, false);
    driver.session("/url", Some(json!({ "url": url })));
    driver.until("the first refined answer", "return document.body.dataset.stage === 'final'");
    let lead = driver.script("return document.getElementById('whatif-lead').textContent", json!([]));
    assert!(lead.as_str().unwrap().starts_with("No setting changed"), "{lead}");

    // Ten steps of the targeted strategy's coverage target, with the keyboard.
    let path = "strategy.targeted.coverage_target";
    let slider = driver.element(&format!("input[data-slider='{path}']"));
    let id = slider.as_object().unwrap().values().next().unwrap().as_str().unwrap().to_string();
    driver.session(&format!("/element/{id}/value"), Some(json!({ "text": "\u{E014}".repeat(10) })));
    let value = driver.until(
        "the answer to the moved slider",
        "const c = document.querySelector('ul.changes'); const v = document.getElementById('f-strategy-targeted-coverage-target').value;\
         return document.body.dataset.stage === 'final' && c && c.textContent.includes('Coverage target for targeted') \
         && location.search.includes(encodeURIComponent('=' + v)) && v",
    );
    let value = value.as_str().unwrap().to_string();
    assert_ne!(value, "3", "the slider moved");
    let cell = driver.script("return document.querySelector('[data-figure=\"at_quota:1\"]').textContent", json!([]));
    let expected = quotasim::report::format::pct1(run_share(&format!("{path}={value}"), 1));
    assert!(cell.as_str().unwrap().starts_with(&format!("{expected} (")), "page {cell}, quotasim run {expected}");
    let lead = driver.script("return document.getElementById('whatif-lead').textContent", json!([]));
    assert!(lead.as_str().unwrap().starts_with("With the change: "), "{lead}");

    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve-browser");
    std::fs::create_dir_all(&shots).unwrap();
    for (name, width, height, mobile) in [("desktop-1280", 1280, 900, false), ("phone-390", 390, 844, true)] {
        driver.screen(width, height, mobile);
        if mobile {
            // The page's link, opened on a phone, reopens the same what-if.
            let link = driver.script("return document.getElementById('link').href", json!([]));
            driver.session("/url", Some(json!({ "url": link })));
            let reopened = driver.until(
                "the reopened what-if",
                "const c = document.querySelector('[data-figure=\"at_quota:1\"]'); return document.body.dataset.stage === 'final' && c && c.textContent",
            );
            assert_eq!(reopened, cell, "the link reopens the same what-if");
            let input = driver.script("return document.getElementById('f-strategy-targeted-coverage-target').value", json!([]));
            assert_eq!(input, json!(value));
        }
        let inner = driver.until("the new width", &format!("return window.innerWidth === {width} && window.innerWidth"));
        assert_eq!(inner, json!(width));
        let problems = driver.script(LAYOUT_PROBLEMS, json!([]));
        assert_eq!(problems, json!([]), "{name}: layout problems");
        let png = driver.screenshot();
        assert_eq!(png_width(&png), width, "{name}");
        std::fs::write(shots.join(format!("{name}.png")), png).unwrap();
    }
}
