//! Timings of the pure core on the largest real schema (the 543 KB cloud-sync export in
//! ../shared/corpus, or the bundled example when the corpus is absent): parse, render, engine,
//! diff, patch, render of a plan, fingerprint. Run with `cargo bench`; prints the median of
//! several runs per step. Not a test: nothing here can fail on speed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use entra_schema::schema::Document;
use entra_schema::{changes, diff, engine, render, schema};

const RUNS: usize = 15;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(name: &str, mut f: impl FnMut() -> T) -> T {
    let mut samples = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        last = Some(f());
        samples.push(start.elapsed());
    }
    println!("{name:<28} {:>10.2?}", median(samples));
    last.expect("RUNS > 0")
}

fn input() -> (PathBuf, &'static str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus/cloudsync-ad2aad-export.json");
    if corpus.is_file() {
        // Move two mappings in the middle and add one: a realistic small change on a big schema.
        let set = "version: 1\nmappings:\n  - rule: { name: AD2AADProvisioning }\n    object: { source: user, target: User }\n    set:\n      - target: department\n        source: 'Trim([company])'\n      - target: Country\n        source: '[c]'\n        flow: ObjectAddOnly\n    remove: [facsimileTelephoneNumber]\n";
        (corpus, set)
    } else {
        let set = "version: 1\nattributes:\n  - { directory: API, object: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', name: 'urn:x:HireDate' }\nmappings:\n  - rule: { source: API, target: Azure Active Directory }\n    object: { source: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', target: User }\n    set:\n      - { target: employeeHireDate, source: '[urn:x:HireDate]' }\n";
        (root.join("environments/example/schema.json"), set)
    }
}

fn main() {
    let (path, change_set) = input();
    let bytes = std::fs::read(&path).expect("read the schema");
    println!(
        "{} ({} bytes), median of {RUNS} runs",
        path.display(),
        bytes.len()
    );
    let document = time("parse", || Document::parse(&bytes, &path).expect("parse"));
    time("render (original form)", || document.render(&document.root));
    time("fingerprint", || schema::fingerprint(&document.root));
    let sets = vec![
        changes::load(Path::new("bench.yaml"), change_set, &BTreeMap::new()).expect("change set"),
    ];
    let sources = changes::function_sources(&sets);
    let trees = entra_schema::store::file::local_trees(&document.root, &sources).expect("trees");
    let desired = time("engine apply", || {
        engine::apply(&document.root, &sets, &trees).expect("apply")
    });
    let plan = time("semantic diff", || diff::diff(&document.root, &desired));
    let (add, change, remove) = plan.counts();
    println!("  (the plan: {add} to add, {change} to change, {remove} to remove)");
    time("RFC 6902 patch", || diff::patch(&document.root, &desired));
    time("render plan (text)", || render::text(&plan));
    time("diff of identical schemas", || {
        diff::diff(&document.root, &document.root)
    });
}
