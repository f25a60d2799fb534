//! Which column holds what: the header names Salesforce, HubSpot and
//! Pipedrive exports use (and common variants), or `--columns role=NAME`,
//! which overrides every guess.

use std::fmt;

use crate::calibrate::error::FlagError;
use crate::scenario::registry::nearest;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Id,
    Owner,
    Created,
    Qualified,
    Closed,
    Stage,
    Amount,
    Segment,
    Currency,
}

impl Role {
    pub const ALL: [Role; 9] =
        [Role::Id, Role::Owner, Role::Created, Role::Qualified, Role::Closed, Role::Stage, Role::Amount, Role::Segment, Role::Currency];

    /// The name used in `--columns`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Id => "id",
            Role::Owner => "owner",
            Role::Created => "created",
            Role::Qualified => "qualified",
            Role::Closed => "closed",
            Role::Stage => "stage",
            Role::Amount => "amount",
            Role::Segment => "segment",
            Role::Currency => "currency",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        let n = name.trim().to_ascii_lowercase();
        let n = match n.as_str() {
            "close" | "close_date" | "closed_date" => "closed",
            "create" | "created_date" | "create_date" => "created",
            "rep" | "sales_rep" => "owner",
            "value" => "amount",
            "product" => "segment",
            other => other,
        };
        Role::ALL.into_iter().find(|r| r.name() == n)
    }

    /// What the role means, for messages.
    pub fn meaning(self) -> &'static str {
        match self {
            Role::Id => "the opportunity's id (for duplicates)",
            Role::Owner => "the rep who owns the opportunity",
            Role::Created => "the date it was created",
            Role::Qualified => "the date it qualified (second meeting), or yes/no",
            Role::Closed => "the date it closed",
            Role::Stage => "its stage or status (won, lost or open)",
            Role::Amount => "its amount",
            Role::Segment => "its product or segment",
            Role::Currency => "the currency of its amount",
        }
    }

    /// Roles a history cannot do without.
    pub fn required(self) -> bool {
        matches!(self, Role::Owner | Role::Created | Role::Stage | Role::Closed | Role::Amount)
    }

    /// Header names taken for the role, normalised (see [`normalise`]), best first.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Role::Id => {
                &["id", "record id", "opportunity id", "deal id", "opp id", "object id", "hs object id", "18 digit id", "case safe id"]
            }
            Role::Owner => &[
                "owner",
                "owner name",
                "owner full name",
                "sales agent",
                "sales rep",
                "sales representative",
                "account executive",
                "salesperson",
                "sales person",
                "rep",
                "ae",
                "assigned to",
                "user",
            ],
            Role::Created => &[
                "created",
                "created date",
                "create date",
                "created on",
                "created at",
                "date created",
                "creation date",
                "created time",
                "create time",
                "add time",
                "opened",
                "open date",
                "engage date",
                "engaged date",
            ],
            Role::Qualified => &[
                "qualified",
                "qualified date",
                "qualification date",
                "date qualified",
                "qualified on",
                "qualified at",
                "sql date",
                "second meeting",
                "second meeting date",
                "is qualified",
            ],
            Role::Closed => &[
                "close date",
                "closed date",
                "closed on",
                "closed at",
                "date closed",
                "close time",
                "closed time",
                "actual close date",
                "closed",
                "close",
            ],
            Role::Stage => &["stage", "stage name", "status", "outcome", "result", "pipeline stage", "won lost", "state"],
            Role::Amount => &[
                "amount converted",
                "amount in company currency",
                "amount home currency",
                "value in default currency",
                "amount",
                "value",
                "close value",
                "total amount",
                "revenue",
                "contract value",
                "acv",
                "arr",
                "tcv",
                "amount usd",
            ],
            Role::Segment => &["segment", "product", "product name", "product line", "type", "market segment", "business unit", "pipeline"],
            Role::Currency => &["currency", "currency of value", "currency code", "currency iso code", "amount currency"],
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A header name normalised for matching: lower-case words of letters and
/// digits, without the `Deal - `/`Opportunity ` prefixes exports put on
/// them ("Deal - Deal created" and "Create Date" both read "created"...).
pub fn normalise(name: &str) -> String {
    let words: Vec<String> =
        name.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect();
    let mut start = 0;
    while start + 1 < words.len() && matches!(words[start].as_str(), "deal" | "opportunity" | "opp") {
        start += 1;
    }
    words[start..].join(" ")
}

/// HubSpot's stage-entry columns: `Date entered "Qualified To Buy (Sales Pipeline)"`.
fn is_qualified_pattern(norm: &str) -> bool {
    norm.contains("qualif") && !norm.contains("exit") && (norm.contains("date") || norm.contains("entered"))
}

/// How a column was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// Named with `--columns`.
    Given,
    /// Guessed from the header.
    Guessed,
}

/// A role's column.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Mapped {
    pub role: Role,
    /// Index in the row.
    #[serde(skip)]
    pub index: usize,
    /// The header as written in the file.
    pub header: String,
    pub how: How,
}

/// `--columns owner=Sales Rep,created=Created On` (repeatable). A name may
/// contain commas: a piece that does not start with `role=` continues the
/// previous name. An empty name (`qualified=`) switches a role off.
pub fn parse_flag(values: &[String]) -> Result<Vec<(Role, Option<String>)>, FlagError> {
    let mut out: Vec<(Role, Option<String>)> = Vec::new();
    for value in values {
        let mut pieces: Vec<String> = Vec::new();
        for piece in value.split(',') {
            let starts_role = piece.split_once('=').is_some_and(|(r, _)| Role::parse(r).is_some());
            match pieces.last_mut() {
                Some(last) if !starts_role => {
                    last.push(',');
                    last.push_str(piece);
                }
                _ => pieces.push(piece.to_string()),
            }
        }
        for piece in pieces {
            let Some((r, name)) = piece.split_once('=') else {
                return Err(FlagError::new("--columns", value.clone(), format!("`{}` is not ROLE=COLUMN", piece.trim())));
            };
            let Some(role) = Role::parse(r) else {
                let roles: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                let hint = nearest(r.trim(), roles.iter().copied()).map_or(String::new(), |n| format!(" (did you mean `{n}`?)"));
                return Err(FlagError::new(
                    "--columns",
                    value.clone(),
                    format!("unknown role `{}`{hint}; roles are {}", r.trim(), roles.join(", ")),
                ));
            };
            if out.iter().any(|(x, _)| *x == role) {
                return Err(FlagError::new("--columns", value.clone(), format!("role `{role}` is given twice")));
            }
            let name = name.trim().trim_matches('"').trim();
            out.push((role, (!name.is_empty()).then(|| name.to_string())));
        }
    }
    Ok(out)
}

/// The best column for `role` among `header` by its names, leaving out
/// `taken` columns; for the stage, every candidate is returned (best name
/// first) so the caller can pick by values.
pub fn candidates(role: Role, header: &[String], taken: &[usize]) -> Vec<usize> {
    let norms: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (i, n) in norms.iter().enumerate() {
        if taken.contains(&i) {
            continue;
        }
        let rank =
            role.synonyms().iter().position(|s| s == n).or_else(|| (role == Role::Qualified && is_qualified_pattern(n)).then_some(100));
        if let Some(r) = rank {
            found.push((r, i));
        }
    }
    found.sort();
    found.into_iter().map(|(_, i)| i).collect()
}

/// The column named `name` (case, spaces and quotes aside), or a located
/// suggestion of the nearest header.
pub fn find_named(name: &str, header: &[String]) -> Result<usize, String> {
    let want = name.trim().to_lowercase();
    if let Some(i) = header.iter().position(|h| h.trim().to_lowercase() == want) {
        return Ok(i);
    }
    let want_norm = normalise(name);
    if let Some(i) = header.iter().position(|h| normalise(h) == want_norm && !want_norm.is_empty()) {
        return Ok(i);
    }
    let lower: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let hint = nearest(&want, lower.iter().map(String::as_str))
        .and_then(|n| lower.iter().position(|h| h == n))
        .map_or(String::new(), |i| format!(" (did you mean \"{}\"?)", header[i]));
    Err(format!("no column \"{name}\"{hint}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn export_headers_normalise_to_roles() {
        assert_eq!(normalise("Deal - Deal created"), "created");
        assert_eq!(normalise("Opportunity Owner"), "owner");
        assert_eq!(normalise("Deal Stage"), "stage");
        assert_eq!(normalise("Amount (converted)"), "amount converted");
        assert_eq!(normalise("Deal"), "deal");
        let sf = h(&["Opportunity Name", "Opportunity Owner", "Stage", "Amount", "Created Date", "Close Date", "Opportunity ID"]);
        assert_eq!(candidates(Role::Owner, &sf, &[]), vec![1]);
        assert_eq!(candidates(Role::Id, &sf, &[]), vec![6]);
        let hs =
            h(&["Record ID", "Deal Name", "Deal Stage", "Close Date", "Create Date", "Deal owner", "Amount", "Amount in company currency"]);
        assert_eq!(candidates(Role::Amount, &hs, &[]), vec![7, 6]);
        assert_eq!(candidates(Role::Created, &hs, &[]), vec![4]);
        let hq = h(&["Date entered \"Qualified To Buy (Sales Pipeline)\"", "Date exited \"Qualified To Buy (Sales Pipeline)\""]);
        assert_eq!(candidates(Role::Qualified, &hq, &[]), vec![0]);
        let pd = h(&["Deal - Stage", "Deal - Status", "Deal - Deal closed on"]);
        assert_eq!(candidates(Role::Stage, &pd, &[]), vec![0, 1]);
        assert_eq!(candidates(Role::Closed, &pd, &[]), vec![2]);
    }

    #[test]
    fn columns_flag_takes_names_with_commas_and_switches_roles_off() {
        let v = parse_flag(&["owner=Sales Rep, EMEA,created=Created On".into(), "qualified=".into()]).unwrap();
        assert_eq!(
            v,
            vec![(Role::Owner, Some("Sales Rep, EMEA".into())), (Role::Created, Some("Created On".into())), (Role::Qualified, None)]
        );
        let e = parse_flag(&["ownr=Rep".into()]).unwrap_err().to_string();
        assert!(e.contains("did you mean `owner`"), "{e}");
        assert!(parse_flag(&["owner=A,owner=B".into()]).unwrap_err().to_string().contains("twice"));
        assert!(parse_flag(&["Rep".into()]).is_err());
        assert_eq!(find_named("sales_agent", &h(&["opportunity_id", "sales_agent"])), Ok(1));
        assert_eq!(find_named(" SALES_AGENT ", &h(&["sales_agent"])), Ok(0));
        assert!(find_named("sales_agnt", &h(&["sales_agent"])).unwrap_err().contains("did you mean \"sales_agent\""));
    }
}
