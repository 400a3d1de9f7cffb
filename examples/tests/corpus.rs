//! The `mail-inspect` corpus: every message in `examples/corpus/*.eml` (written by the project,
//! well-formed and malformed, CRLF and bare LF) against its expected output in the `.json` file
//! beside it, which was checked by hand (decoded sizes also against Python's `email` package).
//!
//! After an intended change, `MAIL_INSPECT_BLESS=1 cargo test -p mail-examples --test corpus`
//! rewrites the expected files; review the diff before committing it.

use std::path::PathBuf;

use mail_examples::inspect::inspect;

#[test]
fn corpus_matches_expected_output() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let bless = std::env::var_os("MAIL_INSPECT_BLESS").is_some();
    let mut messages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    messages.sort();
    assert!(
        messages.len() >= 20,
        "the corpus lost messages: {}",
        messages.len()
    );
    let mut failures = Vec::new();
    for path in &messages {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("file name");
        let bytes = std::fs::read(path).expect("readable message");
        let actual = format!("{}\n", inspect(name, &bytes));
        let expected_path = path.with_extension("json");
        if bless {
            std::fs::write(&expected_path, &actual).expect("write expected output");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("missing expected output {}", expected_path.display()));
        if actual != expected {
            failures.push(format!(
                "{name}\n  expected: {expected}  actual:   {actual}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        messages.len(),
        failures.join("\n")
    );
}
