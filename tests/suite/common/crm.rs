//! CRM exports as each CRM writes them, drawn from known parameters: the
//! fixtures under tests/fixtures/crm/ are these, written once and checked
//! to be current (`cargo test --test crm_fixtures -- --ignored` rewrites
//! them).

use quotasim::calibrate::calendar::Day;
use quotasim::calibrate::history::Stage;
use quotasim::calibrate::synthetic::{SynthOpportunity, Truth, opportunities};
use quotasim::numeric::rng::{Purpose, Stream};

const FIRST: [&str; 16] =
    ["Ana", "Ben", "Chloe", "Dev", "Elena", "Femi", "Grace", "Hiro", "Ines", "Jonas", "Kira", "Liam", "Maya", "Nils", "Olu", "Priya"];
const LAST: [&str; 12] = ["Lima", "Okafor", "Schmidt", "Tanaka", "Rossi", "Novak", "Kaur", "Dubois", "Berg", "Silva", "Moreau", "Hughes"];
const ACCOUNTS: [&str; 12] = [
    "Acme Corp",
    "Globex, Inc.",
    "Initech",
    "Umbrella Health",
    "Stark Industries",
    "Wayne Logistics",
    "Hooli",
    "Vandelay Imports",
    "Soylent Foods",
    "Tyrell Systems",
    "Cyberdyne",
    "Wonka Industries",
];

pub fn rep_name(rep: u32) -> String {
    format!("{} {}", FIRST[rep as usize % FIRST.len()], LAST[(rep as usize * 7 + 3) % LAST.len()])
}

/// A team of 12 over six quarters with a warm-up, for the CRM-style exports.
pub fn team(seed: u64) -> Truth {
    Truth { reps: 12, warmup_weeks: 13, weeks: 65, volume: 1.5, seed, ..Truth::default() }
}

/// The opportunities with each date moved to a weekday of its week (real
/// exports are not all Mondays), keeping close after create.
fn dated(t: &Truth, salt: u64) -> Vec<(SynthOpportunity, Stream)> {
    opportunities(t)
        .into_iter()
        .map(|mut o| {
            let mut r = Stream::new(t.seed ^ salt, o.id, 0, Purpose::Funnel);
            let shift = |d: Day, r: &mut Stream| d.plus((r.uniform() * 5.0) as i32);
            o.created = shift(o.created, &mut r);
            o.qualified = o.qualified.map(|d| shift(d, &mut r));
            o.closed = o.closed.map(|d| shift(d, &mut r));
            (o, r)
        })
        .collect()
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn us_date(d: Day) -> String {
    let (y, m, dd) = d.ymd();
    format!("{m}/{dd}/{y}")
}

fn money_us(x: f64) -> String {
    let cents = (x * 100.0).round() as i64;
    let whole = cents / 100;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out}.{:02}", cents % 100)
}

fn pick<'a>(r: &mut Stream, from: &'a [&'a str]) -> &'a str {
    from[(r.uniform() * from.len() as f64) as usize % from.len()]
}

/// Salesforce "Export Details" (US locale): month/day/year dates, amounts
/// with thousands separators, open deals in their pipeline stage with an
/// expected close date, and the report's footer lines.
pub fn salesforce() -> String {
    let t = team(101);
    let mut out = String::from(
        "\"Opportunity Owner\",\"Account Name\",\"Opportunity Name\",\"Type\",\"Lead Source\",\"Amount\",\"Probability (%)\",\"Stage\",\"Created Date\",\"Close Date\",\"Opportunity ID\"\n",
    );
    let open_stages =
        ["Prospecting", "Qualification", "Needs Analysis", "Id. Decision Makers", "Proposal/Price Quote", "Negotiation/Review"];
    for (o, mut r) in dated(&t, 1) {
        let account = pick(&mut r, &ACCOUNTS);
        let (stage, prob, close) = match o.stage {
            Stage::Won => ("Closed Won".to_string(), 100, o.closed.unwrap_or(o.created)),
            Stage::Lost => ("Closed Lost".to_string(), 0, o.closed.unwrap_or(o.created)),
            Stage::Open => (pick(&mut r, &open_stages).to_string(), 10 + 10 * (r.uniform() * 8.0) as i32, o.created.plus(70)),
        };
        out.push_str(&format!(
            "{},{},{},{},{},{},{prob},{},{},{},{}\n",
            quoted(&rep_name(o.rep)),
            quoted(account),
            quoted(&format!("{account} - {}", pick(&mut r, &["Platform", "Renewal", "Expansion", "Pilot"]))),
            quoted(pick(&mut r, &["New Business", "Existing Business"])),
            quoted(pick(&mut r, &["Web", "Partner Referral", "Outbound", "Trade Show"])),
            quoted(&money_us(o.value)),
            quoted(&stage),
            quoted(&us_date(o.created)),
            quoted(&us_date(close)),
            quoted(&format!("0065g00000{:08}", o.id)),
        ));
    }
    out.push_str("\n\"Total\"\n\n\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\n\"Confidential Information - Do Not Distribute\"\n");
    out
}

/// HubSpot deals export: ISO dates with times, internal-looking stage
/// labels, and the date each deal entered "Qualified To Buy".
pub fn hubspot() -> String {
    let t = team(202);
    let mut out = String::from(
        "Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Create Date,Pipeline,\"Date entered \"\"Qualified To Buy (Sales Pipeline)\"\"\"\n",
    );
    let open_stages = ["Appointment scheduled", "Presentation scheduled", "Decision maker bought-in", "Contract sent"];
    for (o, mut r) in dated(&t, 2) {
        let hm = |r: &mut Stream| format!("{:02}:{:02}", 8 + (r.uniform() * 10.0) as u32, (r.uniform() * 60.0) as u32);
        let stage = match o.stage {
            Stage::Won => "Closed won",
            Stage::Lost => "Closed lost",
            Stage::Open if o.qualified.is_some() => "Qualified to buy",
            Stage::Open => pick(&mut r, &open_stages),
        };
        let close = o.closed.map_or(String::new(), |d| format!("{d} {}", hm(&mut r)));
        let amount = if o.stage == Stage::Open && r.uniform() < 0.5 { String::new() } else { format!("{:.2}", o.value) };
        let qualified = o.qualified.map_or(String::new(), |d| format!("{d} {}", hm(&mut r)));
        out.push_str(&format!(
            "{},{},{stage},{close},{},{amount},{} {},Sales Pipeline,{qualified}\n",
            9_000_000 + o.id,
            quoted(&format!("{} deal", pick(&mut r, &ACCOUNTS))),
            rep_name(o.rep),
            o.created,
            hm(&mut r)
        ));
    }
    out
}

/// Pipedrive deals export: "Deal - " headers, a Status column beside the
/// pipeline stage, euros, and a few deleted deals.
pub fn pipedrive() -> String {
    let t = Truth { size_median: 18_000.0, ..team(303) };
    let mut out = String::from(
        "\"Deal - ID\",\"Deal - Title\",\"Deal - Owner\",\"Deal - Value\",\"Deal - Currency of Value\",\"Deal - Stage\",\"Deal - Status\",\"Deal - Deal created\",\"Deal - Deal closed on\",\"Deal - Expected close date\"\n",
    );
    let stages = ["Qualified", "Contact Made", "Demo Scheduled", "Proposal Made", "Negotiations Started"];
    for (o, mut r) in dated(&t, 3) {
        let deleted = r.uniform() < 0.01;
        let status = if deleted { "deleted" } else { o.stage.word() };
        let secs = |r: &mut Stream| {
            format!("{:02}:{:02}:{:02}", 8 + (r.uniform() * 10.0) as u32, (r.uniform() * 60.0) as u32, (r.uniform() * 60.0) as u32)
        };
        let closed = o.closed.map_or(String::new(), |d| format!("{d} {}", secs(&mut r)));
        out.push_str(&format!(
            "{},{},{},{:.0},EUR,{},{status},{} {},{closed},{}\n",
            o.id,
            quoted(&format!("{} deal", pick(&mut r, &ACCOUNTS))),
            quoted(&rep_name(o.rep)),
            o.value,
            pick(&mut r, &stages),
            o.created,
            secs(&mut r),
            o.created.plus(60)
        ));
    }
    out
}

/// A German-locale Salesforce export: semicolons, day.month.year dates and
/// amounts written 12.500,00 €.
pub fn salesforce_de() -> String {
    let t = team(404);
    let mut out = String::from("Opportunity-Inhaber;Accountname;Phase;Betrag;Erstelldatum;Schlusstermin;Opportunity-ID\n");
    for (o, mut r) in dated(&t, 4) {
        let de = |d: Day| {
            let (y, m, dd) = d.ymd();
            format!("{dd:02}.{m:02}.{y}")
        };
        let stage = match o.stage {
            Stage::Won => "Closed Won",
            Stage::Lost => "Closed Lost",
            Stage::Open => pick(&mut r, &["Qualification", "Proposal/Price Quote"]),
        };
        let amount = money_us(o.value).replace(',', "_").replace('.', ",").replace('_', ".");
        out.push_str(&format!(
            "{};{};{stage};{amount} €;{};{};{}\n",
            rep_name(o.rep),
            quoted(pick(&mut r, &ACCOUNTS)),
            de(o.created),
            de(o.closed.unwrap_or(o.created.plus(60))),
            o.id
        ));
    }
    out
}

/// An export in the shape of public CRM sample datasets: its own column
/// names (sales_agent, deal_stage, engage_date, close_value), product price
/// points (so won amounts are far from lognormal), a high win rate, no
/// qualification column, and prospecting deals without an engage date.
pub fn products() -> String {
    let t = Truth {
        reps: 30,
        warmup_weeks: 10,
        weeks: 55,
        volume: 2.2,
        win: 0.62,
        win_theta: 0.01,
        cycle_median: 5.0,
        cycle_sigma: 0.7,
        seed: 505,
        ..Truth::default()
    };
    let products = [
        ("GTX Basic", 550.0),
        ("GTX Pro", 4_821.0),
        ("MG Special", 55.0),
        ("MG Advanced", 3_393.0),
        ("GTX Plus Pro", 5_482.0),
        ("GTX Plus Basic", 1_096.0),
        ("GTK 500", 26_768.0),
    ];
    let weights = [0.19, 0.15, 0.18, 0.17, 0.12, 0.16, 0.03];
    let mut out = String::from("opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n");
    for (o, mut r) in dated(&t, 5) {
        let mut u = r.uniform();
        let mut k = 0;
        while k + 1 < weights.len() && u >= weights[k] {
            u -= weights[k];
            k += 1;
        }
        let (product, price) = products[k];
        let id = format!("{:08X}", o.id.wrapping_mul(2_654_435_761) & 0xFFFF_FFFF);
        let account = pick(&mut r, &ACCOUNTS);
        let account = if account.contains(',') { quoted(account) } else { account.to_string() };
        let agent = rep_name(o.rep);
        // Some open deals never engaged: no engage date (a prospecting deal).
        if o.stage == Stage::Open && r.uniform() < 0.3 {
            out.push_str(&format!("{id},{agent},{product},,Prospecting,,,\n"));
            continue;
        }
        let (stage, close, value) = match o.stage {
            Stage::Won => ("Won", o.closed.map_or(String::new(), |d| d.to_string()), format!("{:.0}", price * (0.9 + 0.2 * r.uniform()))),
            Stage::Lost => ("Lost", o.closed.map_or(String::new(), |d| d.to_string()), "0".to_string()),
            Stage::Open => ("Engaging", String::new(), String::new()),
        };
        out.push_str(&format!("{id},{agent},{product},{account},{stage},{},{close},{value}\n", o.created));
    }
    out
}

/// The messy copy of each CRM-style export, in that CRM's conventions.
pub fn messy(name: &str) -> super::messy::Messy {
    use super::messy::{Style, messy};
    let (clean, style) = match name {
        "salesforce" => (
            salesforce(),
            Style {
                delimiter: b',',
                quote_all: true,
                id: 10,
                owner: 0,
                created: 8,
                closed: 9,
                stage: 7,
                amount: 5,
                text: 2,
                won: "Closed Won",
                unknown_stage: "Closed",
                bad_date: "13/45/2026",
                negative: "-1,200.00",
            },
        ),
        "hubspot" => (
            hubspot(),
            Style {
                delimiter: b',',
                quote_all: false,
                id: 0,
                owner: 4,
                created: 6,
                closed: 3,
                stage: 2,
                amount: 5,
                text: 1,
                won: "Closed won",
                unknown_stage: "Archived",
                bad_date: "2026-13-40 10:00",
                negative: "-500",
            },
        ),
        "pipedrive" => (
            pipedrive(),
            Style {
                delimiter: b',',
                quote_all: false,
                id: 0,
                owner: 2,
                created: 7,
                closed: 8,
                stage: 6,
                amount: 3,
                text: 1,
                won: "won",
                unknown_stage: "deleted",
                bad_date: "2026-02-30 09:00:00",
                negative: "-500",
            },
        ),
        "salesforce-de" => (
            salesforce_de(),
            Style {
                delimiter: b';',
                quote_all: false,
                id: 6,
                owner: 0,
                created: 4,
                closed: 5,
                stage: 2,
                amount: 3,
                text: 1,
                won: "Closed Won",
                unknown_stage: "Geschlossen",
                bad_date: "31.13.2026",
                negative: "-1.200,00 €",
            },
        ),
        other => panic!("no CRM style {other}"),
    };
    messy(&clean, &style)
}
