use super::*;
use tower::retry::Policy;

fn answer(status: u16, retry_after: Option<&str>) -> Response<Vec<u8>> {
    let mut builder = Response::builder().status(status);
    if let Some(value) = retry_after {
        builder = builder.header("retry-after", value);
    }
    builder.body(Vec::new()).unwrap()
}

#[test]
fn retry_after_reads_seconds_and_dates() {
    assert_eq!(
        retry_after(&answer(503, Some("7"))),
        Some(Duration::from_secs(7))
    );
    let soon = SystemTime::now() + Duration::from_secs(120);
    let wait = retry_after(&answer(503, Some(&httpdate::fmt_http_date(soon)))).unwrap();
    assert!(wait <= Duration::from_secs(120) && wait >= Duration::from_secs(118));
    // A date in the past is no wait; text that is neither is no answer.
    let past = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH);
    assert_eq!(retry_after(&answer(503, Some(&past))), Some(Duration::ZERO));
    assert_eq!(retry_after(&answer(503, Some("soon"))), None);
    assert_eq!(retry_after(&answer(503, None)), None);
}

fn request(method: &str) -> Request<Vec<u8>> {
    Request::builder()
        .method(method)
        .uri("https://example.com/a?b=1")
        .header("x-key", "v")
        .body(b"body".to_vec())
        .unwrap()
}

#[test]
fn the_policy_retries_what_it_should_and_counts_attempts() {
    let mut policy = Retry::new(2, |_| Box::pin(std::future::ready(())));
    let mut get = request("GET");
    let mut busy: Result<_, ()> = Ok(answer(503, Some("1")));
    assert!(policy.retry(&mut get, &mut busy).is_some());
    // The second attempt was the last.
    assert!(policy.retry(&mut get, &mut busy).is_none());
    let mut fresh = Retry::new(5, |_| Box::pin(std::future::ready(())));
    let mut fine: Result<_, ()> = Ok(answer(200, None));
    assert!(fresh.retry(&mut get, &mut fine).is_none());
    let mut failed: Result<Response<Vec<u8>>, ()> = Err(());
    assert!(fresh.clone().retry(&mut get, &mut failed).is_some());
    let mut no_errors = fresh.clone().retry_transport_errors(false);
    assert!(no_errors.retry(&mut get, &mut failed).is_none());
    // POST is not idempotent; a status outside the list is an answer.
    let mut post = request("POST");
    assert!(fresh.retry(&mut post, &mut busy).is_none());
    let mut gateway: Result<_, ()> = Ok(answer(502, None));
    assert!(fresh.retry(&mut get, &mut gateway).is_none());
    let mut listed = fresh.statuses(&[502]);
    assert!(listed.retry(&mut get, &mut gateway).is_some());
    // A retried request is the same request.
    let copy = Policy::<_, Response<Vec<u8>>, ()>::clone_request(&mut listed, &get).unwrap();
    assert_eq!(
        (copy.method(), copy.uri(), copy.headers(), copy.body()),
        (get.method(), get.uri(), get.headers(), get.body())
    );
}

#[test]
fn the_backoff_doubles_up_to_its_cap() {
    let mut policy = Retry::new(10, |_| Box::pin(std::future::ready(())))
        .backoff(Duration::from_millis(100), Duration::from_millis(300));
    let waits: Vec<Duration> = (0..4)
        .map(|_| {
            let wait = policy.backoff_wait();
            policy.made += 1;
            wait
        })
        .collect();
    for (wait, full) in waits.iter().zip([100, 200, 300, 300]) {
        let full = Duration::from_millis(full);
        assert!(*wait <= full && *wait >= full * 3 / 4, "{waits:?}");
    }
}

#[test]
fn secrets_stay_out_of_debug() {
    let credential = Credential::basic("ann", "hunter2");
    assert_eq!(
        format!("{credential:?}"),
        "Basic { username: \"ann\", password: <redacted> }"
    );
    assert_eq!(Secret::new("x").expose(), "x");
}
