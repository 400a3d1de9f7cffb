use std::time::{Duration, UNIX_EPOCH};

use super::*;

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("maildir-unit-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn at(secs: u64, micros: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_micros(micros)
}

#[test]
fn delivery_lands_in_new_and_leaves_tmp_empty() {
    let root = temp("deliver");
    let store = Store::open(&root, "mx.example.org").unwrap();
    let name = store
        .deliver(
            "alice",
            at(1_700_000_000, 42),
            &[b"Return-Path: <>\r\n", b"Subject: x\r\n\r\nbody\r\n"],
        )
        .unwrap();
    let maildir = root.join("alice/Maildir");
    assert_eq!(fs::read_dir(maildir.join("tmp")).unwrap().count(), 0);
    assert_eq!(
        fs::read(maildir.join("new").join(&name)).unwrap(),
        b"Return-Path: <>\r\nSubject: x\r\n\r\nbody\r\n"
    );
    let pid = std::process::id();
    assert_eq!(name, format!("1700000000.M42P{pid}Q0.mx.example.org,W=37"));
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn unique_names_differ_and_fit_a_uidl() {
    let store = Store::open(
        temp("names"),
        "a-very-long-host-name.with.many.labels.example",
    )
    .unwrap();
    let now = at(1_700_000_000, 0);
    let names: HashSet<String> = (0..1000)
        .map(|_| store.unique_name(now, 123_456_789))
        .collect();
    assert_eq!(names.len(), 1000);
    for name in &names {
        assert!(name.len() <= 70, "{name}");
        assert!(name.bytes().all(|b| (b'!'..=b'~').contains(&b)), "{name}");
        assert!(!name.contains(':') && !name.contains('/'));
    }
    fs::remove_dir_all(store.root()).unwrap();
}

#[test]
fn host_names_are_escaped() {
    assert_eq!(name_safe_host("a/b:c,d"), "a\\057b\\072c\\054d");
    assert_eq!(name_safe_host(" \t"), "localhost");
    assert_eq!(
        name_safe_host("x".repeat(50).as_str()).len(),
        MAX_HOST_IN_NAME
    );
}

#[test]
fn crlf_size_counts_bare_line_feeds_once() {
    assert_eq!(crlf_size(b""), 0);
    assert_eq!(crlf_size(b"a\r\nb\r\n"), 6);
    assert_eq!(crlf_size(b"a\nb\n"), 6);
    assert_eq!(crlf_size(b"\n\r\n\r"), 5);
    // A CRLF split between two pieces is one line end, not a bare LF.
    assert_eq!(crlf_size_of_parts(&[b"a\r", b"\nb\n"]), 6);
}

#[test]
fn listing_sees_new_and_cur_never_tmp() {
    let root = temp("list");
    let store = Store::open(&root, "host").unwrap();
    let first = store.deliver("bob", at(100, 5), &[b"one\r\n"]).unwrap();
    let second = store.deliver("bob", at(200, 0), &[b"two\n"]).unwrap();
    let maildir = store.maildir("bob").unwrap();
    // A message a mail reader moved to cur/ with flags, one written by another program
    // (no W=), a half-written file in tmp/ and a dot file.
    fs::rename(
        maildir.path().join("new").join(&second),
        maildir.path().join("cur").join(format!("{second}:2,S")),
    )
    .unwrap();
    fs::write(maildir.path().join("cur/300.foreign:2,"), b"x\ny\n").unwrap();
    fs::write(maildir.path().join("tmp/50.half"), b"partial").unwrap();
    fs::write(maildir.path().join("new/.hidden"), b"").unwrap();
    let list = maildir.list().unwrap();
    let seen: Vec<(&str, u64)> = list.iter().map(|e| (e.uid.as_str(), e.size)).collect();
    assert_eq!(
        seen,
        [
            (first.as_str(), 5),
            (second.as_str(), 5),
            ("300.foreign", 6)
        ]
    );
    assert_eq!(maildir.read(&list[1]).unwrap(), b"two\n");
    // Stable: listing again gives the same ids.
    assert_eq!(maildir.list().unwrap(), list);
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn one_lock_per_user_and_deletion_of_a_set() {
    let root = temp("lock");
    let store = Store::open(&root, "host").unwrap();
    for i in 0..4u64 {
        store
            .deliver("carol", at(1000 + i, 0), &[format!("m{i}\r\n").as_bytes()])
            .unwrap();
    }
    let lock = store.lock("carol").unwrap();
    assert!(matches!(store.lock("carol"), Err(LockError::InUse)));
    assert_eq!(
        store.lock("carol").unwrap_err().to_string(),
        "[IN-USE] the maildrop is in use by another session"
    );
    // Another user is independent.
    drop(store.lock("dave").unwrap());
    assert_eq!(lock.messages().len(), 4);
    assert_eq!(lock.read(2).unwrap(), b"m2\r\n");
    assert!(lock.read(4).is_err());
    let kept: Vec<String> = [0usize, 3]
        .iter()
        .map(|&i| lock.messages()[i].uid.clone())
        .collect();
    lock.delete(&[1, 2, 9]).unwrap();
    let again = store.lock("carol").unwrap();
    let uids: Vec<String> = again.messages().iter().map(|e| e.uid.clone()).collect();
    assert_eq!(uids, kept);
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn unsafe_user_names_are_refused() {
    for bad in ["", "..", ".x", "a/b", "a b", "é", &"x".repeat(65)] {
        assert!(!is_safe_user_name(bad), "{bad:?}");
    }
    for good in ["alice", "a.b", "x_1-2"] {
        assert!(is_safe_user_name(good));
    }
    let store = Store::open(temp("unsafe"), "h").unwrap();
    assert!(store.maildir("../etc").is_err());
    assert!(store.deliver("../x", at(0, 0), &[b""]).is_err());
    fs::remove_dir_all(store.root()).unwrap();
}
