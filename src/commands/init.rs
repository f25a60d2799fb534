//! `quotasim init`: write the fully commented default scenario as a start.

use std::io::ErrorKind;

use super::{CommandError, InitOptions};
use crate::output;
use crate::scenario::DEFAULT_SCENARIO;

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
    output::write_atomic(&opts.path, DEFAULT_SCENARIO.as_bytes())
        .map_err(|e| CommandError::output(format!("cannot write {}", opts.path.display()), e))?;
    println!("wrote {}: a commented scenario; edit it, then `quotasim run {}`", opts.path.display(), opts.path.display());
    Ok(())
}
