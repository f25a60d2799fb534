//! `quotasim serve`: the what-if page ([`crate::serve`]) on a local address.
//! Loads the scenario once (the page reads no file after that), binds
//! 127.0.0.1 unless `--host` says otherwise and says so, and serves until
//! Ctrl-C. Nothing is written.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::CommandError;
use crate::engine;
use crate::scenario::{BUILTIN_LABEL, DEFAULT_SCENARIO, Scenario};
use crate::serve::{self, App, limits};

#[derive(Clone, Debug, Default)]
pub struct ServeOptions {
    /// None = the built-in default scenario.
    pub scenario: Option<PathBuf>,
    pub port: u16,
    /// None = 127.0.0.1 (this machine only).
    pub host: Option<String>,
    /// Try to open the page in a browser.
    pub open: bool,
    pub threads: Option<usize>,
}

/// The address the page listens on unless told otherwise.
pub const DEFAULT_HOST: &str = "127.0.0.1";
pub const DEFAULT_PORT: u16 = 8080;

pub fn serve(opts: &ServeOptions) -> Result<(), CommandError> {
    let (scenario, text) = match &opts.scenario {
        Some(p) => Scenario::load_with_text(p)?,
        None => (Scenario::from_toml(DEFAULT_SCENARIO, BUILTIN_LABEL)?, DEFAULT_SCENARIO.to_string()),
    };
    for w in scenario.warnings() {
        eprintln!("warning: {w}");
    }
    let pool = engine::thread_pool(opts.threads)?;
    let host = opts.host.clone().unwrap_or_else(|| DEFAULT_HOST.to_string());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CommandError::output("cannot start the server", e))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind((host.as_str(), opts.port)).await.map_err(|e| {
            CommandError::usage(format!("cannot listen on {host} port {}: {e} (choose another --port, or --host)", opts.port))
        })?;
        let addr = listener.local_addr().map_err(|e| CommandError::output("cannot read the server's address", e))?;
        let name = scenario.name.clone();
        let app = App::new(scenario, text, limits::Limits::default(), pool, limits::allowed_hosts(addr));
        let url = page_url(addr);
        announce(&name, &url, addr, opts.host.is_some());
        if opts.open {
            open_browser(&url);
        }
        serve::serve(listener, app).await.map_err(|e| CommandError::output("the server stopped", e))
    })
}

/// The page's address as a browser writes it.
fn page_url(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() { format!("http://localhost:{}/", addr.port()) } else { format!("http://{addr}/") }
}

fn announce(name: &str, url: &str, addr: SocketAddr, explicit_host: bool) {
    println!("quotasim serve: {name}");
    println!("open {url}");
    if addr.ip().is_loopback() {
        println!("(only this machine can reach it; Ctrl-C stops the server)");
    } else {
        println!(
            "listening on {addr} (--host): other machines on the network can reach this page and run simulations on this one; \
             Ctrl-C stops the server"
        );
    }
    if explicit_host && addr.ip().is_loopback() {
        println!("(--host {} is a loopback address)", addr.ip());
    }
}

/// Ask the system to open `url`; say so, and carry on, when it cannot.
fn open_browser(url: &str) {
    let tries: &[(&str, &[&str])] = if cfg!(target_os = "macos") {
        &[("open", &[])]
    } else if cfg!(windows) {
        &[("cmd", &["/C", "start", ""])]
    } else {
        &[("xdg-open", &[]), ("sensible-browser", &[])]
    };
    for (program, args) in tries {
        let spawned = std::process::Command::new(program)
            .args(*args)
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if spawned.is_ok() {
            return;
        }
    }
    println!("(--open: no browser could be started here; open {url} yourself)");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_address_is_one_a_browser_can_open() {
        assert_eq!(page_url("127.0.0.1:8080".parse().unwrap()), "http://127.0.0.1:8080/");
        assert_eq!(page_url("0.0.0.0:9000".parse().unwrap()), "http://localhost:9000/");
        assert_eq!(page_url("[::1]:81".parse().unwrap()), "http://[::1]:81/");
    }
}
