//! Stage values: won, lost or open. Guessed from the words CRMs use
//! (Salesforce `Closed Won`, HubSpot `closedwon` and `Appointment
//! scheduled`, Pipedrive's status `won`/`lost`/`open`, numbered custom stages
//! such as `3 - Proposal`), or given with `--won`, `--lost` and `--open`,
//! each of which replaces the guess for its class. A value that is none of
//! them (`Closed`, `Deleted`, a blank) is an unknown stage: its rows are
//! skipped and counted, and the message names the flags that would count them.

use crate::calibrate::error::FlagError;

/// Where an opportunity stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Won,
    Lost,
    Open,
}

impl Stage {
    pub fn word(self) -> &'static str {
        match self {
            Stage::Won => "won",
            Stage::Lost => "lost",
            Stage::Open => "open",
        }
    }
}

/// Explicit stage values from `--won`, `--lost` and `--open` (lower-case, trimmed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StageRules {
    pub won: Option<Vec<String>>,
    pub lost: Option<Vec<String>>,
    pub open: Option<Vec<String>>,
}

impl StageRules {
    /// A flag's comma-separated values.
    pub fn values(flag: &'static str, text: &str) -> Result<Vec<String>, FlagError> {
        let v: Vec<String> = text.split(',').map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()).collect();
        if v.is_empty() {
            return Err(FlagError::new(flag, text, "expected one or more stage values, e.g. \"Closed Won,Won\""));
        }
        Ok(v)
    }

    /// The class of a stage value: explicit lists first, then the guess for
    /// every class without a list.
    pub fn classify(&self, value: &str) -> Option<Stage> {
        let v = value.trim().to_lowercase();
        let lists = [(Stage::Won, &self.won), (Stage::Lost, &self.lost), (Stage::Open, &self.open)];
        for (stage, list) in lists {
            if list.as_ref().is_some_and(|l| l.contains(&v)) {
                return Some(stage);
            }
        }
        guess(&v).filter(|s| lists.iter().all(|(stage, list)| *stage != *s || list.is_none()))
    }
}

/// Words that mark a lost deal (checked before won: "closed not won").
const LOST: [&str; 8] = ["lost", "notwon", "dead", "disqualified", "nodecision", "rejected", "declined", "churned"];
/// Words that mark a won deal.
const WON: [&str; 6] = ["won", "win", "closedwon", "signed", "booked", "bookedwon"];
/// Stems of the open stages of common CRM pipelines.
const OPEN: [&str; 44] = [
    "open",
    "prospect",
    "qualif",
    "discover",
    "demo",
    "proposal",
    "negotiat",
    "contract",
    "appointment",
    "presentation",
    "decision",
    "needs",
    "analysis",
    "value",
    "perception",
    "quote",
    "review",
    "evaluat",
    "scheduled",
    "commit",
    "pipeline",
    "upside",
    "forecast",
    "solution",
    "validat",
    "trial",
    "poc",
    "pilot",
    "meeting",
    "contact",
    "engag",
    "pending",
    "progress",
    "active",
    "new",
    "lead",
    "identif",
    "develop",
    "sql",
    "mql",
    "nurtur",
    "shortlist",
    "verbal",
    "legal",
];

/// The guessed class of a lower-case stage value.
pub fn guess(value: &str) -> Option<Stage> {
    let tokens: Vec<&str> = value.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).collect();
    let joined: String = tokens.concat();
    if tokens.is_empty() {
        return None;
    }
    let has = |w: &str| tokens.contains(&w) || joined == w;
    if LOST.iter().any(|w| has(w) || joined.contains(&format!("closed{w}"))) || joined.contains("notwon") {
        return Some(Stage::Lost);
    }
    if WON.iter().any(|w| has(w)) || joined.contains("closedwon") {
        return Some(Stage::Won);
    }
    let numbered = tokens[0].bytes().all(|b| b.is_ascii_digit()) || tokens[0] == "stage";
    if (numbered && tokens.len() > 1 && !has("closed")) || tokens.iter().any(|t| OPEN.iter().any(|o| t.starts_with(o))) {
        return Some(Stage::Open);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crm_stage_words_are_recognised() {
        let r = StageRules::default();
        for v in ["Closed Won", "closedwon", "Won", "6 - Closed Won", "Closed - Won", "WON"] {
            assert_eq!(r.classify(v), Some(Stage::Won), "{v}");
        }
        for v in ["Closed Lost", "closedlost", "lost", "Closed - Lost", "Closed Not Won", "Dead", "Disqualified"] {
            assert_eq!(r.classify(v), Some(Stage::Lost), "{v}");
        }
        for v in [
            "Prospecting",
            "Qualification",
            "Needs Analysis",
            "Id. Decision Makers",
            "Proposal/Price Quote",
            "Negotiation/Review",
            "appointmentscheduled",
            "Qualified to buy",
            "Decision maker bought-in",
            "Contract sent",
            "open",
            "Engaging",
            "3 - Solutioning",
            "Stage 2",
        ] {
            assert_eq!(r.classify(v), Some(Stage::Open), "{v}");
        }
        for v in ["Closed", "deleted", "", "Merged", "Duplicate"] {
            assert_eq!(r.classify(v), None, "{v}");
        }
    }

    #[test]
    fn flags_replace_the_guess_of_their_class() {
        let r = StageRules { won: Some(vec!["signed".into(), "closed - paid".into()]), lost: None, open: Some(vec!["solutioning".into()]) };
        assert_eq!(r.classify("Closed - Paid"), Some(Stage::Won));
        // The won guess is replaced: "Closed Won" is no longer won (and no other class takes it).
        assert_eq!(r.classify("Closed Won"), None);
        assert_eq!(r.classify("Closed Lost"), Some(Stage::Lost));
        assert_eq!(r.classify("Solutioning"), Some(Stage::Open));
        assert_eq!(r.classify("Prospecting"), None);
        assert!(StageRules::values("--won", " , ").is_err());
        assert_eq!(StageRules::values("--won", "Closed Won, Won").unwrap(), vec!["closed won", "won"]);
    }
}
