//! Event streams read as they arrive: [`Client::events`] over a transport whose responses
//! keep their body open (any tower service answering `http::Response<B>` with `B` an
//! `http_body::Body`, such as [`ReqwestStream`] or hyper's client).

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::{Stream, StreamExt};
use http::header::CONTENT_TYPE;
use http::{Request, Response};
use http_body::Body;
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use tower::{Service, ServiceExt};

use super::{BoxError, Client, ClientError};
use crate::operation::streams::{Step, step};
use crate::operation::{self, Event, Streamed};

/// The events of one response, read one at a time as the server sends them: a [`Stream`]
/// of [`Event`]s, with [`Events::next`] for a loop. It ends with the response's body, or at
/// the spec's sentinel (`[DONE]`), after which nothing is read.
pub struct Events<T, B: Body> {
    inner: Pin<Box<sse_stream::SseStream<B>>>,
    sentinel: Option<&'static str>,
    done: bool,
    read: usize,
    data: PhantomData<fn() -> T>,
}

impl<T, B: Body> Events<T, B> {
    fn new(body: B, sentinel: Option<&'static str>) -> Events<T, B> {
        Events {
            inner: Box::pin(sse_stream::SseStream::new(body)),
            sentinel,
            done: false,
            read: 0,
            data: PhantomData,
        }
    }
}

impl<T, B> Events<T, B>
where
    T: DeserializeOwned,
    B: Body,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    /// The next event, `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<Event<T>, ClientError>> {
        StreamExt::next(self).await
    }
}

impl<T, B> Stream for Events<T, B>
where
    T: DeserializeOwned,
    B: Body,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    type Item = Result<Event<T>, ClientError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if self.done {
                return Poll::Ready(None);
            }
            let sse = match self.inner.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    self.done = true;
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(e))) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(ClientError::Transport(Box::new(e)))));
                }
                Poll::Ready(Some(Ok(sse))) => sse,
            };
            match step(sse, self.sentinel, self.read) {
                Step::Skip => {}
                Step::End => {
                    self.done = true;
                    return Poll::Ready(None);
                }
                Step::Event(event) => {
                    self.read += 1;
                    return Poll::Ready(Some(event.map_err(ClientError::Response)));
                }
            }
        }
    }
}

impl<S, B> Client<S>
where
    S: Service<Request<Vec<u8>>, Response = Response<B>> + Clone,
    S::Error: Into<BoxError>,
    B: Body,
    B::Error: Into<BoxError>,
{
    /// Sends `request` and, when the server answers a 2XX `text/event-stream`, returns its
    /// events as they arrive (`Ok(Ok(events))`); any other answer (an error status, or the
    /// JSON an operation with both media types may send) is read whole into the response
    /// enum (`Ok(Err(response))`). The transport must keep the body open: [`ReqwestStream`]
    /// does, while [`super::Reqwest`] (for [`Client::send`]) reads it to its end first.
    pub async fn events<O: Streamed>(
        &self,
        request: O,
    ) -> Result<Result<Events<O::Data, B>, O::Response>, ClientError> {
        let request = self.prepare(request)?;
        let response = self
            .service
            .clone()
            .oneshot(request)
            .await
            .map_err(|e| ClientError::Transport(e.into()))?;
        let streams = response.status().is_success()
            && response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| operation::essence(v) == "text/event-stream");
        let (parts, body) = response.into_parts();
        if streams {
            return Ok(Ok(Events::new(body, O::SENTINEL)));
        }
        let bytes = body
            .collect()
            .await
            .map_err(|e| ClientError::Transport(e.into()))?
            .to_bytes();
        let response = Response::from_parts(parts, bytes.to_vec());
        O::Response::try_from(response)
            .map(Err)
            .map_err(ClientError::Response)
    }
}

/// A transport over reqwest that hands the body over as it arrives (feature `reqwest`):
/// the one for [`Client::events`].
#[cfg(feature = "reqwest")]
#[derive(Clone, Debug, Default)]
pub struct ReqwestStream(pub reqwest::Client);

#[cfg(feature = "reqwest")]
impl Service<Request<Vec<u8>>> for ReqwestStream {
    type Response = Response<reqwest::Body>;
    type Error = reqwest::Error;
    type Future = Pin<
        Box<
            dyn std::future::Future<Output = Result<Response<reqwest::Body>, reqwest::Error>>
                + Send,
        >,
    >;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), reqwest::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Vec<u8>>) -> Self::Future {
        let client = self.0.clone();
        Box::pin(async move {
            let request = reqwest::Request::try_from(request)?;
            Ok(client.execute(request).await?.into())
        })
    }
}
