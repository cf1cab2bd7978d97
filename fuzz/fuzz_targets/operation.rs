//! Arbitrary HTTP requests and responses into the operation fixtures' request types and
//! response enums: a server reads what the network sends, so reading may fail but never
//! panic, and what a request type reads it must write as a request that reads back the same
//! (the same for responses).
//!
//! The same response is what a server answers the generic client: paging through it
//! (page numbers, cursors, next URLs in bodies and `Link` headers) and reading its `Retry-After` may fail but never panic or loop.
//!
//! Input: `METHOD TARGET` on the first line, `name: value` header lines, an empty line, then
//! the body; the same bytes are also read as a response whose status is the first three
//! digits found.
#![no_main]

use libfuzzer_sys::fuzz_target;
use typewright_runtime::http::{Request, Response};
use typewright_runtime::operation::Operation;

#[allow(dead_code, deprecated, missing_docs)]
mod operations {
    include!(concat!(env!("OUT_DIR"), "/operations.rs"));
}

include!(concat!(env!("OUT_DIR"), "/operations_dispatch.rs"));

fn operation<O: Operation + Clone + PartialEq + std::fmt::Debug>(
    request: &Request<Vec<u8>>,
    response: &Response<Vec<u8>>,
) where
    O::Response: Clone + std::fmt::Debug,
{
    if let Ok(read) = O::try_from(request.clone()) {
        let written: Request<Vec<u8>> = match read.clone().try_into() {
            Ok(written) => written,
            // A value read may not be writable (a header value that `http` refuses).
            Err(_) => return,
        };
        let again = O::try_from(written.clone())
            .unwrap_or_else(|e| panic!("{read:?} wrote {written:?}, which reads as: {e}"));
        // Some values have no text of their own (an object parameter with no keys, or only
        // keys its type skips, is absent on the wire): then the wire must stay the same.
        if read != again {
            let rewritten: Request<Vec<u8>> = again.clone().try_into().expect("it wrote once");
            assert_eq!(
                (written.uri(), written.headers(), written.body()),
                (rewritten.uri(), rewritten.headers(), rewritten.body()),
                "{read:?} became {again:?}"
            );
        }
    }
    if let Ok(read) = O::Response::try_from(response.clone()) {
        let Ok(written) = read.clone().try_into() else {
            return;
        };
        let written: Response<Vec<u8>> = written;
        let again = O::Response::try_from(written.clone())
            .unwrap_or_else(|e| panic!("{read:?} wrote {written:?}, which reads as: {e}"));
        // Response enums are not `PartialEq` (as `http::Response` is not): compared by their
        // `Debug` text, which shows every field.
        if format!("{read:?}") != format!("{again:?}") {
            let rewritten: Response<Vec<u8>> = again.clone().try_into().expect("it wrote once");
            assert_eq!(
                (written.status(), written.headers(), written.body()),
                (rewritten.status(), rewritten.headers(), rewritten.body()),
                "{read:?} became {again:?}"
            );
        }
    }
}

fn parse(data: &[u8]) -> Option<(Request<Vec<u8>>, Response<Vec<u8>>)> {
    let split = data
        .windows(2)
        .position(|w| w == b"\n\n")
        .unwrap_or(data.len());
    let head = std::str::from_utf8(&data[..split]).ok()?;
    let body = data.get(split + 2..).unwrap_or_default().to_vec();
    let mut lines = head.lines();
    let (method, target) = lines.next()?.split_once(' ')?;
    let mut request = Request::builder().method(method).uri(target);
    let status = head
        .as_bytes()
        .windows(3)
        .find(|w| w.iter().all(u8::is_ascii_digit))
        .and_then(|w| std::str::from_utf8(w).ok()?.parse::<u16>().ok())
        .filter(|s| (100..1000).contains(s))
        .unwrap_or(200);
    let mut response = Response::builder().status(status);
    for line in lines {
        let (name, value) = line.split_once(':')?;
        request = request.header(name.trim(), value.trim());
        response = response.header(name.trim(), value.trim());
    }
    Some((request.body(body.clone()).ok()?, response.body(body).ok()?))
}

/// The client, answered `response` every time: a few pages of each kind of paging.
fn client(response: &Response<Vec<u8>>) {
    use operations::input::{CommitsRequest, EventsListRequest, FeedRequest, PetsPagesRequest};
    use typewright_runtime::client::{Client, retry_after};
    let _ = retry_after(response);
    let answer = response.clone();
    let transport = typewright_runtime::tower::service_fn(move |_: Request<Vec<u8>>| {
        std::future::ready(Ok::<_, std::convert::Infallible>(answer.clone()))
    });
    let client = Client::new(transport, "http://127.0.0.1").expect("a valid base URL");
    let mut pages = client
        .pages(PetsPagesRequest::default())
        .expect("no credentials needed");
    for _ in 0..3 {
        if pages.next_blocking().is_none() {
            break;
        }
    }
    let mut pages = client
        .pages(EventsListRequest::default())
        .expect("no credentials needed");
    for _ in 0..3 {
        if pages.next_blocking().is_none() {
            break;
        }
    }
    // Next URLs from the body and from `Link` headers.
    let mut pages = client
        .pages(FeedRequest::default())
        .expect("no credentials needed");
    for _ in 0..3 {
        if pages.next_blocking().is_none() {
            break;
        }
    }
    let mut pages = client
        .pages(CommitsRequest::default())
        .expect("no credentials needed");
    for _ in 0..3 {
        if pages.next_blocking().is_none() {
            break;
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Some((request, response)) = parse(data) {
        every_operation(&request, &response);
        client(&response);
    }
});
