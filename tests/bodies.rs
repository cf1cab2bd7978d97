//! Bodies the models read and write checked against code that is not ours, over loopback:
//! the generic client (over reqwest) sends the operations fixture's `uploadPhoto` to an axum
//! server that reads it with axum's own `Multipart` extractor, part by part; and it reads to
//! the end an event stream that axum's own `Sse` response writes, both whole and event by
//! event while the server is still sending.
#![allow(dead_code)]

#[rustfmt::skip]
#[path = "../codegen/tests/fixtures/operations/expected.rs"]
mod operations;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Multipart, State};
use axum::response::sse::{Event, Sse};
use axum::routing::post;
use operations::input::{
    ChatOkContent, ChatRequestBody, ChatResponse, UploadPhotoRequest, UploadPhotoRequestBody,
    UploadPhotoRequestBodyCrop, UploadPhotoResponse,
};
use typewright_runtime::File;
use typewright_runtime::client::{BoxError, Client, Credential, Reqwest, ReqwestStream};

/// A part as axum read it: name, file name, media type, bytes.
type Part = (String, Option<String>, Option<String>, Vec<u8>);
type Seen = Arc<Mutex<Vec<Part>>>;

async fn photos(State(seen): State<Seen>, mut multipart: Multipart) -> axum::http::StatusCode {
    while let Some(field) = multipart.next_field().await.unwrap() {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(str::to_string);
        let bytes = field.bytes().await.unwrap().to_vec();
        seen.lock()
            .unwrap()
            .push((name, file_name, content_type, bytes));
    }
    axum::http::StatusCode::CREATED
}

#[tokio::test(flavor = "current_thread")]
async fn axum_reads_every_part_the_client_sends() {
    let seen = Seen::default();
    let app = Router::new()
        .route("/pets/{petId}/photos", post(photos))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let client = Client::new(Reqwest::default(), &format!("http://{address}"))
        .unwrap()
        .credential("bearer", Credential::bearer("token"));
    let photo = File::new(vec![0x89, b'P', b'N', b'G', 0, 0xff]).name("rex.png");
    let body = UploadPhotoRequestBody {
        photo,
        caption: Some("Rex".into()),
        tags: Some(vec!["dog".into(), "brown".into()]),
        crop: Some(UploadPhotoRequestBodyCrop {
            width: Some(40),
            height: None,
        }),
        thumbnails: None,
    };
    let answer = client.send(UploadPhotoRequest::new(7, body)).await.unwrap();
    assert!(matches!(answer, UploadPhotoResponse::Created), "{answer:?}");

    let text = |s: &str| s.as_bytes().to_vec();
    let png = |s: &str| Some(s.to_string());
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            (
                "photo".into(),
                png("rex.png"),
                png("image/png"),
                vec![0x89, b'P', b'N', b'G', 0, 0xff]
            ),
            ("caption".into(), None, None, text("Rex")),
            ("tags".into(), None, None, text("dog")),
            ("tags".into(), None, None, text("brown")),
            (
                "crop".into(),
                None,
                png("application/json"),
                text(r#"{"width":40}"#)
            ),
        ]
    );
}

/// Three chunks, a comment, and the sentinel, by axum's writer.
async fn chat() -> Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>>> {
    let events = vec![
        Event::default()
            .event("delta")
            .data(r#"{"delta":"Hel","index":0}"#),
        Event::default().comment("keep-alive"),
        Event::default().data(r#"{"delta":"lo","index":1}"#),
        Event::default().id("3").data(r#"{"delta":"!"}"#),
        Event::default().data("[DONE]"),
        Event::default().data(r#"{"delta":"after the end"}"#),
    ];
    Sse::new(futures_util::stream::iter(events.into_iter().map(Ok)))
}

/// The loop of the client guide (`docs/client.md`): a chat's text, event by event.
async fn chat_text(
    client: &Client<ReqwestStream>,
    request: ChatRequestBody,
) -> Result<String, BoxError> {
    let mut text = String::new();
    match client.events(request).await? {
        Ok(mut events) => {
            while let Some(event) = events.next().await {
                text.push_str(&event?.data.delta);
            }
        }
        // An error status, or the JSON an operation with both media types may answer.
        Err(response) => return Err(format!("{response:?}").into()),
    }
    Ok(text)
}

#[tokio::test(flavor = "current_thread")]
async fn an_event_stream_axum_writes_is_read_to_its_sentinel() {
    let app = Router::new().route("/chat", post(chat));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let client = Client::new(Reqwest::default(), &format!("http://{address}")).unwrap();
    let request = ChatRequestBody {
        prompt: "greet".into(),
    };
    let ChatResponse::Ok(ChatOkContent::EventStream(stream)) = client.send(request).await.unwrap()
    else {
        panic!("axum says text/event-stream: the 200 is the stream");
    };
    let read: Vec<(Option<String>, Option<String>, String)> = stream
        .into_iter()
        .map(|e| (e.event, e.id, e.data.delta))
        .collect();
    assert_eq!(
        read,
        vec![
            (Some("delta".into()), None, "Hel".into()),
            (None, None, "lo".into()),
            (None, Some("3".into()), "!".into()),
        ]
    );
    // The same, event by event as they arrive.
    let client = Client::new(ReqwestStream::default(), &format!("http://{address}")).unwrap();
    let request = ChatRequestBody {
        prompt: "greet".into(),
    };
    assert_eq!(chat_text(&client, request).await.unwrap(), "Hello!");
}

/// Events as the test hands them over: the stream stays open until the sender is dropped.
async fn live(
    State(events): State<Arc<Mutex<Option<tokio::sync::mpsc::Receiver<Event>>>>>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>>> {
    let receiver = events.lock().unwrap().take().expect("one request");
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|event| (Ok(event), receiver))
    });
    Sse::new(stream)
}

#[tokio::test(flavor = "current_thread")]
async fn events_arrive_one_by_one_while_the_server_is_still_sending() {
    let (sender, receiver) = tokio::sync::mpsc::channel(4);
    let app = Router::new()
        .route("/chat", post(live))
        .with_state(Arc::new(Mutex::new(Some(receiver))));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let client = Client::new(ReqwestStream::default(), &format!("http://{address}")).unwrap();
    let request = ChatRequestBody {
        prompt: "greet".into(),
    };
    let send = |data: &str| {
        let sender = sender.clone();
        let event = Event::default().data(data);
        async move { sender.send(event).await.unwrap() }
    };
    send(r#"{"delta":"Hel"}"#).await;
    let Ok(mut events) = client.events(request).await.unwrap() else {
        panic!("a 200 text/event-stream is read as events");
    };
    // The first event is read while the server has not sent the second: a client that
    // waited for the body's end would wait here until the timeout.
    let wait = std::time::Duration::from_secs(10);
    let first = tokio::time::timeout(wait, events.next())
        .await
        .expect("the first event, now");
    assert_eq!(first.unwrap().unwrap().data.delta, "Hel");
    send(r#"{"delta":"lo"}"#).await;
    let second = tokio::time::timeout(wait, events.next())
        .await
        .expect("the second event");
    assert_eq!(second.unwrap().unwrap().data.delta, "lo");
    // The sentinel ends the stream, though the server keeps the connection open.
    send("[DONE]").await;
    let end = tokio::time::timeout(wait, events.next())
        .await
        .expect("the end");
    assert!(end.is_none());
}

#[tokio::test(flavor = "current_thread")]
async fn an_answer_that_is_no_event_stream_is_read_into_the_response_enum() {
    let whole = || async {
        (
            [("content-type", "application/json")],
            r#"{"delta":"Hello"}"#,
        )
    };
    let app = Router::new().route("/chat", post(whole));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let client = Client::new(ReqwestStream::default(), &format!("http://{address}")).unwrap();
    let request = ChatRequestBody {
        prompt: "greet".into(),
    };
    let Err(ChatResponse::Ok(ChatOkContent::Json(chunk))) = client.events(request).await.unwrap()
    else {
        panic!("a JSON 200 is the response enum's JSON variant");
    };
    assert_eq!(chunk.delta, "Hello");
}
