use super::*;

#[test]
fn chunk_size_bounds() {
    assert_eq!(ChunkSize::default().get(), 25);
    assert!(ChunkSize::new(1).is_ok() && ChunkSize::new(100).is_ok());
    assert_eq!(ChunkSize::new(0), Err(ChunkSizeError(0)));
    assert_eq!(ChunkSize::new(101), Err(ChunkSizeError(101)));
    assert_eq!(
        serde_json::to_string(&ChunkSize::new(7).unwrap()).unwrap(),
        "7"
    );
    assert!(serde_json::from_str::<ChunkSize>("0").is_err());
}

#[test]
fn refusal_classification() {
    use Refusal::*;
    let cases = [
        (
            "bob@x.com is already a member of this workspace",
            AlreadyMember,
        ),
        ("User ALREADY A MEMBER", AlreadyMember),
        ("a@x.com and b@x.com are already members", AlreadyMember),
        ("This person has already been invited.", AlreadyInvited),
        ("bob@x.com: already invited", AlreadyInvited),
        ("\"bob@@x\" is not a valid email address", InvalidEmail),
        ("Invalid email", InvalidEmail),
        (
            "You can invite at most 10 people at once",
            TooMany { limit: Some(10) },
        ),
        ("Enter up to 5 emails", TooMany { limit: Some(5) }),
        (
            "Only one email at a time on this plan",
            TooMany { limit: Some(1) },
        ),
        ("Too many emails", TooMany { limit: None }),
        ("Something went wrong. Please try again.", Transient),
        ("Internal Server Error", Transient),
        ("Request timeout", Transient),
        ("Too many requests", Transient),
        ("Validation failure", Unknown),
        ("", Unknown),
    ];
    for (msg, want) in cases {
        assert_eq!(classify_refusal(msg), want, "{msg}");
    }
}

#[test]
fn specific_cause_beats_try_again() {
    assert_eq!(
        classify_refusal("x@y.com is already a member. Try again with another email."),
        Refusal::AlreadyMember
    );
}

#[test]
fn permanence() {
    assert!(Refusal::AlreadyMember.is_permanent() && Refusal::InvalidEmail.is_permanent());
    assert!(!Refusal::Transient.is_permanent() && !Refusal::Unknown.is_permanent());
    assert!(!Refusal::TooMany { limit: None }.is_permanent());
}

#[test]
fn mentioned_emails_are_whole_addresses() {
    let c: Vec<String> = ["bob@x.com", "jimbob@x.com", "Ann@X.com", "carl@x.com"]
        .map(String::from)
        .to_vec();
    let found = mentioned_emails("jimbob@x.com and ann@x.com are already members.", &c);
    assert_eq!(found, [&c[1], &c[2]]);
    assert!(mentioned_emails("bob@x.com.au is invalid", &c).is_empty());
    assert_eq!(mentioned_emails("Invalid: carl@x.com.", &c), [&c[3]]);
    assert!(mentioned_emails("Something went wrong", &c).is_empty());
}

#[test]
fn bisecting() {
    assert_eq!(bisect(&[1, 2, 3, 4, 5]), (vec![1, 2, 3], vec![4, 5]));
    assert_eq!(bisect(&[1, 2]), (vec![1], vec![2]));
    assert_eq!(bisect(&[1]), (vec![1], vec![]));
}

#[test]
fn bisecting_isolates_one_bad_item_in_log_steps() {
    // Simulate the page refusing any chunk containing 17.
    let mut queue = vec![(0..25).collect::<Vec<u32>>()];
    let mut submissions = 0;
    let mut isolated = Vec::new();
    while let Some(c) = queue.pop() {
        submissions += 1;
        if !c.contains(&17) {
            continue;
        }
        if c.len() == 1 {
            isolated.push(c[0]);
            continue;
        }
        let (a, b) = bisect(&c);
        queue.push(b);
        queue.push(a);
    }
    assert_eq!(isolated, [17]);
    assert!(submissions <= 1 + 2 * 5, "{submissions}");
}

#[test]
fn shrinking() {
    assert_eq!(shrink_chunk(25, Some(10)), 10);
    assert_eq!(shrink_chunk(25, Some(1)), 1);
    assert_eq!(shrink_chunk(25, Some(50)), 24); // never grow on a refusal
    assert_eq!(shrink_chunk(25, None), 12);
    assert_eq!(shrink_chunk(2, None), 1);
    assert_eq!(shrink_chunk(1, None), 1);
}

#[test]
fn backoff_delays() {
    let p = RetryPolicy::default();
    let delays: Vec<Option<u64>> = (0..=4).map(|r| p.delay_before_retry(r)).collect();
    assert_eq!(delays, [None, Some(1_000), Some(2_000), Some(4_000), None]);
    let capped = RetryPolicy {
        max_retries: 40,
        base_delay_ms: 1_000,
        max_delay_ms: 10_000,
    };
    assert_eq!(capped.delay_before_retry(5), Some(10_000));
    assert_eq!(capped.delay_before_retry(40), Some(10_000)); // no overflow
    assert_eq!(p.delay_with_hint(1, Some(57_647)), Some(30_000));
    assert_eq!(p.delay_with_hint(2, Some(500)), Some(2_000));
    assert_eq!(p.delay_with_hint(4, Some(500)), None);
}
