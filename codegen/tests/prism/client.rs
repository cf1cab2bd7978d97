// The Prism harness's transport and driver, copied into the harness crate beside the
// generated code (it is no module of the test itself). Every operation goes through the
// runtime's generic client (`Client::send_blocking`: base URL, the credentials its
// operation's security requires); the transport under it is HTTP/1.1 over `TcpStream`, so
// what Prism judges is exactly the request the client writes, byte for byte.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

use typewright_runtime::client::{Client, ClientError, Credential};
use typewright_runtime::http::{Request, Response};
use typewright_runtime::operation::Operation;
use typewright_runtime::serde_json::{self, Value};

/// A credential for every security scheme the spec declares, by name; Prism checks that the
/// ones an operation requires are present, not what they are.
pub struct Auth {
    pub credentials: Vec<(&'static str, Credential)>,
}

pub fn value(text: &str) -> Value {
    serde_json::from_str(text).expect("the test wrote valid JSON")
}

pub fn from<T: typewright_runtime::serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_value(value(text)).map_err(|e| format!("the type refuses {text}: {e}"))
}

/// Sends one operation to Prism through the client and prints what happened, one line, for
/// the test to read: `OK`, `UNBUILT` (the type refuses a value the spec allows), `ENCODE`
/// (the conversion failed), `CREDENTIAL` (the client found no credential the operation
/// accepts), `UNAUTHORIZED` (Prism refused the credentials sent), `VIOLATION` (Prism found
/// the request invalid) or `UNDECODED` (the response enum refuses Prism's response).
pub fn call<O: Operation>(label: &str, port: u16, auth: &Auth, build: impl FnOnce() -> Result<O, String>) {
    let request = match build() {
        Ok(request) => request,
        Err(e) => return println!("UNBUILT {label}: {e}"),
    };
    let (client, seen) = client(port, auth);
    let answer = client.send_blocking(request);
    let (status, headers, _) = seen.lock().unwrap().clone();
    // Prism also checks the answer it made up against the spec (`["response", ..]`), and
    // warns of deprecated parameters: only errors about the request are the request's.
    let errors: Vec<Value> = headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("sl-violations"))
        .filter_map(|(_, text)| serde_json::from_str::<Vec<Value>>(text).ok())
        .flatten()
        .filter(|v| v["severity"] == "Error")
        .collect();
    let (request_errors, response_errors): (Vec<Value>, Vec<Value>) =
        errors.into_iter().partition(|v| v["location"][0] == "request");
    let target = format!("{} {}", O::METHOD, O::PATH);
    match answer {
        Err(ClientError::Request(e)) => return println!("ENCODE {label}: {e}"),
        Err(ClientError::Transport(e)) => return println!("SEND {label}: {e}"),
        Err(e @ (ClientError::MissingCredential { .. } | ClientError::WrongCredential { .. })) => {
            return println!("CREDENTIAL {label}: {e}");
        }
        _ if !request_errors.is_empty() => {
            let text = Value::Array(request_errors).to_string();
            return println!("VIOLATION {label} {target}: {text}");
        }
        // Prism refuses a request without the credentials its operation requires.
        _ if status == 401 => return println!("UNAUTHORIZED {label} {target}"),
        Ok(_) => println!("OK {label} {status}"),
        // Prism made up a response its own check says breaks the spec (GitHub's migration
        // examples lack required keys): refusing it is right.
        Err(e) if !response_errors.is_empty() => println!("OK-REFUSED {label} {status}: {e}"),
        Err(e) => println!("UNDECODED {label} {status}: {e}"),
    }
}

type Answer = (u16, Vec<(String, String)>, Vec<u8>);

/// The last answer a client got, which it does not hand back itself.
type Seen = Arc<Mutex<Answer>>;

/// The generic client over HTTP/1.1 to `port`, with every credential of `auth`, and where it
/// keeps the last answer's status, headers and body.
fn client(
    port: u16,
    auth: &Auth,
) -> (
    Client<impl typewright_runtime::tower::Service<Request<Vec<u8>>, Response = Response<Vec<u8>>, Error = String, Future = std::future::Ready<Result<Response<Vec<u8>>, String>>> + Clone>,
    Seen,
) {
    let seen: Seen = Arc::default();
    let record = seen.clone();
    let transport = typewright_runtime::tower::service_fn(move |request: Request<Vec<u8>>| {
        let answer = send(port, &request).map(|(status, headers, body)| {
            *record.lock().unwrap() = (status, headers.clone(), body.clone());
            let mut response = Response::builder().status(status);
            for (name, value) in &headers {
                response = response.header(name.as_str(), value.as_str());
            }
            response.body(body).expect("the server's response is valid HTTP")
        });
        std::future::ready(answer)
    });
    let mut client = Client::new(transport, &format!("http://127.0.0.1:{port}")).unwrap();
    for (scheme, credential) in &auth.credentials {
        client = client.credential(*scheme, credential.clone());
    }
    (client, seen)
}

/// `Debug` text with every `File`'s name and content type left out.
fn unnamed(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("File { name: ") {
        out.push_str(&rest[..at]);
        out.push_str("File { ");
        rest = &rest[at..];
        let Some(len) = rest.find(" len: ") else {
            break;
        };
        rest = &rest[len + 1..];
    }
    out.push_str(rest);
    out
}

fn send(port: u16, request: &Request<Vec<u8>>) -> Result<Answer, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    // The client wrote an absolute URI; HTTP/1.1 sends its path and query.
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str());
    let mut head = format!("{} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n", request.method());
    for (name, value) in request.headers() {
        head.push_str(&format!("{name}: {}\r\n", value.to_str().unwrap_or("")));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", request.body().len()));
    stream.write_all(head.as_bytes()).map_err(|e| e.to_string())?;
    stream.write_all(request.body()).map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no end of headers")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or("no status")?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = unchunk(&body)?;
    }
    let headers = headers
        .into_iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("transfer-encoding"))
        .collect();
    Ok((status, headers, body))
}

fn unchunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").ok_or("bad chunk")?;
        let size = std::str::from_utf8(&data[..line_end]).map_err(|e| e.to_string())?;
        let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|e| e.to_string())?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(data.get(..size).ok_or("short chunk")?);
        data = data.get(size + 2..).ok_or("short chunk")?;
    }
}

/// The request the echo handler last saw.
static SEEN: Mutex<Option<Box<dyn std::any::Any + Send>>> = Mutex::new(None);

/// Serves `router` on a free loopback port, on a thread of its own; the port.
pub fn serve(router: axum::Router) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, router).await.unwrap();
        });
    });
    port
}

/// Every operation's handler in the round trip: keeps what it was given, and answers with
/// any response the operation's enum reads.
pub async fn echo<O: Operation + Send + 'static>(request: O) -> O::Response {
    *SEEN.lock().unwrap() = Some(Box::new(request));
    any_response::<O::Response>().expect("checked before sending")
}

/// A response of the enum `R`: a status no spec documents, with a body a `default`
/// response's schema usually takes.
pub fn any_response<R: TryFrom<Response<Vec<u8>>>>() -> Option<R> {
    ["", "{}", r#"{"code":0,"message":""}"#, "[]"]
        .iter()
        .find_map(|body| {
            let response = Response::builder()
                .status(599)
                .header("content-type", "application/json")
                .body(body.as_bytes().to_vec())
                .unwrap();
            R::try_from(response).ok()
        })
}

/// Sends one operation through the client to the axum server on `port`, mounted from the
/// same models with `echo` for every operation, and prints whether the handler saw the value
/// sent: `TRIP-OK`, `TRIP-DIFF` (it saw another), `TRIP-REFUSED` (the server refused the
/// request the client wrote), `TRIP-ENCODE` (the client could not write it) or
/// `TRIP-NOANSWER` (the enum reads no response this test can make up).
pub fn trip<O>(label: &str, port: u16, auth: &Auth, build: impl FnOnce() -> Result<O, String>)
where
    O: Operation + Clone + PartialEq + std::fmt::Debug + Send + 'static,
{
    let request = match build() {
        Ok(request) => request,
        Err(e) => return println!("UNBUILT {label}: {e}"),
    };
    if any_response::<O::Response>().is_none() {
        return println!("TRIP-NOANSWER {label}");
    }
    let (client, seen) = client(port, auth);
    *SEEN.lock().unwrap() = None;
    let answer = client.send_blocking(request.clone());
    if let Err(ClientError::Request(e)) = answer {
        return println!("TRIP-ENCODE {label}: {e}");
    }
    let handed = SEEN.lock().unwrap().take();
    let shorten = |text: String| text.chars().take(600).collect::<String>();
    match handed.map(|seen| seen.downcast::<O>()) {
        Some(Ok(seen)) if *seen == request => println!("TRIP-OK {label}"),
        // A file part sent without a name goes with its property's name and
        // `application/octet-stream` (servers take a part without a filename for text), and
        // is read back with them: equal but for those.
        Some(Ok(seen)) if unnamed(&format!("{seen:?}")) == unnamed(&format!("{request:?}")) => {
            println!("TRIP-OK {label} (a file part named by the client)")
        }
        Some(Ok(seen)) => println!(
            "TRIP-DIFF {label}: sent {} / seen {}",
            shorten(format!("{request:?}")),
            shorten(format!("{seen:?}"))
        ),
        Some(Err(_)) => println!("TRIP-DIFF {label}: another operation's handler ran"),
        None => {
            let (status, _, body) = seen.lock().unwrap().clone();
            println!(
                "TRIP-REFUSED {label} {status}: {}",
                shorten(String::from_utf8_lossy(&body).into_owned())
            );
        }
    }
}
