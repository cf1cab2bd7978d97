//! Responses that are a sequence of values: `text/event-stream` (server-sent events, split
//! by sse-stream, each event's `data` read into the schema's type) and JSON lines
//! (`application/x-ndjson` and its aliases, read by serde_json's stream deserializer).

use futures_util::StreamExt;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Error;

/// One server-sent event: its `data` read into the schema's type, with the fields beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Event<T> {
    /// The `event:` field: the event's name (`None`: a plain message).
    pub event: Option<String>,
    /// The `id:` field.
    pub id: Option<String>,
    /// The `retry:` field, in milliseconds.
    pub retry: Option<u64>,
    /// The `data:` field, read as JSON into `T` (or as the text it is, where `T` is a
    /// string and the text is not JSON).
    pub data: T,
}

impl<T> Event<T> {
    /// An event of this data, without a name, id or retry.
    pub fn new(data: T) -> Event<T> {
        Event {
            event: None,
            id: None,
            retry: None,
            data,
        }
    }
}

/// The events of a `text/event-stream` response, in order, up to the spec's sentinel
/// (`x-speakeasy-sse-sentinel`, such as `[DONE]`) where it declares one.
#[derive(Clone, Debug, PartialEq)]
pub struct EventStream<T> {
    /// The events.
    pub events: Vec<Event<T>>,
}

impl<T> EventStream<T> {
    /// A stream of these events.
    pub fn new(events: Vec<Event<T>>) -> EventStream<T> {
        EventStream { events }
    }
}

impl<T> IntoIterator for EventStream<T> {
    type Item = Event<T>;
    type IntoIter = std::vec::IntoIter<Event<T>>;
    fn into_iter(self) -> Self::IntoIter {
        self.events.into_iter()
    }
}

/// The values of a JSON-lines response (`application/x-ndjson`, `application/jsonl`...), in
/// order.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonLines<T> {
    /// The values, one per line.
    pub items: Vec<T>,
}

impl<T> JsonLines<T> {
    /// These values.
    pub fn new(items: Vec<T>) -> JsonLines<T> {
        JsonLines { items }
    }
}

impl<T> IntoIterator for JsonLines<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Splits `body` into server-sent events and reads each one's data, stopping at the
/// `sentinel` data, by sse-stream over the body in memory.
pub(crate) fn read_events<T: DeserializeOwned>(
    body: &[u8],
    sentinel: Option<&str>,
) -> Result<EventStream<T>, Error> {
    let chunk = bytes::Bytes::copy_from_slice(body);
    let chunks = futures_util::stream::iter([Ok::<_, std::convert::Infallible>(chunk)]);
    let mut stream = sse_stream::SseByteStream::new(chunks);
    let reading = async move {
        let mut events = Vec::new();
        while let Some(sse) = stream.next().await {
            let sse = sse.map_err(|e| Error::new(format!("the event stream: {e}")))?;
            match step(sse, sentinel, events.len()) {
                Step::Skip => {}
                Step::End => break,
                Step::Event(event) => events.push(event?),
            }
        }
        Ok(EventStream { events })
    };
    super::in_memory(reading)
        .unwrap_or_else(|| Err(Error::new("the event stream: the reader stalled")))
}

/// What one block of an event stream is.
pub(crate) enum Step<T> {
    /// No event: a block of only `id:` or `retry:` (or comments) dispatches none.
    Skip,
    /// The sentinel: nothing after it is read.
    End,
    /// An event, its data read (an error names its position among the events).
    Event(Result<Event<T>, Error>),
}

/// Block `sse`, the `position`th event if it is one.
pub(crate) fn step<T: DeserializeOwned>(
    sse: sse_stream::Sse,
    sentinel: Option<&str>,
    position: usize,
) -> Step<T> {
    let Some(data) = sse.data else {
        return Step::Skip;
    };
    if sentinel == Some(data.as_str()) {
        return Step::End;
    }
    Step::Event(
        read_data(&data)
            .map(|data| Event {
                event: sse.event,
                id: sse.id,
                retry: sse.retry,
                data,
            })
            .map_err(|e| Error::new(format!("the event stream: event {position}: {e}"))),
    )
}

/// An event's data: JSON, or text where the type takes a string.
fn read_data<T: DeserializeOwned>(data: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(data)
        .or_else(|first| T::deserialize(Value::String(data.to_string())).map_err(|_| first))
}

/// The events as a `text/event-stream` body, the `sentinel` last where the spec declares
/// one. Data that is a JSON string is written as its text, anything else as JSON.
pub(crate) fn write_events<T: Serialize>(
    events: &EventStream<T>,
    sentinel: Option<&str>,
) -> Result<Vec<u8>, Error> {
    let mut body = Vec::new();
    let mut write = |sse: sse_stream::Sse| -> Result<(), Error> {
        let bytes = sse
            .encode()
            .map_err(|e| Error::new(format!("the event stream: {e}")))?;
        body.extend_from_slice(&bytes);
        Ok(())
    };
    for event in &events.events {
        let data = match serde_json::to_value(&event.data) {
            Ok(Value::String(text)) => text,
            Ok(value) => value.to_string(),
            Err(e) => return Err(Error::new(format!("the event stream: {e}"))),
        };
        write(sse_stream::Sse {
            event: event.event.clone(),
            data: Some(data),
            id: event.id.clone(),
            retry: event.retry,
        })?;
    }
    if let Some(sentinel) = sentinel {
        write(sse_stream::Sse::default().data(sentinel))?;
    }
    Ok(body)
}

/// The values of a JSON-lines body: JSON values one after another, separated by white
/// space (a blank line is none).
pub(crate) fn read_json_lines<T: DeserializeOwned>(body: &[u8]) -> Result<JsonLines<T>, Error> {
    serde_json::Deserializer::from_slice(body)
        .into_iter::<T>()
        .enumerate()
        .map(|(line, item)| {
            item.map_err(|e| Error::new(format!("the JSON lines: value {line}: {e}")))
        })
        .collect::<Result<Vec<T>, Error>>()
        .map(JsonLines::new)
}

/// The values as JSON lines, each ended by a newline.
pub(crate) fn write_json_lines<T: Serialize>(lines: &JsonLines<T>) -> Result<Vec<u8>, Error> {
    let mut body = Vec::new();
    for item in &lines.items {
        serde_json::to_writer(&mut body, item)
            .map_err(|e| Error::new(format!("the JSON lines: {e}")))?;
        body.push(b'\n');
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Chunk {
        delta: String,
    }

    #[test]
    fn events_are_read_up_to_the_sentinel_with_their_fields() {
        let body = b"event: delta\nid: 1\ndata: {\"delta\":\"Hel\"}\n\n: a comment\n\ndata: {\"delta\":\r\ndata: \"lo\"}\nretry: 50\n\ndata: [DONE]\n\ndata: {\"delta\":\"never read\"}\n\n";
        let stream: EventStream<Chunk> = read_events(body, Some("[DONE]")).unwrap();
        assert_eq!(
            stream.events,
            vec![
                Event {
                    event: Some("delta".into()),
                    id: Some("1".into()),
                    retry: None,
                    data: Chunk {
                        delta: "Hel".into()
                    },
                },
                // Each event carries the fields of its own block.
                Event {
                    event: None,
                    id: None,
                    retry: Some(50),
                    data: Chunk { delta: "lo".into() },
                },
            ]
        );
    }

    #[test]
    fn events_round_trip_and_text_data_stays_text() {
        let mut first = Event::new("plain words".to_string());
        first.event = Some("note".into());
        let stream = EventStream::new(vec![first, Event::new("{\"a\":1}".to_string())]);
        let body = write_events(&stream, Some("[DONE]")).unwrap();
        let text = String::from_utf8(body.clone()).unwrap();
        assert!(
            text.starts_with("event: note\ndata: plain words\n\n"),
            "{text}"
        );
        assert!(text.ends_with("data: [DONE]\n\n"), "{text}");
        let read: EventStream<String> = read_events(&body, Some("[DONE]")).unwrap();
        // A string that is itself JSON text is written as that text, and read as JSON.
        assert_eq!(read.events[0], stream.events[0]);
        assert!(read_events::<String>(&body, None).unwrap().events.len() == 3);
    }

    #[test]
    fn an_event_whose_data_is_not_the_type_names_its_position() {
        let error = read_events::<Chunk>(b"data: {\"delta\":\"a\"}\n\ndata: 7\n\n", None)
            .unwrap_err()
            .to_string();
        assert!(error.contains("event 1"), "{error}");
    }

    #[test]
    fn json_lines_round_trip() {
        let lines = JsonLines::new(vec![
            Chunk { delta: "a".into() },
            Chunk {
                delta: "b\nc".into(),
            },
        ]);
        let body = write_json_lines(&lines).unwrap();
        assert_eq!(body, b"{\"delta\":\"a\"}\n{\"delta\":\"b\\nc\"}\n");
        assert_eq!(read_json_lines::<Chunk>(&body).unwrap(), lines);
        let error = read_json_lines::<Chunk>(b"{\"delta\":\"a\"}\n\n{\"nope\":1}\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("value 1"), "{error}");
    }
}
