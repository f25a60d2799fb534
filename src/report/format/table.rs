//! The one aligner of text tables (the terminal view of a run, of a sweep,
//! a tornado and a plan): leading text columns left-aligned, figures
//! right-aligned, widths in characters.

/// Before the first column of every row.
const INDENT: &str = "  ";
/// Between two text columns of a table whose figures need the room.
pub const NARROW_GAP: &str = " ";
/// Between two text columns of a table of text only (`validate`'s listing).
pub const WIDE_GAP: &str = "  ";
/// Before a figure column.
const FIGURE_GAP: &str = "  ";

/// A line of a text table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    /// A heading between groups of rows: a blank line, then the heading unindented.
    Heading(String),
    Cells(Vec<String>),
}

/// How one table is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableStyle {
    /// Leading columns that hold text (names, parameter values); the rest hold figures.
    pub text_columns: usize,
    /// Drop trailing spaces, which a last column left empty would leave.
    pub trim_end: bool,
    /// Between two text columns: [`NARROW_GAP`] or [`WIDE_GAP`].
    pub text_gap: &'static str,
}

/// The rows as aligned lines, each ending in a newline.
pub fn align(rows: &[Row], style: TableStyle) -> String {
    let cells = || rows.iter().filter_map(|r| if let Row::Cells(c) = r { Some(c) } else { None });
    let columns = cells().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns).map(|c| cells().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for row in rows {
        match row {
            Row::Heading(text) => {
                out.push('\n');
                out.push_str(text);
            }
            Row::Cells(cells) => {
                let line = line(cells, &widths, style);
                out.push_str(if style.trim_end { line.trim_end() } else { &line });
            }
        }
        out.push('\n');
    }
    out
}

fn line(cells: &[String], widths: &[usize], style: TableStyle) -> String {
    let mut line = String::from(INDENT);
    for (c, (cell, &w)) in cells.iter().zip(widths).enumerate() {
        if c < style.text_columns {
            if c > 0 {
                line.push_str(style.text_gap);
            }
            line.push_str(&format!("{cell:<w$}"));
        } else {
            line.push_str(FIGURE_GAP);
            line.push_str(&format!("{cell:>w$}"));
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(c: &[&str]) -> Row {
        Row::Cells(c.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn text_left_figures_right() {
        let rows = [cells(&["x", "strategy", "at quota"]), cells(&["2", "targeted", "57.3%"]), cells(&["10", "spray", ""])];
        let text = align(&rows, TableStyle { text_columns: 2, trim_end: true, text_gap: NARROW_GAP });
        assert_eq!(text, "  x  strategy  at quota\n  2  targeted     57.3%\n  10 spray\n");
    }

    #[test]
    fn headings_break_the_table_and_keep_its_widths() {
        let rows = [cells(&["", "a"]), Row::Heading("Section".into()), cells(&["label", "12.5%"])];
        let text = align(&rows, TableStyle { text_columns: 1, trim_end: false, text_gap: NARROW_GAP });
        assert_eq!(text, "             a\n\nSection\n  label  12.5%\n");
    }
}
