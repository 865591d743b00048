//! Exports round-trip, their offline check finds edits, and `extends` follows the live log.

use super::*;

tatrack_testkit::on_both_stores!(export_round_trips_and_check_finds_edits, extends_follows_the_live_log);

async fn export_lines(db: &Db) -> Vec<String> {
    let mut out = Vec::new();
    let written = export(db, &mut out).await.expect("export");
    let text = String::from_utf8(out).expect("UTF-8");
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    assert_eq!(usize::try_from(written).expect("count"), lines.len());
    lines
}

fn check_lines(lines: &[String]) -> Verification {
    check(lines.join("\n").as_bytes()).expect("a well-formed export")
}

async fn export_round_trips_and_check_finds_edits(db: &Db) {
    append(db, 1, 5).await;
    link(db, 2, 5).await;
    append(db, 6, 1).await; // not linked: not exported
    let lines = export_lines(db).await;
    assert_eq!(lines.len(), 5);
    let first: Value = serde_json::from_str(&lines[0]).expect("JSON");
    let keys: Vec<&str> = first.as_object().expect("an object").keys().map(String::as_str).collect();
    for key in [
        "seq",
        "position",
        "aggregate_type",
        "aggregate_id",
        "sequence",
        "event_type",
        "event_version",
        "payload",
        "metadata",
        "recorded_at",
        "link",
    ] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
    }
    let verified = verify(db).await.expect("verify");
    assert_eq!(check_lines(&lines), verified);

    let mut edited = lines.clone();
    edited[2] = edited[2].replace("event-3", "event-8");
    assert_ne!(edited[2], lines[2]);
    broken_at(&check_lines(&edited), 3, Some(links(db).await[2].0), "line 3");

    let mut removed = lines.clone();
    removed.remove(1);
    broken_at(&check_lines(&removed), 2, None, "line for seq 2 is missing");

    let mut relinked = lines.clone();
    let link =
        serde_json::from_str::<Value>(&lines[3]).expect("JSON")["link"].as_str().expect("a link").to_owned();
    let forged = format!("{}{}", if link.starts_with('0') { "1" } else { "0" }, &link[1..]);
    relinked[3] = relinked[3].replace(&link, &forged);
    broken_at(&check_lines(&relinked), 4, Some(links(db).await[3].0), "link was altered");

    // Tampering in the database shows in the next export.
    alter_payload(db, links(db).await[3].0, "edited").await;
    broken_at(&check_lines(&export_lines(db).await), 4, Some(links(db).await[3].0), "altered");
}

async fn extends_follows_the_live_log(db: &Db) {
    assert!(extends(db, &intact(0, None)).await.expect("extends"));
    append(db, 1, 4).await;
    link(db, 4, 4).await;
    let copy = check_lines(&export_lines(db).await);
    assert!(copy.intact);
    assert!(extends(db, &copy).await.expect("extends"));
    // The log grows: it still extends the auditor's copy.
    append(db, 5, 3).await;
    link(db, 2, 7).await;
    assert!(extends(db, &copy).await.expect("extends"));
    // A head the chain never had does not.
    let mut other = copy.clone();
    other.head = Some(hex::encode([7_u8; 32]));
    assert!(!extends(db, &other).await.expect("extends"));
    // Tampering beyond the copy does not concern it; within it, it does.
    let rows = links(db).await;
    alter_payload(db, rows[5].0, "edited").await;
    assert!(extends(db, &copy).await.expect("extends"));
    alter_payload(db, rows[1].0, "edited").await;
    assert!(!extends(db, &copy).await.expect("extends"));
}
