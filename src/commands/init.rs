//! `quotasim init`: write the fully commented default scenario as a start,
//! under a name of its own (the name picks the output folder, so a new
//! scenario's runs never land in the default scenario's folder).

use std::io::{BufRead, ErrorKind, IsTerminal, Write};
use std::path::Path;

use super::{CommandError, InitOptions};
use crate::output;
use crate::scenario::{DEFAULT_SCENARIO, slug};

pub fn init(opts: &InitOptions) -> Result<(), CommandError> {
    match std::fs::metadata(&opts.path) {
        Ok(_) if !opts.force => {
            return Err(CommandError::usage(format!("{} already exists; use --force to overwrite it", opts.path.display())));
        }
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(e) => return Err(CommandError::output(format!("{}", opts.path.display()), e)),
    }
    if let Some(parent) = opts.path.parent().filter(|p| !p.as_os_str().is_empty() && !p.is_dir()) {
        return Err(CommandError::usage(format!("folder {} does not exist", parent.display())));
    }
    let name = match &opts.name {
        Some(n) => n.trim().to_string(),
        None => ask_name(&opts.path)?,
    };
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(CommandError::usage("--name: give the scenario a name of letters, digits and spaces"));
    }
    output::write_atomic(&opts.path, named(DEFAULT_SCENARIO, &name).as_bytes())
        .map_err(|e| CommandError::output(format!("cannot write {}", opts.path.display()), e))?;
    let path = opts.path.display();
    println!("wrote {path}: a commented scenario named \"{name}\" (its runs go to output/{}/)", slug(&name));
    println!("edit it, then `quotasim run {path}`");
    Ok(())
}

/// The name from the file's stem: `west-team.toml` gives "west-team".
fn stem_name(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().trim().to_string()).filter(|s| !s.is_empty()).unwrap_or_else(|| "my scenario".into())
}

/// Ask on a terminal, offering the file's stem; elsewhere take the stem.
fn ask_name(path: &Path) -> Result<String, CommandError> {
    let offered = stem_name(path);
    if !std::io::stdin().is_terminal() {
        return Ok(offered);
    }
    eprint!("Name of the scenario (it names the output folder) [{offered}]: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| CommandError::output("cannot read the name", e))?;
    let answer = line.trim();
    Ok(if answer.is_empty() { offered } else { answer.to_string() })
}

/// The scenario text with its top-level `name` replaced by `name`.
fn named(text: &str, name: &str) -> String {
    let quoted = toml::Value::String(name.to_string()).to_string();
    let mut done = false;
    let mut out = String::with_capacity(text.len() + name.len());
    for line in text.split_inclusive('\n') {
        if !done && line.starts_with("name = ") {
            out.push_str(&format!("name = {quoted}\n"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    #[test]
    fn the_starter_takes_the_name_given_and_stays_valid() {
        for name in ["West team", "Quote \"this\" \\ and that", "Équipe Nord"] {
            let text = named(DEFAULT_SCENARIO, name);
            let s = Scenario::from_toml(&text, "t.toml").unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(s.name, name);
            // Only the top-level name changes.
            assert_eq!(s.strategies.len(), Scenario::builtin().strategies.len());
            assert_eq!(text.lines().count(), DEFAULT_SCENARIO.lines().count());
        }
        assert_eq!(stem_name(Path::new("plans/west-team.toml")), "west-team");
    }
}
