//! Signed heads: a rewrite with every later link recomputed passes the plain chain but not the
//! signatures; a head forged with another key fails; an unsigned chain fails once keys are given.

use super::*;
use crate::{check_signed, sign_head, verify_signed, HeadKey, Keyring, PublicKey, SignedHead};

tatrack_testkit::on_both_stores!(
    signed_heads_of_a_clean_log_verify,
    a_rewrite_with_recomputed_links_fails_at_the_first_signed_head_after_it,
    a_head_forged_with_another_key_fails,
    a_chain_with_no_signed_head_fails_once_a_key_is_given,
    a_head_signed_past_the_chain_fails,
);

fn ring(key: &HeadKey) -> Keyring {
    Keyring::new([key.public()])
}

/// Recomputes every link from `from_seq` on from the events as they now are, and stores them:
/// what an attacker with write access does after rewriting an event.
async fn recompute_links(db: &Db) {
    let rows = links(db).await;
    let mut tx = db.begin_read().await.expect("begin");
    let events = committed_after(&mut tx, Checkpoint::default(), 1_000).await.expect("read");
    tx.commit().await.expect("commit");
    let mut head = GENESIS;
    for (seq, (event, (position, _))) in (1..).zip(events.iter().zip(&rows)) {
        assert_eq!(event.position, *position);
        head = Fields::from(event).link(&head).expect("link");
        execute(db, &format!("UPDATE event_links SET link = '{}' WHERE seq = {seq}", hex::encode(head)))
            .await;
    }
}

async fn insert_head(db: &Db, head: &SignedHead) {
    tatrack_store::on_db!(db, |pool, _columns| {
        sqlx::query("INSERT INTO chain_signatures (seq, link, key_id, signature, signed_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(head.seq)
            .bind(&head.link)
            .bind(&head.key_id)
            .bind(&head.signature)
            .bind(&head.signed_at)
            .execute(pool)
            .await
            .expect("insert a head");
    });
}

async fn export_of(db: &Db) -> Vec<u8> {
    let mut bytes = Vec::new();
    export(db, &mut bytes).await.expect("export");
    bytes
}

async fn signed_heads_of_a_clean_log_verify(db: &Db) {
    let key = HeadKey::generate().expect("a key");
    assert_eq!(sign_head(db, &key).await.expect("sign"), None, "an empty chain has no head to sign");
    append(db, 1, 4).await;
    link(db, 2, 4).await;
    let first = sign_head(db, &key).await.expect("sign").expect("a signed head");
    assert_eq!(first.seq, 4);
    assert_eq!(sign_head(db, &key).await.expect("sign"), None, "signed only when the head moved");
    append(db, 5, 3).await;
    link(db, 2, 7).await;
    assert_eq!(sign_head(db, &key).await.expect("sign").map(|h| h.seq), Some(7));

    let verification = verify_signed(db, &ring(&key)).await.expect("verify");
    assert!(verification.intact, "{verification:?}");
    let rows = links(db).await;
    let signatures = &verification.signatures;
    assert!(signatures.checked);
    assert_eq!(signatures.key_ids, vec![key.public().id().to_owned()]);
    assert_eq!((signatures.signed, signatures.last_signed_seq), (2, Some(7)));
    assert_eq!(signatures.last_signed_position, Some(rows[6].0));
    assert_eq!(signatures.first_unsigned, None);
    // Without keys, nothing is checked and the chain reads as unsigned.
    let plain = verify(db).await.expect("verify");
    assert!(plain.intact && !plain.signatures.checked && plain.signatures.signed == 0);
    // The export carries the signed heads and checks the same offline.
    let copy = export_of(db).await;
    let checked = check_signed(&copy[..], &ring(&key)).expect("a well-formed export");
    assert_eq!(checked, verification);
    assert_eq!(check(&copy[..]).expect("a well-formed export"), plain);
}

async fn a_rewrite_with_recomputed_links_fails_at_the_first_signed_head_after_it(db: &Db) {
    let key = HeadKey::generate().expect("a key");
    for (from, total) in [(1, 2), (3, 2), (5, 2)] {
        append(db, from, 2).await;
        link(db, 2, from + total - 1).await;
        sign_head(db, &key).await.expect("sign").expect("a signed head");
    }
    let rows = links(db).await;
    // The attacker rewrites event 3 and recomputes every later link.
    alter_payload(db, rows[2].0, "event-3 rewritten").await;
    assert!(!verify(db).await.expect("verify").intact, "a plain rewrite breaks the chain");
    recompute_links(db).await;
    let plain = verify(db).await.expect("verify");
    assert!(plain.intact, "with recomputed links the plain chain verifies: {plain:?}");

    let verification = verify_signed(db, &ring(&key)).await.expect("verify");
    assert!(!verification.intact);
    assert_eq!(verification.first_broken, None);
    let signatures = &verification.signatures;
    assert_eq!(
        (signatures.signed, signatures.last_signed_seq),
        (1, Some(2)),
        "the head before the rewrite holds"
    );
    let unsigned = signatures.first_unsigned.as_ref().expect("the first head that fails");
    assert_eq!((unsigned.seq, unsigned.position), (4, Some(rows[3].0)), "{unsigned:?}");
    assert!(unsigned.reason.contains("recomputed from the events"), "{unsigned:?}");
    // Re-pointing the signed rows at the new links breaks their signatures instead.
    execute(db, "UPDATE chain_signatures SET link = (SELECT link FROM event_links WHERE event_links.seq = chain_signatures.seq)").await;
    let verification = verify_signed(db, &ring(&key)).await.expect("verify");
    let unsigned = verification.signatures.first_unsigned.expect("the first head that fails");
    assert_eq!(unsigned.seq, 4);
    assert!(unsigned.reason.contains("does not verify"), "{unsigned:?}");
    // The export shows the same offline.
    let checked = check_signed(&export_of(db).await[..], &ring(&key)).expect("a well-formed export");
    assert_eq!(checked.signatures.first_unsigned.map(|u| u.seq), Some(4));
}

async fn a_head_forged_with_another_key_fails(db: &Db) {
    let (key, forger) = (HeadKey::generate().expect("a key"), HeadKey::generate().expect("a key"));
    append(db, 1, 3).await;
    link(db, 3, 3).await;
    sign_head(db, &key).await.expect("sign").expect("a signed head");
    append(db, 4, 2).await;
    link(db, 3, 5).await;
    let rows = links(db).await;
    insert_head(db, &forger.sign(5, &rows[4].1)).await;
    let verification = verify_signed(db, &ring(&key)).await.expect("verify");
    assert!(!verification.intact);
    let unsigned = verification.signatures.first_unsigned.expect("the forged head");
    assert_eq!((unsigned.seq, unsigned.key_id.as_deref()), (5, Some(forger.public().id())));
    assert!(unsigned.reason.contains("not among the public keys"), "{unsigned:?}");
    // A forged signature claiming the real key's id does not verify either.
    let mut claimed = forger.sign(5, &rows[4].1);
    claimed.key_id = key.public().id().to_owned();
    insert_head(db, &claimed).await;
    let both = Keyring::new([key.public(), forger.public()]);
    let verification = verify_signed(db, &both).await.expect("verify");
    let unsigned = verification.signatures.first_unsigned.expect("the head claiming the real key");
    assert_eq!(unsigned.key_id.as_deref(), Some(key.public().id()));
    assert!(unsigned.reason.contains("does not verify"), "{unsigned:?}");
}

async fn a_chain_with_no_signed_head_fails_once_a_key_is_given(db: &Db) {
    let key = HeadKey::generate().expect("a key");
    assert!(verify_signed(db, &ring(&key)).await.expect("verify").intact, "an empty log has nothing to sign");
    append(db, 1, 3).await;
    link(db, 3, 3).await;
    let verification = verify_signed(db, &ring(&key)).await.expect("verify");
    assert!(!verification.intact);
    let unsigned = verification.signatures.first_unsigned.expect("unsigned");
    assert_eq!((unsigned.seq, unsigned.key_id.as_deref()), (3, None));
    assert!(unsigned.reason.contains("no head"), "{unsigned:?}");
}

async fn a_head_signed_past_the_chain_fails(db: &Db) {
    let key = HeadKey::generate().expect("a key");
    append(db, 1, 4).await;
    link(db, 4, 4).await;
    sign_head(db, &key).await.expect("sign").expect("a signed head");
    // The attacker removes the last events and their links: the plain chain is a sound prefix.
    let rows = links(db).await;
    let column = position_column(db);
    execute(db, &format!("DELETE FROM events WHERE {column} >= {}", rows[2].0)).await;
    execute(db, "DELETE FROM event_links WHERE seq >= 3").await;
    assert!(verify(db).await.expect("verify").intact);
    let verification = verify_signed(db, &ring(&key)).await.expect("verify");
    let unsigned = verification.signatures.first_unsigned.expect("the head past the end");
    assert_eq!((unsigned.seq, unsigned.position), (4, None));
    assert!(unsigned.reason.contains("removed"), "{unsigned:?}");
}

#[test]
fn a_key_file_is_private_and_reads_back() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("chain.key");
    let key = HeadKey::generate().expect("a key");
    key.write(&path).expect("written");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(key.write(&path).is_err(), "never overwrites a key");
    let read = HeadKey::read(&path).expect("read back");
    assert_eq!(read.public(), key.public());
    assert!(!format!("{read:?}").contains(&std::fs::read_to_string(&path).expect("text").trim().to_owned()));
    let public = folder.path().join("chain.pub");
    std::fs::write(
        &public,
        format!(
            "# old\n{}\n\n{}\n",
            key.public().to_hex(),
            HeadKey::generate().expect("a key").public().to_hex()
        ),
    )
    .expect("written");
    let keys = PublicKey::read_all(&public).expect("two keys");
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0], key.public());
    assert_eq!(key.public().id().len(), 16);
    std::fs::write(&public, "not a key\n").expect("written");
    assert!(PublicKey::read_all(&public).is_err());
}

#[test]
fn a_signature_covers_seq_link_and_instant() {
    let key = HeadKey::generate().expect("a key");
    let link = "ab".repeat(32);
    let head = key.sign(9, &link);
    assert!(ring(&key).check(&head).is_ok());
    for altered in [
        SignedHead { seq: 10, ..head.clone() },
        SignedHead { link: "cd".repeat(32), ..head.clone() },
        SignedHead { signed_at: "2020-01-01T00:00:00.000Z".into(), ..head.clone() },
        SignedHead { signature: "00".repeat(64), ..head.clone() },
        SignedHead { signature: "zz".into(), ..head.clone() },
    ] {
        assert!(ring(&key).check(&altered).is_err(), "{altered:?}");
    }
}
