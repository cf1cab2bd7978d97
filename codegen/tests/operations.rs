//! Operation models, compiled from the `operations` and `operations-swagger2`
//! snapshots and driven through `http`: every parameter style written as the OpenAPI style
//! table writes it and read back, bodies by media type, responses by status, and the
//! rejections a server needs, each naming what it rejects.
#![deny(warnings)]
#![allow(dead_code)]

#[rustfmt::skip]
#[path = "fixtures/operations/expected.rs"]
mod operations;
#[rustfmt::skip]
#[path = "fixtures/operations-swagger2/expected.rs"]
mod operations_swagger2;

use operations::input::*;
use typewright_runtime::File;
use typewright_runtime::http::{Request, Response};

/// Response enums are not `PartialEq`, as `http::Response` is not (the derive cost 7% of
/// GitHub's check): two are the same when their `Debug` texts are.
macro_rules! assert_same {
    ($left:expr, $right:expr $(,)?) => {
        assert_eq!(format!("{:?}", $left), format!("{:?}", $right))
    };
}

fn http(request: impl TryInto<Request<Vec<u8>>, Error = impl std::fmt::Debug>) -> Request<Vec<u8>> {
    request.try_into().unwrap()
}

fn pets_get() -> PetsGetRequest {
    PetsGetRequest {
        x_trace: Some("t-1".into()),
        id: 7,
        fields: Some(vec!["name".into(), "a,b".into()]),
        tags: Some(vec!["x".into(), "y z".into()]),
        sort: Some(PetsGetQueryParamSort::MinusName),
        filter: Some(PetsGetQueryParamPetFilter {
            kind: Some("cat".into()),
            max_age: Some(3),
        }),
        near: Some(vec![1.5, 2.0]),
        colors: Some(vec!["red".into(), "blue".into()]),
        next: Some("/pets?page=2".into()),
        r#where: Some(PetsGetQueryParamWhere {
            lat: Some(1.5),
            lon: None,
        }),
        session: Some("s1".into()),
        prefs: Some(vec!["dark".into(), "wide".into()]),
    }
}

#[test]
fn every_query_style_is_written_as_the_table_says_and_read_back() {
    let request = http(pets_get());
    assert_eq!(request.method(), "GET");
    let uri = request.uri().to_string();
    let (path, query) = uri.split_once('?').unwrap();
    assert_eq!(path, "/pets/7");
    let pairs: Vec<&str> = query.split('&').collect();
    assert_eq!(
        pairs,
        [
            "fields=name,a%2Cb",
            "tags=x",
            "tags=y%20z",
            "sort=-name",
            "filter%5Bkind%5D=cat",
            "filter%5Bmax_age%5D=3",
            "near=1.5%202.0",
            "colors=red%7Cblue",
            // `allowReserved`: `/`, `?` and `=` stay as they are.
            "next=/pets?page=2",
            "where=%7B%22lat%22%3A1.5%7D",
        ]
    );
    assert_eq!(request.headers()["x-trace"], "t-1");
    assert_eq!(request.headers()["cookie"], "session=s1; prefs=dark,wide");
    // `Accept` is no parameter, as OpenAPI says: the struct has no field for it.
    assert!(request.headers().get("accept").is_none());
    let read = PetsGetRequest::try_from(request).unwrap();
    assert_eq!(read, pets_get());
}

#[test]
fn absent_parameters_stay_absent_and_their_defaults_are_the_servers() {
    let request = Request::get("/pets/7").body(Vec::new()).unwrap();
    let read = PetsGetRequest::try_from(request).unwrap();
    assert_eq!(read.sort, None);
    assert_eq!(default_pets_get_request_sort(), PetsGetQueryParamSort::Name);
    assert_eq!(
        (&read.tags, &read.filter, &read.session),
        (&None, &None, &None)
    );
    // Written back, nothing is sent that was not there: the server applies the default.
    assert_eq!(http(read).uri(), "/pets/7");
    assert_eq!(http(PetsGetRequest::new(7)).uri(), "/pets/7");
}

#[test]
fn optional_nullable_parameters_left_out_are_not_sent() {
    // Polar's `orders:list`: every value optional but a required nullable cursor. Built from
    // the required value alone, nothing else is on the wire (no `sorting=`).
    let request = http(OrdersListRequest::new(None));
    assert_eq!(request.uri(), "/orders");
    let read = OrdersListRequest::try_from(request).unwrap();
    assert_eq!(read, OrdersListRequest::new(None));
    assert_eq!(
        default_orders_list_request_sorting(),
        vec![OrdersListQueryParamSortingItem::MinusCreatedAt]
    );
    assert_eq!(default_orders_list_request_page(), 1);
    // The rest by struct update syntax, in one expression; a JSON parameter can say null.
    let request = OrdersListRequest {
        sorting: Some(vec![OrdersListQueryParamSortingItem::MinusCreatedAt]),
        page: Some(2),
        filter: Some(None),
        ..OrdersListRequest::new(Some("c1".into()))
    };
    let written = http(request.clone());
    assert_eq!(
        written.uri(),
        "/orders?sorting=-created_at&page=2&cursor=c1&filter=null"
    );
    assert_eq!(OrdersListRequest::try_from(written).unwrap(), request);
    // An empty value is a value, not an omission: the server reads it and checks it.
    let empty = Request::get("/orders?sorting=").body(Vec::new()).unwrap();
    let error = OrdersListRequest::try_from(empty).unwrap_err().to_string();
    assert!(error.starts_with("query parameter `sorting`: "), "{error}");
}

#[test]
fn a_server_rejects_what_the_spec_rejects_naming_the_parameter() {
    let read = |uri: &str| {
        PetsGetRequest::try_from(Request::get(uri).body(Vec::new()).unwrap())
            .unwrap_err()
            .to_string()
    };
    let below_minimum = read("/pets/0");
    assert!(
        below_minimum.starts_with("path parameter `id`: "),
        "{below_minimum}"
    );
    assert!(below_minimum.contains("1"), "{below_minimum}");
    let not_a_number = read("/pets/seven");
    assert!(
        not_a_number.starts_with("path parameter `id`: invalid type"),
        "{not_a_number}"
    );
    let unknown_sort = read("/pets/7?sort=weight");
    assert!(
        unknown_sort.starts_with("query parameter `sort`: unknown variant `weight`"),
        "{unknown_sort}"
    );
    assert_eq!(
        read("/cats/7"),
        "the path `/cats/7` does not match `/pets/{id}`"
    );
    let post = Request::post("/pets/7").body(Vec::new()).unwrap();
    assert_eq!(
        PetsGetRequest::try_from(post).unwrap_err().to_string(),
        "the method is POST, not GET"
    );
    let long_session = format!("session={}", "s".repeat(65));
    let cookie = Request::get("/pets/7")
        .header("cookie", long_session)
        .body(Vec::new())
        .unwrap();
    let error = PetsGetRequest::try_from(cookie).unwrap_err().to_string();
    assert!(error.starts_with("cookie parameter `session`: "), "{error}");
}

#[test]
fn path_styles_label_and_matrix() {
    let photos = http(PhotosListRequest {
        id: vec![1, 2],
        format: "png".into(),
    });
    assert_eq!(photos.uri(), "/pets/.1,2/photos.png");
    let read = PhotosListRequest::try_from(photos).unwrap();
    assert_eq!((read.id, read.format.as_str()), (vec![1, 2], "png"));
    // The pattern `^[a-z]+$` is checked on the way in.
    let wrong = Request::get("/pets/.1/photos.PNG")
        .body(Vec::new())
        .unwrap();
    let error = PhotosListRequest::try_from(wrong).unwrap_err().to_string();
    assert!(error.starts_with("path parameter `format`: "), "{error}");
    let cell = http(GridCellRequest {
        cell: GridCellPathParamCell {
            x: Some(1),
            y: Some(2),
        },
    });
    assert_eq!(cell.uri(), "/grid/;x=1;y=2");
    let read = GridCellRequest::try_from(cell).unwrap();
    assert_eq!((read.cell.x, read.cell.y), (Some(1), Some(2)));
}

#[test]
fn a_body_with_several_media_types_is_sent_and_read_by_its_content_type() {
    let pet = Pet {
        id: None,
        name: "Rex the 2nd".into(),
    };
    let as_json = http(PetsCreateRequest {
        dry_run: Some(true),
        body: PetsCreateRequestContent::Json(pet.clone()),
    });
    assert_eq!(as_json.uri(), "/pets?dry_run=true");
    assert_eq!(as_json.headers()["content-type"], "application/json");
    assert_eq!(as_json.body(), br#"{"name":"Rex the 2nd"}"#);
    let as_form = http(PetsCreateRequest {
        dry_run: None,
        body: PetsCreateRequestContent::Form(pet.clone()),
    });
    assert_eq!(
        as_form.headers()["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(as_form.body(), b"name=Rex+the+2nd");
    for request in [as_json, as_form] {
        let read = PetsCreateRequest::try_from(request).unwrap();
        assert!(
            matches!(read.body, PetsCreateRequestContent::Json(ref p) | PetsCreateRequestContent::Form(ref p) if *p == pet)
        );
    }
    let bytes = http(PetsCreateRequest {
        dry_run: None,
        body: PetsCreateRequestContent::OctetStream(vec![0, 159, 146, 150]),
    });
    assert_eq!(bytes.body(), &[0, 159, 146, 150]);
    let read = PetsCreateRequest::try_from(bytes).unwrap();
    assert_eq!(
        read.body,
        PetsCreateRequestContent::OctetStream(vec![0, 159, 146, 150])
    );
    let xml = Request::post("/pets")
        .header("content-type", "application/xml")
        .body(b"<pet/>".to_vec())
        .unwrap();
    assert_eq!(
        PetsCreateRequest::try_from(xml).unwrap_err().to_string(),
        "the request's content-type is application/xml, expected one of: application/json, application/x-www-form-urlencoded, application/octet-stream"
    );
}

#[test]
fn an_optional_body_may_be_left_out_and_a_bodys_own_type_can_be_the_request() {
    let empty = http(PutPetsRequest { body: None });
    assert!(empty.body().is_empty() && empty.headers().get("content-type").is_none());
    assert_eq!(PutPetsRequest::try_from(empty).unwrap().body, None);

    let login = LoginRequestBody {
        user: "ada@example.com".into(),
        password: "p&ss word".into(),
        remember: None,
    };
    let request = http(login.clone());
    assert_eq!(request.uri(), "/login");
    assert_eq!(
        request.body(),
        b"user=ada%40example.com&password=p%26ss+word"
    );
    assert_eq!(LoginRequestBody::try_from(request).unwrap(), login);
}

fn response(status: u16, body: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

fn with_headers(status: u16, body: &str, headers: &[(&str, &str)]) -> Response<Vec<u8>> {
    let mut response = Response::builder().status(status);
    for (name, value) in headers {
        response = response.header(*name, *value);
    }
    response.body(body.as_bytes().to_vec()).unwrap()
}

#[test]
fn documented_response_headers_are_typed_checked_and_written_back() {
    let read = PetsGetResponse::try_from(with_headers(
        200,
        r#"{"name":"Rex"}"#,
        &[("x-rate-limit", "41"), ("etag", "\"v7\"")],
    ))
    .unwrap();
    let expected = PetsGetResponse::Ok {
        headers: PetsGetOkHeaders {
            x_rate_limit: 41,
            e_tag: Some("\"v7\"".into()),
        },
        body: Pet {
            id: None,
            name: "Rex".into(),
        },
    };
    assert_same!(read, expected);
    let written: Response<Vec<u8>> = read.try_into().unwrap();
    assert_eq!(written.headers()["x-rate-limit"], "41");
    assert_eq!(written.headers()["etag"], "\"v7\"");
    assert_eq!(written.headers()["content-type"], "application/json");
    assert_same!(PetsGetResponse::try_from(written).unwrap(), expected);
    // A required header missing, or one its schema refuses, is an error naming it.
    let missing = PetsGetResponse::try_from(response(200, r#"{"name":"Rex"}"#)).unwrap_err();
    assert_eq!(
        missing.to_string(),
        "header parameter `X-Rate-Limit`: missing"
    );
    let negative = with_headers(200, r#"{"name":"Rex"}"#, &[("x-rate-limit", "-1")]);
    let negative = PetsGetResponse::try_from(negative).unwrap_err().to_string();
    assert!(
        negative.starts_with("header parameter `X-Rate-Limit`: "),
        "{negative}"
    );
    // A header from `components/headers`, on a response without a body.
    let not_modified = PetsGetResponse::try_from(with_headers(304, "", &[("etag", "v8")])).unwrap();
    let headers = PetsGetNotModifiedHeaders {
        e_tag: Some("v8".into()),
    };
    assert_same!(not_modified, PetsGetResponse::NotModified { headers });
}

/// Responses that document the same headers the same way share one struct, whose impls
/// serve them all; a header described otherwise (here required) makes another struct.
#[test]
fn identical_response_headers_share_one_struct() {
    // Compiles only while `BranchesOkHeaders` is another name of `CommitsOkHeaders`.
    let shared: CommitsOkHeaders = BranchesOkHeaders { link: None };
    assert_eq!(shared, CommitsOkHeaders { link: None });
    let link = "<https://x.test/branches?page=2>; rel=\"next\"";
    let ok =
        BranchesResponse::try_from(with_headers(200, "[\"main\"]", &[("link", link)])).unwrap();
    let BranchesResponse::Ok { headers, body } = &ok else {
        panic!("{ok:?}");
    };
    assert_eq!(headers.link.as_deref(), Some(link));
    assert_eq!(body, &["main"]);
    let written: Response<Vec<u8>> = ok.try_into().unwrap();
    assert_eq!(written.headers()["link"], link);
    // Required there: its own struct, whose field is no `Option`.
    let partial = BranchesResponse::try_from(with_headers(206, "", &[("link", link)])).unwrap();
    let BranchesResponse::PartialContent { headers } = partial else {
        panic!("{partial:?}");
    };
    let _: BranchesPartialContentHeaders = headers;
    let missing = BranchesResponse::try_from(response(206, "")).unwrap_err();
    assert_eq!(missing.to_string(), "header parameter `Link`: missing");
}

/// Operations whose responses are the same (statuses, descriptions, headers and bodies)
/// share one response enum: the later one's name is an alias, and it converts both ways.
#[test]
fn identical_responses_share_one_enum() {
    use typewright_runtime::operation::Operation;
    fn response_of<O: Operation>(response: Response<Vec<u8>>) -> O::Response {
        O::Response::try_from(response).unwrap()
    }
    let link = "<https://x.test/commits/recent?page=2>; rel=\"next\"";
    let read =
        response_of::<RecentCommitsRequest>(with_headers(200, "[\"abc\"]", &[("link", link)]));
    // Compiles only while `RecentCommitsResponse` is another name of `CommitsResponse`.
    let same: CommitsResponse = read;
    let RecentCommitsResponse::Ok { headers, body } = &same else {
        panic!("{same:?}");
    };
    assert_eq!(headers.link.as_deref(), Some(link));
    assert_eq!(body, &["abc"]);
    let written: Response<Vec<u8>> = same.try_into().unwrap();
    assert_eq!(written.headers()["link"], link);
    assert_eq!(written.body(), br#"["abc"]"#);
}

#[test]
fn responses_decode_by_status_and_encode_back() {
    let ok = with_headers(200, r#"{"id":7,"name":"Rex"}"#, &[("x-rate-limit", "1")]);
    let ok = PetsGetResponse::try_from(ok).unwrap();
    let headers = PetsGetOkHeaders {
        x_rate_limit: 1,
        e_tag: None,
    };
    let body = Pet {
        id: Some(7),
        name: "Rex".into(),
    };
    assert_same!(ok, PetsGetResponse::Ok { headers, body });
    let missing = PetsGetResponse::try_from(response(404, r#"{"title":"No pet"}"#)).unwrap();
    assert!(matches!(missing, PetsGetResponse::NotFound(ref p) if p.title == "No pet"));
    // An exact status wins over its range; the range keeps the status and its headers.
    let teapot = with_headers(418, r#"{"title":"Teapot"}"#, &[("retry-after", "30")]);
    let teapot = PetsGetResponse::try_from(teapot).unwrap();
    assert!(matches!(
        teapot,
        PetsGetResponse::ClientError { status: 418, ref headers, .. } if headers.retry_after == Some(30)
    ));
    let other = PetsGetResponse::try_from(response(503, "down")).unwrap();
    assert_same!(
        other,
        PetsGetResponse::Default {
            status: 503,
            body: b"down".to_vec()
        }
    );
    for decoded in [ok, missing, teapot, other] {
        let encoded: Response<Vec<u8>> = decoded.clone().try_into().unwrap();
        assert_same!(PetsGetResponse::try_from(encoded).unwrap(), decoded);
    }
    let not_modified = PetsGetResponse::NotModified {
        headers: PetsGetNotModifiedHeaders { e_tag: None },
    };
    let encoded: Response<Vec<u8>> = not_modified.try_into().unwrap();
    assert_eq!((encoded.status().as_u16(), encoded.body().len()), (304, 0));
    let wrong = with_headers(200, r#"{"id":"seven"}"#, &[("x-rate-limit", "1")]);
    let wrong = PetsGetResponse::try_from(wrong).unwrap_err();
    assert!(
        wrong
            .to_string()
            .starts_with("the body of the 200 response: "),
        "{wrong}"
    );
}

#[test]
fn an_undocumented_status_is_a_variant_not_an_error() {
    let read = PetsCreateResponse::try_from(response(500, "oops")).unwrap();
    assert_same!(
        read,
        PetsCreateResponse::Undocumented {
            status: 500,
            body: b"oops".to_vec()
        }
    );
    let written: Response<Vec<u8>> = read.try_into().unwrap();
    assert_eq!(written.status().as_u16(), 500);
}

mod swagger {
    use super::http;
    use super::operations_swagger2::input::*;
    use typewright_runtime::http::Request;

    #[test]
    fn collection_formats_are_written_as_swagger_2_says() {
        let request = http(SearchRequest {
            ids: vec![1, 2, 3],
            words: Some(vec!["a".into(), "b".into()]),
            tabs: Some(vec!["c".into(), "d".into()]),
            pipes: Some(vec!["e".into(), "f".into()]),
            multi: Some(vec!["g".into(), "h".into()]),
            limit: Some(10),
            x_request_id: Some("r-1".into()),
        });
        assert_eq!(
            request.uri(),
            "/search/1,2,3?words=a%20b&tabs=c%09d&pipes=e%7Cf&multi=g&multi=h&limit=10"
        );
        assert_eq!(request.headers()["x-request-id"], "r-1");
        let read = SearchRequest::try_from(request).unwrap();
        assert_eq!(read.multi, Some(vec!["g".into(), "h".into()]));
        // A Swagger 2.0 header is its own schema, as a parameter is.
        let found = typewright_runtime::http::Response::builder()
            .header("x-total", "2")
            .body(br#"["a","b"]"#.to_vec())
            .unwrap();
        let SearchResponse::Ok { headers, body } = SearchResponse::try_from(found).unwrap() else {
            panic!("200 is documented");
        };
        assert_eq!((headers.x_total, body.len()), (Some(2), 2));
        assert_eq!(read.tabs, Some(vec!["c".into(), "d".into()]));
        let over = Request::get("/search/1?limit=101")
            .body(Vec::new())
            .unwrap();
        let error = SearchRequest::try_from(over).unwrap_err().to_string();
        assert!(error.starts_with("query parameter `limit`: "), "{error}");
    }

    #[test]
    fn servers_and_retries_come_from_the_document() {
        use typewright_runtime::operation::Operation;
        assert_eq!(SERVERS[0].url(), "https://notes.example/api");
        assert_eq!(SERVERS[1].url(), "http://notes.example/api");
        // The document's retries, but `none` (and a strategy Speakeasy lacks) retry nothing.
        assert_eq!(SearchRequest::RETRIES, Some(DEFAULT_RETRIES));
        assert_eq!(
            DEFAULT_RETRIES.statuses,
            [(500, 599), (409, 409), (400, 499)]
        );
        let none = AddNoteRequest::RETRIES.unwrap();
        assert!(none.statuses.is_empty() && !none.connection_errors);
        assert!(CreatePetRequest::RETRIES.unwrap().statuses.is_empty());
    }

    #[test]
    fn form_data_parameters_make_a_form_body_and_body_parameters_the_body() {
        let request = http(AddNoteRequest {
            text: "buy milk".into(),
            pinned: Some(true),
        });
        assert_eq!(
            request.headers()["content-type"],
            "application/x-www-form-urlencoded"
        );
        assert_eq!(request.body(), b"text=buy%20milk&pinned=true");
        let read = AddNoteRequest::try_from(request).unwrap();
        assert_eq!((read.text.as_str(), read.pinned), ("buy milk", Some(true)));
        let request = http(CreatePetRequest {
            limit: None,
            body: Pet { name: "Rex".into() },
        });
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(request.body(), br#"{"name":"Rex"}"#);
    }

    #[test]
    fn form_data_of_a_multipart_operation_are_the_parts_of_its_body() {
        let file = typewright_runtime::File::new("notes").name("a.txt");
        let body = AttachFileRequestBody {
            file: file.clone(),
            label: Some("groceries".into()),
        };
        let request = http(AttachFileRequest::new(3, body));
        let text = String::from_utf8(request.body().clone()).unwrap();
        assert!(
            text.contains("name=\"file\"; filename=\"a.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nnotes\r\n"),
            "{text}"
        );
        let read = AttachFileRequest::try_from(request).unwrap();
        assert_eq!(
            read.body.file,
            file.content_type("application/octet-stream")
        );
        assert_eq!(read.body.label.as_deref(), Some("groceries"));
        // A `type: file` response is its bytes.
        let response = typewright_runtime::http::Response::builder()
            .status(200)
            .body(vec![1, 2, 3])
            .unwrap();
        assert_same!(
            AttachFileResponse::try_from(response).unwrap(),
            AttachFileResponse::Ok(vec![1, 2, 3])
        );
    }
}

#[test]
fn only_a_default_response_takes_every_status_and_a_parameterless_request_is_empty() {
    assert_eq!(HealthRequest::default(), HealthRequest {});
    let request = http(HealthRequest {});
    assert_eq!(
        (request.method().as_str(), request.uri().to_string()),
        ("GET", "/health".into())
    );
    assert!(request.body().is_empty());
    for status in [200, 404, 503] {
        assert_same!(
            HealthResponse::try_from(response(status, "ignored")).unwrap(),
            HealthResponse::Default { status }
        );
    }
}

#[test]
fn form_bodies_follow_their_media_types_encoding() {
    let charge = PostChargesRequestBody {
        amount: 100,
        expand: Some(vec!["customer".into(), "invoice".into()]),
        metadata: Some([("order".to_string(), "6735".to_string())].into()),
    };
    let request = http(charge.clone());
    // As Stripe reads it: `deepObject` properties bracketed, arrays by index.
    assert_eq!(
        std::str::from_utf8(request.body()).unwrap(),
        "amount=100&expand%5B0%5D=customer&expand%5B1%5D=invoice&metadata%5Border%5D=6735"
    );
    // A server reads the brackets back, and `6735` stays the string the map holds.
    assert_eq!(PostChargesRequestBody::try_from(request).unwrap(), charge);
}

#[test]
fn a_bytes_body_is_sent_and_read_as_it_is() {
    let bytes = vec![0, 159, 146, 150, b'\n'];
    let request = http(UploadsCreateRequest {
        body: bytes.clone(),
    });
    assert_eq!(
        request.headers()["content-type"],
        "application/octet-stream"
    );
    assert_eq!(request.body(), &bytes);
    let read = UploadsCreateRequest::try_from(request).unwrap();
    assert_eq!(read.body, bytes);
}

fn photo_upload() -> UploadPhotoRequest {
    let photo = File::new(vec![0x89, b'P', b'N', b'G', 0, 0xff]).name("rex.png");
    let body = UploadPhotoRequestBody {
        photo,
        caption: Some("Rex, \"good boy\"".into()),
        tags: Some(vec!["dog".into(), "brown".into()]),
        crop: Some(UploadPhotoRequestBodyCrop {
            width: Some(40),
            height: None,
        }),
        thumbnails: Some(vec![File::new("tiny").content_type("text/plain")]),
    };
    UploadPhotoRequest {
        overwrite: Some(true),
        ..UploadPhotoRequest::new(7, body)
    }
}

#[test]
fn a_multipart_body_is_a_part_per_property_and_reads_back() {
    let request = http(photo_upload());
    assert_eq!(request.uri(), "/pets/7/photos?overwrite=true");
    let content_type = request.headers()["content-type"].to_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect(content_type);
    // The file's media type comes from `encoding` (its first), a text part has none, an
    // array is a part per item, an object a JSON part, a file without a name takes the
    // property's.
    let expected = [
        "Content-Disposition: form-data; name=\"photo\"; filename=\"rex.png\"\r\nContent-Type: image/png\r\n\r\n\u{89}PNG",
        "Content-Disposition: form-data; name=\"caption\"\r\n\r\nRex, \"good boy\"\r\n",
        "Content-Disposition: form-data; name=\"tags\"\r\n\r\ndog\r\n",
        "Content-Disposition: form-data; name=\"tags\"\r\n\r\nbrown\r\n",
        "Content-Disposition: form-data; name=\"crop\"\r\nContent-Type: application/json\r\n\r\n{\"width\":40}\r\n",
        "Content-Disposition: form-data; name=\"thumbnails\"; filename=\"thumbnails\"\r\nContent-Type: text/plain\r\n\r\ntiny\r\n",
    ];
    let body = String::from_utf8_lossy(request.body()).replace('\u{fffd}', "\u{89}");
    let parts: Vec<&str> = body.split(&format!("--{boundary}\r\n")).skip(1).collect();
    assert_eq!(parts.len(), expected.len(), "{body}");
    for (part, expected) in parts.iter().zip(expected) {
        assert!(
            part.starts_with(expected),
            "{part:?} should start {expected:?}"
        );
    }
    assert!(body.ends_with(&format!("--{boundary}--\r\n")));
    // A server reads every part back into the body's type.
    let read = UploadPhotoRequest::try_from(request).unwrap();
    let mut sent = photo_upload();
    sent.body.photo = sent.body.photo.content_type("image/png");
    sent.body.thumbnails = Some(vec![
        File::new("tiny")
            .name("thumbnails")
            .content_type("text/plain"),
    ]);
    assert_eq!(read, sent);
}

#[test]
fn a_multipart_body_is_checked_like_any_other() {
    let mut upload = photo_upload();
    upload.body.caption = Some("a caption far longer than twenty characters".into());
    // The client refuses nothing (the server decides), and the server refuses it naming
    // the property.
    let request = http(upload);
    let error = UploadPhotoRequest::try_from(request)
        .unwrap_err()
        .to_string();
    assert!(error.contains("caption"), "{error}");
    // A body without the required file part is refused too.
    let request = Request::post("/pets/7/photos")
        .header("content-type", "multipart/form-data; boundary=b")
        .body(
            b"--b\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nhi\r\n--b--\r\n"
                .to_vec(),
        )
        .unwrap();
    let error = UploadPhotoRequest::try_from(request)
        .unwrap_err()
        .to_string();
    assert!(error.contains("photo"), "{error}");
}

#[test]
fn server_sent_events_are_read_to_the_sentinel_and_written_back() {
    use typewright_runtime::operation::{Event, EventStream};
    let body = "event: delta\ndata: {\"delta\":\"Hel\",\"index\":0}\n\n: keep-alive\n\ndata: {\"delta\":\"lo\"}\n\ndata: [DONE]\n\n";
    let response = with_headers(200, body, &[("content-type", "text/event-stream")]);
    let ChatResponse::Ok(ChatOkContent::EventStream(stream)) =
        ChatResponse::try_from(response).unwrap()
    else {
        panic!("an event-stream 200 is the stream");
    };
    let deltas: Vec<(Option<&str>, &str)> = stream
        .events
        .iter()
        .map(|e| (e.event.as_deref(), e.data.delta.as_str()))
        .collect();
    assert_eq!(deltas, [(Some("delta"), "Hel"), (None, "lo")]);
    assert_eq!(stream.events[0].data.index, Some(0));
    // A server writes the events and the sentinel; a client reads back what was written.
    let content = ChatOkContent::EventStream(stream);
    let written: Response<Vec<u8>> = ChatResponse::Ok(content.clone()).try_into().unwrap();
    assert_eq!(written.headers()["content-type"], "text/event-stream");
    assert!(written.body().ends_with(b"data: [DONE]\n\n"));
    let ChatResponse::Ok(read) = ChatResponse::try_from(written).unwrap() else {
        panic!("200 is the stream");
    };
    assert_eq!(read, content);
    // Where the schema is the data itself, each event's data is checked as a value of it.
    let ok = with_headers(200, "data: 1\n\ndata: 2\n\n", &[]);
    let TicksResponse::Ok(ticks) = TicksResponse::try_from(ok).unwrap() else {
        panic!("200 is the stream");
    };
    let values: Vec<i64> = ticks.into_iter().map(|e| *e.data).collect();
    assert_eq!(values, [1, 2]);
    let error = TicksResponse::try_from(with_headers(200, "data: 1\n\ndata: -1\n\n", &[]))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("event 1") && error.contains("minimum"),
        "{error}"
    );
    let one = EventStream::new(vec![Event::new(TicksResponseBody::try_from(3).unwrap())]);
    let written: Response<Vec<u8>> = TicksResponse::Ok(one).try_into().unwrap();
    assert_eq!(written.body(), b"data: 3\n\n");
}

#[test]
fn a_response_with_several_media_types_is_read_by_its_content_type() {
    let chunk = Chunk {
        delta: "whole".into(),
        index: None,
    };
    // The same status, as JSON: the JSON variant, written back as JSON.
    let json = with_headers(
        200,
        r#"{"delta":"whole"}"#,
        &[("content-type", "application/json; charset=utf-8")],
    );
    let read = ChatResponse::try_from(json).unwrap();
    assert_same!(read, ChatResponse::Ok(ChatOkContent::Json(chunk.clone())));
    let written: Response<Vec<u8>> = read.try_into().unwrap();
    assert_eq!(written.headers()["content-type"], "application/json");
    // Without a `content-type`, the first JSON one is what the body is read as.
    let bare = response(200, r#"{"delta":"whole"}"#);
    assert_same!(
        ChatResponse::try_from(bare).unwrap(),
        ChatResponse::Ok(ChatOkContent::Json(chunk))
    );
    // A body that is not what its content-type says is refused, naming the status.
    let wrong = with_headers(200, "data: {}\n\n", &[("content-type", "application/json")]);
    let error = ChatResponse::try_from(wrong).unwrap_err().to_string();
    assert!(error.contains("200"), "{error}");
}

#[test]
fn operations_that_stream_say_what_their_events_hold() {
    use typewright_runtime::operation::Streamed;
    fn data<O: Streamed>() -> &'static str {
        std::any::type_name::<O::Data>()
    }
    // The stream is one media type of two (JSON or events), or the only one.
    assert!(data::<ChatRequestBody>().ends_with("::Chunk"));
    assert_eq!(ChatRequestBody::SENTINEL, Some("[DONE]"));
    assert!(data::<TicksRequest>().ends_with("::TicksResponseBody"));
    assert_eq!(TicksRequest::SENTINEL, None);
}

#[test]
fn json_lines_are_a_value_per_line() {
    let body =
        "{\"level\":\"info\",\"message\":\"up\"}\n{\"level\":\"error\",\"message\":\"down\"}\n";
    let LogsResponse::Ok(lines) = LogsResponse::try_from(response(200, body)).unwrap() else {
        panic!("200 is the lines");
    };
    let levels: Vec<_> = lines.items.iter().map(|l| l.level).collect();
    assert_eq!(
        levels,
        [LogsResponseBodyLevel::Info, LogsResponseBodyLevel::Error]
    );
    let written: Response<Vec<u8>> = LogsResponse::Ok(lines).try_into().unwrap();
    assert_eq!(written.headers()["content-type"], "application/x-ndjson");
    assert_eq!(written.body(), body.as_bytes());
    let error = LogsResponse::try_from(response(
        200,
        "{\"level\":\"info\",\"message\":\"up\"}\n{\"level\":\"debug\"}",
    ))
    .unwrap_err()
    .to_string();
    assert!(error.contains("value 1"), "{error}");
}

/// The generic client over the fixture's operations: base URL, servers, every kind of
/// credential, requirements chosen by what the client holds, retries through tower.
mod client {
    use super::operations::input::*;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;
    use tower::ServiceBuilder;
    use tower::retry::RetryLayer;
    use typewright_runtime::client::{Client, ClientError, Credential, Retry};
    use typewright_runtime::http::{Request, Response};
    use typewright_runtime::operation::Server;

    pub(super) type Sent = Arc<Mutex<Vec<Request<Vec<u8>>>>>;

    /// A transport that records what it is sent and answers each with the next of
    /// `answers` (the last one again when they run out).
    pub(super) fn transport(
        answers: Vec<Response<Vec<u8>>>,
    ) -> (
        impl tower::Service<
            Request<Vec<u8>>,
            Response = Response<Vec<u8>>,
            Error = std::convert::Infallible,
            Future = impl Send,
        > + Clone,
        Sent,
    ) {
        let sent: Sent = Arc::default();
        let answers = Arc::new(Mutex::new(answers));
        let record = sent.clone();
        let service = tower::service_fn(move |request: Request<Vec<u8>>| {
            record.lock().unwrap().push(request);
            let mut answers = answers.lock().unwrap();
            let answer = if answers.len() > 1 {
                answers.remove(0)
            } else {
                answers[0].clone()
            };
            std::future::ready(Ok::<_, std::convert::Infallible>(answer))
        });
        (service, sent)
    }

    fn ok() -> Response<Vec<u8>> {
        super::response(200, "")
    }

    #[test]
    fn servers_are_constants_with_typed_variables() {
        assert_eq!(SERVERS[0].url(), "https://us.pets.example/v1");
        assert_eq!(
            SERVERS[0].url_with(&[("region", "eu")]).unwrap(),
            "https://eu.pets.example/v1"
        );
        let error = SERVERS[0].url_with(&[("region", "mars")]).unwrap_err();
        assert!(
            error.to_string().contains("`mars` is not one of"),
            "{error}"
        );
        assert!(SERVERS[0].url_with(&[("zone", "a")]).is_err());
        let local = Server::named(SERVERS, "local").unwrap();
        assert_eq!(local.url(), "http://localhost:8080");
    }

    #[tokio::test]
    async fn a_request_goes_to_the_base_url_with_the_credentials_its_operation_requires() {
        let pet = super::with_headers(200, r#"{"name":"Rex"}"#, &[("x-rate-limit", "41")]);
        let (service, sent) = transport(vec![pet]);
        let client = Client::new(service, &SERVERS[0].url())
            .unwrap()
            .credential("bearer", Credential::bearer("tok-do-not-print"));
        let answer = client.send(PetsGetRequest::new(7)).await.unwrap();
        let PetsGetResponse::Ok { headers, body } = answer else {
            panic!("200 is read as `Ok`: {answer:?}");
        };
        assert_eq!((headers.x_rate_limit, body.name.as_str()), (41, "Rex"));
        let sent = sent.lock().unwrap();
        assert_eq!(sent[0].uri(), "https://us.pets.example/v1/pets/7");
        assert_eq!(
            sent[0].headers()["authorization"],
            "Bearer tok-do-not-print"
        );
        assert!(sent[0].headers()["authorization"].is_sensitive());
        // The secret is in no Debug.
        assert!(!format!("{client:?}").contains("tok-do-not-print"));
        assert!(!format!("{:?}", Credential::bearer("tok-do-not-print")).contains("tok-"));
    }

    #[tokio::test]
    async fn the_first_alternative_the_client_can_satisfy_is_applied() {
        // Global security: a bearer token or an API key; this client holds only the key.
        let pet = super::with_headers(200, r#"{"name":"Rex"}"#, &[("x-rate-limit", "41")]);
        let (service, sent) = transport(vec![pet, ok()]);
        let client = Client::new(service, "http://localhost:8080/")
            .unwrap()
            .credential("api_key", Credential::api_key("k-1"));
        client.send(PetsGetRequest::new(7)).await.unwrap();
        // Basic and a query key together, the only alternative of uploads it can apply.
        let client = client
            .credential("basic", Credential::basic("ann", "pw"))
            .credential("key_query", Credential::api_key("q k"));
        client
            .send(UploadsCreateRequest::new(b"bytes".to_vec()))
            .await
            .unwrap();
        // A session cookie, beside nothing: applied when held, left out when not.
        client.send(OrdersListRequest::new(None)).await.unwrap();
        let client = client.credential("session", Credential::api_key("s-1"));
        client.send(OrdersListRequest::new(None)).await.unwrap();
        // No security at all: nothing applied, whatever is held.
        client.send(HealthRequest::default()).await.unwrap();
        let sent = sent.lock().unwrap();
        assert_eq!(sent[0].uri(), "http://localhost:8080/pets/7");
        assert_eq!(sent[0].headers()["x-api-key"], "k-1");
        assert!(sent[0].headers().get("authorization").is_none());
        assert_eq!(sent[1].uri(), "http://localhost:8080/uploads?key=q%20k");
        assert_eq!(sent[1].headers()["authorization"], "Basic YW5uOnB3");
        assert!(sent[2].headers().get("cookie").is_none());
        assert_eq!(sent[3].headers()["cookie"], "sid=s-1");
        assert!(sent[4].headers().get("authorization").is_none());
        assert!(sent[4].headers().get("x-api-key").is_none());
    }

    #[tokio::test]
    async fn a_missing_credential_is_an_error_naming_the_schemes_and_nothing_is_sent() {
        let (service, sent) = transport(vec![ok()]);
        let client = Client::new(service, "https://pets.example").unwrap();
        let error = client.send(PetsGetRequest::new(7)).await.unwrap_err();
        assert!(matches!(error, ClientError::MissingCredential { .. }));
        assert_eq!(
            error.to_string(),
            "`GET /pets/{id}` requires credentials for `bearer`, or `api_key`; the client holds none that do"
        );
        // A key given for a bearer scheme is refused, not sent as a token.
        let (service, _) = transport(vec![ok()]);
        let client = Client::new(service, "https://pets.example")
            .unwrap()
            .credential("bearer", Credential::api_key("k-do-not-print"));
        let error = client.send(PetsGetRequest::new(7)).await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "the credential given for security scheme `bearer` is not a bearer token"
        );
        assert!(!format!("{error:?}").contains("k-do-not-print"));
        assert!(sent.lock().unwrap().is_empty());
        let (service, _) = transport(vec![ok()]);
        let error = Client::new(service, "/relative").unwrap_err();
        assert_eq!(
            error.to_string(),
            "the base URL: `/relative` is not an absolute URL"
        );
    }

    #[tokio::test]
    async fn a_specs_retries_are_followed_for_its_operation() {
        let slept: Arc<Mutex<Vec<Duration>>> = Arc::default();
        let record = slept.clone();
        let retry = Retry::new(5, move |wait| {
            record.lock().unwrap().push(wait);
            Box::pin(std::future::ready(()))
        });
        let answers = vec![
            super::response(502, ""),
            super::response(409, ""),
            super::response(201, ""),
        ];
        let (service, sent) = transport(answers);
        let service = ServiceBuilder::new()
            .layer(RetryLayer::new(retry.clone()))
            .service(service);
        let client = Client::new(service, "https://pets.example").unwrap();
        // A POST, retried because its spec asks: on 5XX and 409, waiting 100 ms, then twice
        // that (`exponent: 2`), with no jitter.
        let answer = client.send(JobsCreateRequest::default()).await.unwrap();
        assert!(matches!(answer, JobsCreateResponse::Created), "{answer:?}");
        assert_eq!(sent.lock().unwrap().len(), 3);
        assert_eq!(
            *slept.lock().unwrap(),
            [Duration::from_millis(100), Duration::from_millis(200)]
        );
        // 429 is not among its statuses: that answer is the answer.
        let (service, sent) = transport(vec![super::response(429, "")]);
        let service = ServiceBuilder::new()
            .layer(RetryLayer::new(retry))
            .service(service);
        let client = Client::new(service, "https://pets.example").unwrap();
        let answer = client.send(JobsCreateRequest::default()).await.unwrap();
        assert!(
            matches!(answer, JobsCreateResponse::Undocumented { status: 429, .. }),
            "{answer:?}"
        );
        assert_eq!(sent.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn a_timeout_layer_ends_a_call_that_hangs() {
        let hanging = tower::service_fn(|_: Request<Vec<u8>>| {
            std::future::pending::<Result<Response<Vec<u8>>, std::convert::Infallible>>()
        });
        let service = ServiceBuilder::new()
            .timeout(Duration::from_millis(20))
            .service(hanging);
        let client = Client::new(service, "https://pets.example").unwrap();
        let error = client.send(OrdersListRequest::new(None)).await.unwrap_err();
        assert!(matches!(error, ClientError::Transport(_)), "{error:?}");
        assert_eq!(error.to_string(), "the transport: request timed out");
    }

    #[tokio::test]
    async fn retries_honour_retry_after_for_idempotent_methods_only() {
        let slept: Arc<Mutex<Vec<Duration>>> = Arc::default();
        let record = slept.clone();
        let retry = Retry::new(3, move |wait| {
            record.lock().unwrap().push(wait);
            Box::pin(std::future::ready(()))
        });
        let busy = Response::builder()
            .status(503)
            .header("retry-after", "2")
            .body(Vec::new())
            .unwrap();
        let limited = super::response(429, "");
        let (service, sent) = transport(vec![busy, limited, ok()]);
        let service = ServiceBuilder::new()
            .layer(RetryLayer::new(retry.clone()))
            .service(service);
        let client = Client::new(service, "https://pets.example").unwrap();
        let answer = client.send(OrdersListRequest::new(None)).await.unwrap();
        assert!(matches!(answer, OrdersListResponse::Ok), "{answer:?}");
        assert_eq!(sent.lock().unwrap().len(), 3, "503, then 429, then 200");
        let slept = slept.lock().unwrap().clone();
        assert_eq!(slept[0], Duration::from_secs(2), "Retry-After is believed");
        // No Retry-After: the backoff, doubled from 500 ms for the second retry, jittered.
        assert!(
            slept[1] <= Duration::from_millis(1000) && slept[1] >= Duration::from_millis(750),
            "{slept:?}"
        );
        // POST is not idempotent: one attempt, the 503 is the answer.
        let busy = super::response(503, "");
        let (service, sent) = transport(vec![busy]);
        let service = ServiceBuilder::new()
            .layer(RetryLayer::new(retry))
            .service(service);
        let client = Client::new(service, "https://pets.example")
            .unwrap()
            .credential("oauth", Credential::bearer("t"));
        let answer = client
            .send(UploadsCreateRequest::new(Vec::new()))
            .await
            .unwrap();
        assert!(
            matches!(
                answer,
                UploadsCreateResponse::Undocumented { status: 503, .. }
            ),
            "{answer:?}"
        );
        assert_eq!(sent.lock().unwrap().len(), 1);
    }
}

/// Paging (`x-speakeasy-pagination`) through the client: page numbers to the last page,
/// cursors until there is none, and the ends a server can force.
mod pages {
    use super::operations::input::*;
    use typewright_runtime::client::{Client, ClientError};
    use typewright_runtime::http::{Request, Response};

    /// Answers each request with the next of `answers` (the client tests' transport).
    fn transport(
        answers: Vec<(u16, &'static str)>,
    ) -> (
        impl tower::Service<
            Request<Vec<u8>>,
            Response = Response<Vec<u8>>,
            Error = std::convert::Infallible,
            Future = impl Send,
        > + Clone,
        Uris,
    ) {
        let answers = answers
            .into_iter()
            .map(|(status, body)| super::response(status, body))
            .collect();
        let (service, sent) = super::client::transport(answers);
        (service, Uris(sent))
    }

    /// The URIs a transport was asked for.
    struct Uris(super::client::Sent);

    impl Uris {
        fn uris(&self) -> Vec<String> {
            let sent = self.0.lock().unwrap();
            sent.iter().map(|r| r.uri().to_string()).collect()
        }
    }

    fn page(n: u8) -> (u16, &'static str) {
        let bodies = [
            r#"{"items":[{"name":"p1"}],"pagination":{"max_page":3}}"#,
            r#"{"items":[{"name":"p2"}],"pagination":{"max_page":3}}"#,
            r#"{"items":[{"name":"p3"}],"pagination":{"max_page":3}}"#,
        ];
        (200, bodies[usize::from(n) - 1])
    }

    #[tokio::test]
    async fn page_numbers_are_followed_to_the_last_page() {
        let (service, sent) = transport(vec![page(1), page(2), page(3), page(3)]);
        let client = Client::new(service, "https://pets.example").unwrap();
        let all = client
            .pages(PetsPagesRequest::default())
            .unwrap()
            .all()
            .await
            .unwrap();
        let names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["p1", "p2", "p3"]);
        // `max_page` is 3: no fourth request.
        assert_eq!(
            sent.uris(),
            [
                "https://pets.example/pet-pages",
                "https://pets.example/pet-pages?page=2",
                "https://pets.example/pet-pages?page=3",
            ]
        );
        // From the page the request asks for; a page shorter than its limit is the last.
        let (service, sent) = transport(vec![page(2), page(3)]);
        let client = Client::new(service, "https://pets.example").unwrap();
        let request = PetsPagesRequest {
            page: Some(2),
            limit: Some(2),
        };
        let mut pages = client.pages(request).unwrap();
        assert_eq!(pages.next().await.unwrap().unwrap().len(), 1);
        assert!(pages.next().await.is_none());
        assert_eq!(
            sent.uris(),
            ["https://pets.example/pet-pages?page=2&limit=2"]
        );
    }

    #[tokio::test]
    async fn cursors_are_followed_until_there_is_none() {
        let (service, sent) = transport(vec![
            (200, r#"{"data":["a","b"],"next":"c 2"}"#),
            (200, r#"{"data":["c"],"next":null}"#),
        ]);
        let client = Client::new(service, "https://pets.example").unwrap();
        let all = client
            .pages(EventsListRequest::default())
            .unwrap()
            .all()
            .await
            .unwrap();
        assert_eq!(all, ["a", "b", "c"]);
        assert_eq!(
            sent.uris(),
            [
                "https://pets.example/events",
                "https://pets.example/events?after=c%202",
            ]
        );
        // A server that repeats its cursor cannot make the client loop.
        let (service, sent) = transport(vec![(200, r#"{"data":["a"],"next":"same"}"#)]);
        let client = Client::new(service, "https://pets.example").unwrap();
        let all = client
            .pages(EventsListRequest::default())
            .unwrap()
            .all()
            .await
            .unwrap();
        assert_eq!((all.len(), sent.uris().len()), (2, 2));
    }

    #[tokio::test]
    async fn a_page_that_fails_is_an_error_and_the_last() {
        let (service, _) = transport(vec![(500, "")]);
        let client = Client::new(service, "https://pets.example").unwrap();
        let mut pages = client.pages(EventsListRequest::default()).unwrap();
        assert!(matches!(
            pages.next().await,
            Some(Err(ClientError::Status(500)))
        ));
        assert!(pages.next().await.is_none());
        let (service, _) = transport(vec![(200, r#"{"data":"not a list"}"#)]);
        let client = Client::new(service, "https://pets.example").unwrap();
        let error = client
            .pages(EventsListRequest::default())
            .unwrap()
            .all()
            .await
            .unwrap_err();
        assert!(
            error.to_string().starts_with("the response: `data`: "),
            "{error}"
        );
    }

    /// Answers each request with the next of `answers`, with headers.
    #[allow(clippy::type_complexity)]
    fn answered(
        answers: Vec<Response<Vec<u8>>>,
    ) -> (
        Client<
            impl tower::Service<
                Request<Vec<u8>>,
                Response = Response<Vec<u8>>,
                Error = std::convert::Infallible,
                Future = impl Send,
            > + Clone,
        >,
        Uris,
    ) {
        let (service, sent) = super::client::transport(answers);
        let client = Client::new(service, "https://api.example/v1").unwrap();
        (client, Uris(sent))
    }

    #[tokio::test]
    async fn a_next_url_in_the_body_is_followed_on_the_same_server_only() {
        let body = |posts: &str, next: &str| {
            let next = match next {
                "" => String::new(),
                next => format!(r#","links":{{"next":"{next}"}}"#),
            };
            super::response(200, &format!(r#"{{"posts":[{posts}]{next}}}"#))
        };
        let (client, sent) = answered(vec![
            body(r#""a""#, "/v1/feed?since=a"),
            body(r#""b""#, "?since=b"),
            body(r#""c""#, "https://api.example/v1/feed?since=c"),
            body(r#""d""#, ""),
        ]);
        let all = client
            .pages(FeedRequest::default())
            .unwrap()
            .all()
            .await
            .unwrap();
        assert_eq!(all, ["a", "b", "c", "d"]);
        assert_eq!(
            sent.uris(),
            [
                "https://api.example/v1/feed",
                "https://api.example/v1/feed?since=a",
                "https://api.example/v1/feed?since=b",
                "https://api.example/v1/feed?since=c",
            ]
        );
        // Another server would get the client's credentials: the paging ends there. A URL
        // already read ends it too.
        for next in [
            "https://evil.example/v1/feed?since=a",
            "http://api.example/v1/feed",
            "/v1/feed",
        ] {
            let (client, sent) = answered(vec![body(r#""a""#, next), body(r#""b""#, "")]);
            let all = client
                .pages(FeedRequest::default())
                .unwrap()
                .all()
                .await
                .unwrap();
            assert_eq!(all, ["a"], "{next}");
            assert_eq!(sent.uris().len(), 1, "{next}");
        }
    }

    #[tokio::test]
    async fn a_link_header_names_the_next_page() {
        let page = |items: &str, link: Option<&str>| {
            let headers: Vec<(&str, &str)> = link.map(|l| ("link", l)).into_iter().collect();
            super::with_headers(200, items, &headers)
        };
        let (client, sent) = answered(vec![
            page(
                r#"["c1","c2"]"#,
                Some(
                    r#"<https://api.example/v1/commits?per_page=2&page=2>; rel="next", <https://api.example/v1/commits?per_page=2&page=9>; rel="last""#,
                ),
            ),
            page(
                r#"["c3"]"#,
                Some(r#"<https://api.example/v1/commits?per_page=2&page=1>; rel="first""#),
            ),
        ]);
        let request = CommitsRequest {
            per_page: Some(2),
            ..CommitsRequest::default()
        };
        let all = client.pages(request).unwrap().all().await.unwrap();
        assert_eq!(all, ["c1", "c2", "c3"]);
        assert_eq!(
            sent.uris(),
            [
                "https://api.example/v1/commits?per_page=2",
                "https://api.example/v1/commits?per_page=2&page=2",
            ]
        );
    }

    #[tokio::test]
    async fn page_and_per_page_page_until_a_short_page() {
        let (client, sent) = answered(vec![
            super::response(200, r#"["t1","t2"]"#),
            super::response(200, r#"["t3"]"#),
        ]);
        let request = TagsRequest {
            per_page: Some(2),
            ..TagsRequest::default()
        };
        let all = client.pages(request).unwrap().all().await.unwrap();
        assert_eq!(all, ["t1", "t2", "t3"]);
        assert_eq!(
            sent.uris(),
            [
                "https://api.example/v1/tags?per_page=2",
                "https://api.example/v1/tags?per_page=2&page=2",
            ]
        );
    }

    #[tokio::test]
    async fn speakeasy_url_paging_follows_next_url_until_null() {
        let (client, sent) = answered(vec![
            super::response(200, r#"{"data":["x"],"next_page":"/v1/articles?after=x"}"#),
            super::response(200, r#"{"data":["y"],"next_page":null}"#),
        ]);
        let all = client
            .pages(ArticlesRequest::default())
            .unwrap()
            .all()
            .await
            .unwrap();
        assert_eq!(all, ["x", "y"]);
        assert_eq!(sent.uris().len(), 2);
    }
}

/// The same operations served with axum (the runtime's `axum` feature): `Routes` mounts each
/// at its method and path, handlers take request types and return response enums, refusals
/// take the spec's documented status, and credentials are read per operation.
mod server {
    use super::operations::input::*;
    use typewright_runtime::credentials::Credential;
    use typewright_runtime::http::{Request, StatusCode};
    use typewright_runtime::server::axum::Router;
    use typewright_runtime::server::axum::body::Body;
    use typewright_runtime::server::{Auth, Authenticate, Credentials, Denied, Route};
    use typewright_runtime::tower::ServiceExt;
    use typewright_runtime::webhooks::{Verified, Verifier};

    async fn pet(request: PetsGetRequest) -> PetsGetResponse {
        PetsGetResponse::Ok {
            headers: PetsGetOkHeaders {
                x_rate_limit: 9,
                e_tag: None,
            },
            body: Pet {
                id: Some(request.id),
                name: format!("tags {:?}", request.tags.unwrap_or_default()),
            },
        }
    }

    /// Status, headers and body text of `uri` (with `headers`) asked of `app`.
    async fn ask(
        app: &Router,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (StatusCode, typewright_runtime::http::HeaderMap, String) {
        let mut request = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Body::from(body.to_string())).unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = typewright_runtime::server::axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (
            status,
            headers,
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    }

    #[tokio::test]
    async fn routes_serve_each_operation_at_its_path_and_leave_the_rest_unserved() {
        let app = Routes {
            pets_get: Route::new(pet),
            ..Routes::unserved()
        }
        .into_router();
        let bearer = [("authorization", "Bearer t")];
        let (status, headers, body) = ask(&app, "GET", "/pets/7?tags=a&tags=b", &bearer, "").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(headers["x-rate-limit"], "9");
        assert_eq!(body, r#"{"id":7,"name":"tags [\"a\", \"b\"]"}"#);
        // `HEAD` is answered by the `GET` route.
        let (status, _, _) = ask(&app, "HEAD", "/pets/7", &bearer, "").await;
        assert_eq!(status, 200);
        // An operation left to `unserved()`, and a path no operation has.
        let (status, _, body) = ask(&app, "POST", "/login", &[], "user=a&password=b").await;
        assert_eq!(status, 501);
        assert_eq!(body, "`POST /login` is not served here");
        let (status, _, _) = ask(&app, "GET", "/nowhere", &[], "").await;
        assert_eq!(status, 404);
    }

    #[tokio::test]
    async fn a_refused_request_gets_the_documented_status_in_a_body_its_schema_accepts() {
        let app = Routes {
            pets_get: Route::new(pet),
            ..Routes::unserved()
        }
        .into_router();
        // `id` must be at least 1: `pets:get` documents `4XX` with a `Problem`, whose only
        // required key is `title`, so the refusal is RFC 9457's shape.
        let bearer = [("authorization", "Bearer t")];
        let (status, _, body) = ask(&app, "GET", "/pets/0", &bearer, "").await;
        assert_eq!(status, 400, "{body}");
        let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(problem["title"], "Bad Request");
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.starts_with("path parameter `id`"), "{detail}");
        // A client of the same spec reads it as the documented variant.
        let response = typewright_runtime::http::Response::builder()
            .status(400)
            .body(body.into_bytes())
            .unwrap();
        assert!(matches!(
            PetsGetResponse::try_from(response).unwrap(),
            PetsGetResponse::ClientError { .. }
        ));
        // `login` documents no refusal: `400`, the reason as text.
        let app = Routes {
            login: Route::new(|_: LoginRequestBody| async {
                LoginResponse::Undocumented {
                    status: 204,
                    body: Vec::new(),
                }
            }),
            ..Routes::unserved()
        }
        .into_router();
        let basic = [
            ("authorization", "Basic dTpw"),
            ("content-type", "application/x-www-form-urlencoded"),
        ];
        let (status, _, body) = ask(&app, "POST", "/login", &basic, "user=a").await;
        assert_eq!(status, 400);
        assert!(body.contains("password"), "{body}");
    }

    /// What a handler is told of the credentials: the scheme each came for.
    async fn told(credentials: Credentials, _: UploadsCreateRequest) -> UploadsCreateResponse {
        let mut schemes: Vec<String> = credentials
            .iter()
            .map(|(scheme, credential)| match credential {
                Credential::Bearer(token) => format!("{scheme}: bearer {}", token.expose()),
                Credential::Basic { username, password } => {
                    format!("{scheme}: {username}/{}", password.expose())
                }
                Credential::ApiKey(key) => format!("{scheme}: key {}", key.expose()),
            })
            .collect();
        schemes.sort();
        UploadsCreateResponse::Undocumented {
            status: 200,
            body: schemes.join(", ").into_bytes(),
        }
    }

    #[tokio::test]
    async fn the_credentials_an_operation_requires_are_read_for_its_handler() {
        let app = Routes {
            uploads_create: Route::new(told),
            orders_list: Route::new(
                |credentials: Credentials, _: OrdersListRequest| async move {
                    let text = match credentials.get("session") {
                        Some(Credential::ApiKey(sid)) => format!("session {}", sid.expose()),
                        _ => format!("anonymous: {}", credentials.is_empty()),
                    };
                    OrdersListResponse::Undocumented {
                        status: 200,
                        body: text.into_bytes(),
                    }
                },
            ),
            ..Routes::unserved()
        }
        .into_router();
        let bytes = [("content-type", "application/octet-stream")];
        // `uploads:create`: OAuth2's bearer token, or basic and a query key together.
        let bearer = [bytes[0], ("authorization", "Bearer tok")];
        let (status, _, body) = ask(&app, "POST", "/uploads", &bearer, "x").await;
        assert_eq!((status.as_u16(), body.as_str()), (200, "oauth: bearer tok"));
        let basic = [bytes[0], ("authorization", "basic dXNlcjpwYXNz")];
        let (status, _, body) = ask(&app, "POST", "/uploads?key=k%20ey", &basic, "x").await;
        assert_eq!(
            (status.as_u16(), body.as_str()),
            (200, "basic: user/pass, key_query: key k ey")
        );
        // Basic alone satisfies no alternative: 401 before the handler, with challenges.
        let (status, headers, body) = ask(&app, "POST", "/uploads", &basic, "x").await;
        assert_eq!(status, 401);
        assert_eq!(headers["www-authenticate"], "Bearer, Basic");
        assert_eq!(
            body,
            "this operation requires credentials: oauth, or basic and key_query"
        );
        assert!(!body.contains("dXNlcjpwYXNz"));
        // `orders:list`: a session cookie, or nothing.
        let cookie = [("cookie", "theme=dark; sid=s1")];
        let (_, _, body) = ask(&app, "GET", "/orders", &cookie, "").await;
        assert_eq!(body, "session s1");
        let (_, _, body) = ask(&app, "GET", "/orders", &[], "").await;
        assert_eq!(body, "anonymous: true");
        // A secret never shows in `Debug`.
        let credentials = format!("{:?}", Credential::bearer("tok"));
        assert!(!credentials.contains("tok"), "{credentials}");
    }

    struct Caller(String);

    impl Authenticate<()> for Caller {
        async fn authenticate(credentials: Credentials, _: &()) -> Result<Caller, Denied> {
            match credentials.bearer().map(|t| t.expose().to_string()) {
                Some(token) if token == "admin" => Ok(Caller(token)),
                Some(_) => Err(Denied::forbidden("this token may not upload")),
                None => Err(Denied::unauthorized("a bearer token")),
            }
        }
    }

    #[tokio::test]
    async fn authenticate_decides_who_the_caller_is_before_the_handler_runs() {
        let app = Routes {
            uploads_create: Route::new(
                |Auth(caller): Auth<Caller>, _: UploadsCreateRequest| async move {
                    UploadsCreateResponse::Undocumented {
                        status: 200,
                        body: caller.0.into_bytes(),
                    }
                },
            ),
            ..Routes::unserved()
        }
        .into_router();
        let ask_as = |token: &'static str| {
            let app = app.clone();
            async move {
                let headers = [
                    ("content-type", "application/octet-stream"),
                    ("authorization", token),
                ];
                ask(&app, "POST", "/uploads", &headers, "x").await
            }
        };
        let (status, _, body) = ask_as("Bearer admin").await;
        assert_eq!((status.as_u16(), body.as_str()), (200, "admin"));
        let (status, _, body) = ask_as("Bearer guest").await;
        assert_eq!(
            (status.as_u16(), body.as_str()),
            (403, "this token may not upload")
        );
    }

    fn delivery(verifier: &Verifier, body: &str, signer: &Verifier) -> Request<Body> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let _ = verifier;
        Request::post("/hooks")
            .header("content-type", "application/json")
            .header("webhook-id", "msg_1")
            .header("webhook-timestamp", now.to_string())
            .header(
                "webhook-signature",
                signer.sign("msg_1", now, body.as_bytes()),
            )
            .body(Body::from(body.to_string()))
            .unwrap()
    }

    #[tokio::test]
    async fn webhooks_and_callbacks_are_read_by_their_tag_once_their_signature_holds() {
        async fn receive(Verified(event): Verified<Webhook>) -> String {
            match event {
                Webhook::PetAdopted(adopted) => format!("adopted {}", adopted.pet.name),
                Webhook::PetReturned(returned) => format!("returned: {}", returned.reason),
                Webhook::SubscribeOnPet(listed) => format!("listed {}", listed.pet.name),
            }
        }
        let verifier = Verifier::new("whsec_c2VjcmV0").unwrap();
        let app: Router = Router::new()
            .route(
                "/hooks",
                typewright_runtime::server::axum::routing::post(receive),
            )
            .with_state(verifier.clone());
        let send = |body: &'static str, signer: Verifier| {
            let app = app.clone();
            let request = delivery(&verifier, body, &signer);
            async move {
                let response = app.oneshot(request).await.unwrap();
                let status = response.status().as_u16();
                let bytes =
                    typewright_runtime::server::axum::body::to_bytes(response.into_body(), 1 << 20)
                        .await
                        .unwrap();
                (status, String::from_utf8_lossy(&bytes).into_owned())
            }
        };
        let adopted = r#"{"type": "pet.adopted", "pet": {"name": "Rex"}}"#;
        assert_eq!(
            send(adopted, verifier.clone()).await,
            (200, "adopted Rex".into())
        );
        let returned = r#"{"type": "pet.returned", "pet": {"name": "Rex"}, "reason": "allergy"}"#;
        assert_eq!(
            send(returned, verifier.clone()).await,
            (200, "returned: allergy".into())
        );
        let listed = r#"{"type": "pet.listed", "pet": {"name": "Tom"}}"#;
        assert_eq!(
            send(listed, verifier.clone()).await,
            (200, "listed Tom".into())
        );
        // Another key: refused before the payload is read, and nothing of it is shown.
        let other = Verifier::new("whsec_b3RoZXI=").unwrap();
        let (status, body) = send(adopted, other).await;
        assert_eq!(
            (status, body.as_str()),
            (401, "no signature matches the delivery")
        );
        // Signed, but no event of the spec.
        let (status, body) = send(r#"{"type": "pet.lost"}"#, verifier.clone()).await;
        assert_eq!(status, 400);
        assert!(body.contains("`type` is `pet.lost`"), "{body}");
        // Without verification, `Webhook` reads a request as any `TryFrom` does.
        let request = Request::post("/anywhere")
            .header("content-type", "application/json")
            .body(adopted.as_bytes().to_vec())
            .unwrap();
        assert!(matches!(
            Webhook::try_from(request),
            Ok(Webhook::PetAdopted(_))
        ));
    }
}
