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
    // The last answer's status and headers, which the client does not hand back.
    let seen: Arc<Mutex<(u16, Vec<(String, String)>)>> = Arc::default();
    let record = seen.clone();
    let transport = typewright_runtime::tower::service_fn(move |request: Request<Vec<u8>>| {
        let answer = send(port, &request).map(|(status, headers, body)| {
            *record.lock().unwrap() = (status, headers.clone());
            let mut response = Response::builder().status(status);
            for (name, value) in &headers {
                response = response.header(name.as_str(), value.as_str());
            }
            response.body(body).expect("Prism's response is valid HTTP")
        });
        std::future::ready(answer)
    });
    let mut client = Client::new(transport, &format!("http://127.0.0.1:{port}")).unwrap();
    for (scheme, credential) in &auth.credentials {
        client = client.credential(*scheme, credential.clone());
    }
    let answer = client.send_blocking(request);
    let (status, headers) = seen.lock().unwrap().clone();
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
