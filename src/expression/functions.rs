//! The table of known functions: arity, parameters and the parameter keys of the parsed tree,
//! read from `functions.tsv` (a copy of docs/expression-functions.tsv) and adjusted per engine
//! (`Flavor`): cloud sync has Trim, Error, DNComponent, StringFromSid, ConvertFromBase64 and a
//! 3-slot FormatDateTime; app provisioning has a 4-slot FormatDateTime.

use std::sync::LazyLock;

const TABLE: &str = include_str!("functions.tsv");

/// The provisioning engine, which decides the function set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// App provisioning (gallery and SCIM apps, HR-driven and API-driven inbound).
    AppProvisioning,
    /// Entra Cloud Sync (AD → Entra ID), job template `AD2AADProvisioning`.
    CloudSync,
}

impl Flavor {
    /// `CloudSync` when the job template is `AD2AADProvisioning`, otherwise `AppProvisioning`.
    pub fn from_template(template_id: Option<&str>) -> Flavor {
        match template_id {
            Some(t) if t.eq_ignore_ascii_case("AD2AADProvisioning") => Flavor::CloudSync,
            _ => Flavor::AppProvisioning,
        }
    }
}

/// Where a function comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The app-provisioning function reference (also available in cloud sync).
    Reference,
    /// Only the cloud-sync reference documents it.
    CloudSyncOnly,
    /// Only old Graph `schema/functions` samples show it.
    Legacy,
}

/// The key a parameter gets in the parsed tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// Documented by Microsoft or observed in a real export.
    Verified(String),
    /// Our guess (the documented parameter name): the tree is marked unverified.
    Guess(String),
}

impl Key {
    pub fn name(&self) -> &str {
        match self {
            Key::Verified(k) | Key::Guess(k) => k,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    /// The documented name, for messages (`separator`, `source1`, `dateTimeStyles`).
    pub name: String,
    pub optional: bool,
    pub key: Key,
}

#[derive(Debug, Clone)]
pub struct Signature {
    pub name: String,
    pub min: usize,
    /// `None` = unbounded.
    pub max: Option<usize>,
    /// Parameters at fixed positions.
    pub fixed: Vec<Param>,
    /// A group repeated after the fixed parameters (Join's sources, Switch's key/value pairs).
    pub repeat: Vec<Param>,
    /// The documented parameter list, for messages: `separator, source1, ...`.
    pub usage: String,
    pub origin: Origin,
}

impl Signature {
    /// The parameter that argument position `index` (0-based) binds to.
    pub fn param_at(&self, index: usize) -> Option<&Param> {
        if let Some(p) = self.fixed.get(index) {
            return Some(p);
        }
        if self.repeat.is_empty() {
            return None;
        }
        self.repeat
            .get((index - self.fixed.len()) % self.repeat.len())
    }

    /// True when some key of this function is a guess.
    pub fn has_guessed_keys(&self) -> bool {
        self.fixed
            .iter()
            .chain(&self.repeat)
            .any(|p| matches!(p.key, Key::Guess(_)))
    }
}

/// What a name resolves to.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    Found(&'a Signature),
    /// Found only when ignoring case (OQ-1): usable, but worth a warning.
    CaseMismatch(&'a Signature),
    /// Exists, but only for the other engine.
    OtherFlavor(&'a Signature),
    Unknown,
}

struct Tables {
    app: Vec<Signature>,
    cloud: Vec<Signature>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(build);

/// Every function available to `flavor`.
pub fn signatures(flavor: Flavor) -> &'static [Signature] {
    match flavor {
        Flavor::AppProvisioning => &TABLES.app,
        Flavor::CloudSync => &TABLES.cloud,
    }
}

/// Resolve a function name for `flavor`.
pub fn lookup(name: &str, flavor: Flavor) -> Lookup<'static> {
    let own = signatures(flavor);
    if let Some(s) = own.iter().find(|s| s.name == name) {
        return Lookup::Found(s);
    }
    if let Some(s) = own.iter().find(|s| s.name.eq_ignore_ascii_case(name)) {
        return Lookup::CaseMismatch(s);
    }
    let other = match flavor {
        Flavor::AppProvisioning => signatures(Flavor::CloudSync),
        Flavor::CloudSync => signatures(Flavor::AppProvisioning),
    };
    match other.iter().find(|s| s.name.eq_ignore_ascii_case(name)) {
        Some(s) => Lookup::OtherFlavor(s),
        None => Lookup::Unknown,
    }
}

fn build() -> Tables {
    let all: Vec<Signature> = TABLE.lines().skip(1).filter_map(row).collect();
    let mut app = Vec::new();
    let mut cloud = Vec::new();
    for sig in all {
        if sig.name == "FormatDateTime" {
            app.push(format_date_time_app(sig));
            cloud.push(format_date_time_cloud());
            continue;
        }
        if sig.origin != Origin::CloudSyncOnly {
            app.push(sig.clone());
        }
        cloud.push(sig);
    }
    Tables { app, cloud }
}

/// One TSV row: name, min_args, max_args, params, return_type, notes, api_keys, evidence.
fn row(line: &str) -> Option<Signature> {
    let cols: Vec<&str> = line.split('\t').collect();
    let [name, min, max, params, _ret, notes, api_keys, ..] = cols.as_slice() else {
        return None;
    };
    let origin = if notes.starts_with("[cloud-sync-only]") {
        Origin::CloudSyncOnly
    } else if notes.starts_with("[legacy-api-sample]") {
        Origin::Legacy
    } else {
        Origin::Reference
    };
    let (mut fixed, mut repeat) = split_params(params);
    // IIF's alternatives ("one,four,five | one,two,...") are handled by the tree builder; the
    // first one binds the three positions.
    let keys = api_keys.split('|').next().unwrap_or("").trim();
    assign_keys(&mut fixed, &mut repeat, keys);
    if *name == "Switch" {
        // The beta `schema/functions` sample names them source, defaultValue, switchValue
        // (repeatable); no parsed Switch tree has been seen (OQ-6), so they stay guesses.
        for p in &mut repeat {
            p.key = Key::Guess("switchValue".into());
        }
    }
    Some(Signature {
        name: name.to_string(),
        min: min.parse().ok()?,
        max: max.parse().ok(),
        fixed,
        repeat,
        usage: params.replace(',', ", "),
        origin,
    })
}

/// `separator,source1,...` → fixed [separator], repeat [source].
fn split_params(params: &str) -> (Vec<Param>, Vec<Param>) {
    let tokens: Vec<&str> = params.split(',').filter(|t| !t.is_empty()).collect();
    let variadic = tokens.contains(&"...");
    let mut fixed = Vec::new();
    let mut repeat: Vec<Param> = Vec::new();
    for t in tokens {
        if t == "..." {
            break;
        }
        let optional = t.starts_with('[');
        let name = t.trim_matches(|c| c == '[' || c == ']').to_string();
        let base = name
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .to_string();
        if variadic && (base != name || !repeat.is_empty()) {
            if !repeat.iter().any(|p| p.key.name() == base) {
                repeat.push(Param {
                    name: base.clone(),
                    optional,
                    key: Key::Guess(base),
                });
            }
        } else {
            let key = Key::Guess(name.clone());
            fixed.push(Param {
                name,
                optional,
                key,
            });
        }
    }
    (fixed, repeat)
}

/// Apply the `api_keys` column: positional keys, `?` for unknown, `name...` for the repeat group.
fn assign_keys(fixed: &mut [Param], repeat: &mut [Param], keys: &str) {
    if keys.is_empty() {
        return;
    }
    let tokens: Vec<&str> = keys.split(',').map(str::trim).collect();
    let positional: Vec<&str> = tokens
        .iter()
        .copied()
        .filter(|t| !t.ends_with("..."))
        .collect();
    if positional.len() == fixed.len() {
        for (p, k) in fixed.iter_mut().zip(&positional) {
            if *k != "?" {
                p.key = Key::Verified(k.to_string());
            }
        }
    } else {
        for p in fixed.iter_mut() {
            if positional.contains(&p.name.as_str()) {
                p.key = Key::Verified(p.name.clone());
            }
        }
    }
    let repeated: Vec<&str> = tokens
        .iter()
        .filter_map(|t| t.strip_suffix("..."))
        .collect();
    for (p, k) in repeat.iter_mut().zip(repeated) {
        p.key = Key::Verified(k.to_string());
    }
}

/// App provisioning: four positions; the empty `dateTimeStyles` slot must be kept (entra-docs#69).
fn format_date_time_app(mut sig: Signature) -> Signature {
    sig.min = 4;
    sig.max = Some(4);
    sig
}

/// Cloud sync: `FormatDateTime(source, inputFormat, outputFormat)`; keys observed in the export.
fn format_date_time_cloud() -> Signature {
    let p = |name: &str, optional| Param {
        name: name.into(),
        optional,
        key: Key::Verified(name.into()),
    };
    Signature {
        name: "FormatDateTime".into(),
        min: 3,
        max: Some(3),
        fixed: vec![
            p("source", false),
            p("inputFormat", true),
            p("outputFormat", false),
        ],
        repeat: Vec::new(),
        usage: "source, [inputFormat], outputFormat".into(),
        origin: Origin::Reference,
    }
}
