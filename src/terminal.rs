//! The terminal side of the shell: colour choice, status lines on stderr, and the confirmation
//! prompt of `apply`. stdout carries only the product; everything here that is not the product
//! goes to stderr.

use std::io::{BufRead, IsTerminal, Write};

use anstyle::{AnsiColor, Style};

use crate::cli::ColorChoice;

/// Styles with a meaning, never raw colours at call sites.
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub const HINT: Style = AnsiColor::Cyan.on_default();
pub const STATUS: Style = Style::new().dimmed();

/// Decide once for the whole process whether `anstream` emits colour. `auto` colours a terminal
/// unless `NO_COLOR` is set (anstream checks both per stream).
pub fn init_color(choice: ColorChoice) {
    let choice = match choice {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
}

/// Where status lines go, and whether they are printed at all (`-q`).
#[derive(Debug, Clone, Copy)]
pub struct Status {
    pub quiet: bool,
    pub verbose: u8,
}

impl Status {
    /// A status line on stderr, unless quiet.
    pub fn say(&self, message: impl AsRef<str>) {
        if !self.quiet {
            anstream::eprintln!("{STATUS}{}{STATUS:#}", message.as_ref());
        }
    }

    /// A line printed only with `-v`.
    pub fn detail(&self, message: impl AsRef<str>) {
        if self.verbose > 0 && !self.quiet {
            anstream::eprintln!("{STATUS}{}{STATUS:#}", message.as_ref());
        }
    }

    /// A warning on stderr (not silenced by `-q`: warnings matter).
    pub fn warn(&self, message: impl AsRef<str>) {
        anstream::eprintln!("{WARNING}warning:{WARNING:#} {}", message.as_ref());
    }
}

/// Print an error report to stderr with styled `error:` / `hint:` prefixes.
pub fn print_error(report: &str) {
    for line in report.lines() {
        if let Some(rest) = line.strip_prefix("error:") {
            anstream::eprintln!("{ERROR}error:{ERROR:#}{rest}");
        } else if let Some(rest) = line.strip_prefix("hint:") {
            anstream::eprintln!("{HINT}hint:{HINT:#}{rest}");
        } else {
            anstream::eprintln!("{line}");
        }
    }
}

/// Whether we can ask the user a question: both stdin and stderr are terminals.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Ask on stderr and read one line from stdin; true only when the answer is exactly `yes`.
pub fn confirm(question: &str) -> bool {
    anstream::eprint!("{question}\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    match std::io::stdin().lock().read_line(&mut answer) {
        Ok(_) => answer.trim() == "yes",
        Err(_) => false,
    }
}
