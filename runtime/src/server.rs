//! Serving a spec with axum (feature `axum`): every operation's request type is an axum
//! extractor and every response enum an axum response, a spec's generated `Routes` mounts
//! every operation at its method and path, and the credentials an operation requires are
//! extracted for its handler. There is no per-operation server code: each operation's
//! method, path, security and refusal status are in its type ([`Operation`]).
//!
//! ```ignore
//! let routes = polar::Routes {
//!     orders_list: Route::new(list_orders),
//!     orders_get: Route::new(get_order),
//!     ..polar::Routes::unserved()
//! };
//! let app: axum::Router = routes.into_router();
//! ```

#[cfg(feature = "axum")]
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::marker::PhantomData;

#[cfg(feature = "axum")]
pub use axum;
#[cfg(feature = "axum")]
use axum::http::Method;
#[cfg(feature = "axum")]
use axum::routing::MethodRouter;

use crate::operation::Operation;

#[cfg(feature = "axum")]
mod extract;
#[cfg(all(feature = "axum", feature = "webhooks"))]
pub(crate) use extract::buffered;
#[cfg(feature = "axum")]
pub use extract::{Auth, Authenticate, Credentials, Denied, Handler, Reply, Typed, refusal};
#[cfg(feature = "axum")]
use extract::{Security, method_filter, unserved};

/// What a spec's `Routes::into_router` makes: axum's router (feature `axum`).
#[cfg(feature = "axum")]
pub type Router<S = ()> = axum::Router<S>;

/// What a spec's `Routes::into_router` makes. Without the `axum` feature of
/// `typewright-runtime` there is nothing to serve with: enable it for axum's router.
#[cfg(not(feature = "axum"))]
#[derive(Debug)]
pub struct Router<S = ()>(PhantomData<fn() -> S>);

/// One operation's place in a spec's `Routes`: its handler, or none (`Route::unserved`),
/// which answers `501 Not Implemented`.
pub struct Route<O, S = ()> {
    #[cfg(feature = "axum")]
    router: Option<MethodRouter<S>>,
    operation: PhantomData<fn() -> (O, S)>,
}

impl<O, S> fmt::Debug for Route<O, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        #[cfg(feature = "axum")]
        let served = self.router.is_some();
        #[cfg(not(feature = "axum"))]
        let served = false;
        f.write_str(if served {
            "Route(served)"
        } else {
            "Route(unserved)"
        })
    }
}

impl<O, S> Route<O, S> {
    /// The operation left out on purpose: it answers `501 Not Implemented`. What
    /// `..Routes::unserved()` fills every field not written with.
    pub fn unserved() -> Route<O, S> {
        Route {
            #[cfg(feature = "axum")]
            router: None,
            operation: PhantomData,
        }
    }
}

#[cfg(feature = "axum")]
impl<O: Operation, S: Clone + Send + Sync + 'static> Route<O, S> {
    /// The operation served by `handler` (see [`Handler`]).
    pub fn new<H, T>(handler: H) -> Route<O, S>
    where
        H: Handler<O, T, S>,
    {
        Route {
            router: Some(handler.into_method_router()),
            operation: PhantomData,
        }
    }
}

/// Mounts a spec's routes on one axum router (what a generated `Routes::into_router` calls).
#[doc(hidden)]
pub struct Mount<S> {
    /// By path as axum routes it: the methods mounted, and the router of that path.
    #[cfg(feature = "axum")]
    paths: Vec<(String, HashSet<Method>, MethodRouter<S>)>,
    /// Each path's index in `paths`.
    #[cfg(feature = "axum")]
    index: HashMap<String, usize>,
    state: PhantomData<fn() -> S>,
}

impl<S> Default for Mount<S> {
    fn default() -> Self {
        Mount {
            #[cfg(feature = "axum")]
            paths: Vec::new(),
            #[cfg(feature = "axum")]
            index: HashMap::new(),
            state: PhantomData,
        }
    }
}

impl<S: Clone + Send + Sync + 'static> Mount<S> {
    /// Adds `route` at its operation's path and method. An operation whose path axum
    /// cannot route, or whose path and method an earlier operation took (specs must not
    /// have two, and some do), is left out.
    #[cfg_attr(not(feature = "axum"), allow(unused_variables))]
    pub fn add<O: Operation + 'static>(&mut self, route: Route<O, S>) {
        #[cfg(feature = "axum")]
        self.add_route(route);
    }

    #[cfg(feature = "axum")]
    fn add_route<O: Operation + 'static>(&mut self, route: Route<O, S>) {
        let Some(path) = axum_path(O::PATH) else {
            return;
        };
        let Ok(method) = Method::from_bytes(O::METHOD.as_bytes()) else {
            return;
        };
        let router = match route.router {
            Some(router) => router,
            None => axum::routing::on(method_filter::<O>(), unserved::<O>),
        };
        // The credentials extractor reads what this operation requires from here.
        let router = router.layer(axum::Extension(Security(O::SECURITY)));
        match self.index.get(&path) {
            Some(&at) => {
                let (_, methods, existing) = &mut self.paths[at];
                if methods.insert(method) {
                    *existing = std::mem::take(existing).merge(router);
                }
            }
            None => {
                self.index.insert(path.clone(), self.paths.len());
                self.paths.push((path, HashSet::from([method]), router));
            }
        }
    }

    /// The axum router of every operation added.
    pub fn finish(self) -> Router<S> {
        #[cfg(feature = "axum")]
        {
            let mut router = axum::Router::new();
            for (path, _, methods) in self.paths {
                router = router.route(&path, methods);
            }
            router
        }
        #[cfg(not(feature = "axum"))]
        Router(PhantomData)
    }
}

/// The path as axum routes it: each `{name}` becomes `{p0}`, `{p1}`..., so that operations
/// whose templates differ only in variable names (`/repos/{owner}` and
/// `/repos/{template_owner}/generate`) share axum's tree, as they must. The request type
/// reads the variables by the spec's own template. `None` for a template axum cannot route:
/// a variable beside literal text in its segment, or a character axum reserves.
#[cfg_attr(not(feature = "axum"), allow(dead_code))]
fn axum_path(template: &str) -> Option<String> {
    if !template.starts_with('/') {
        return None;
    }
    let mut path = String::with_capacity(template.len());
    for (i, segment) in template.split('/').enumerate() {
        if i > 0 {
            path.push('/');
        }
        if segment.starts_with('{') && segment.ends_with('}') && segment.matches('{').count() == 1 {
            path.push_str(&format!("{{p{i}}}"));
        } else if segment.contains(['{', '}']) || segment.starts_with(['*', ':']) {
            return None;
        } else {
            path.push_str(segment);
        }
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_route_by_position_and_odd_ones_are_left_out() {
        assert_eq!(axum_path("/pets/{id}").as_deref(), Some("/pets/{p2}"));
        assert_eq!(
            axum_path("/repos/{owner}/{repo}/a").as_deref(),
            Some("/repos/{p2}/{p3}/a")
        );
        assert_eq!(axum_path("/").as_deref(), Some("/"));
        assert_eq!(axum_path("/files/{name}.json"), None);
        assert_eq!(axum_path("/a/*"), None);
        assert_eq!(axum_path("/a/:b"), None);
        assert_eq!(axum_path("/v1/a:cancel").as_deref(), Some("/v1/a:cancel"));
        assert_eq!(axum_path("pets"), None);
    }

    /// An operation of path `PATHS[N]` that reads any request.
    #[cfg(feature = "axum")]
    struct Odd<const N: usize>;

    #[cfg(feature = "axum")]
    const PATHS: [&str; 8] = [
        "/a:b",
        "/files/x/{name}.json",
        "/*",
        "/:x",
        "/{x}/{y}",
        "/{y}/{x}",
        "",
        "/{x}/{y}",
    ];

    #[cfg(feature = "axum")]
    struct Answer;

    #[cfg(feature = "axum")]
    mod impls {
        use super::{Answer, Odd, PATHS};
        use crate::operation::{Error, Operation};

        impl<const N: usize> TryFrom<Odd<N>> for http::Request<Vec<u8>> {
            type Error = Error;
            fn try_from(_: Odd<N>) -> Result<Self, Error> {
                Err(Error::new("not sent"))
            }
        }
        impl<const N: usize> TryFrom<http::Request<Vec<u8>>> for Odd<N> {
            type Error = Error;
            fn try_from(_: http::Request<Vec<u8>>) -> Result<Self, Error> {
                Ok(Odd)
            }
        }
        impl TryFrom<http::Response<Vec<u8>>> for Answer {
            type Error = Error;
            fn try_from(_: http::Response<Vec<u8>>) -> Result<Self, Error> {
                Ok(Answer)
            }
        }
        impl TryFrom<Answer> for http::Response<Vec<u8>> {
            type Error = Error;
            fn try_from(_: Answer) -> Result<Self, Error> {
                Ok(http::Response::new(format!("{}", 7).into_bytes()))
            }
        }
        impl<const N: usize> Operation for Odd<N> {
            type Response = Answer;
            const METHOD: &'static str = "GET";
            const PATH: &'static str = PATHS[N];
        }
    }

    /// Templates axum cannot route, two operations at one method and path, and one without a
    /// path: each is left out, and mounting never panics.
    #[cfg(feature = "axum")]
    #[tokio::test]
    async fn odd_templates_and_repeated_routes_are_left_out_without_a_panic() {
        use tower::ServiceExt;

        async fn answer<const N: usize>(_: Odd<N>) -> Answer {
            Answer
        }
        let mut mount = Mount::<()>::default();
        mount.add(Route::new(answer::<0>));
        mount.add(Route::new(answer::<1>));
        mount.add(Route::new(answer::<2>));
        mount.add(Route::new(answer::<3>));
        mount.add(Route::new(answer::<4>));
        mount.add(Route::new(answer::<5>));
        mount.add(Route::new(answer::<6>));
        mount.add(Route::<Odd<7>>::unserved());
        let router = mount.finish();
        let status = |uri: &'static str| {
            let router = router.clone();
            let request = http::Request::get(uri)
                .body(axum::body::Body::empty())
                .unwrap();
            async move { router.oneshot(request).await.unwrap().status().as_u16() }
        };
        assert_eq!(status("/a:b").await, 200);
        assert_eq!(status("/p/q").await, 200, "an operation at `/{{x}}/{{y}}`");
        assert_eq!(status("/files/x/a.json").await, 404);
    }
}
