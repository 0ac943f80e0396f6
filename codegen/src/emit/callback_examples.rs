//! `examples/callback.rs` (decode one callback body from the command line)
//! and `examples/receiver.rs` (an HTTP receiver on hyper).
//!
//! `callback` is a contract other tests rely on:
//! `callback -- [--key K] [--token T] [--signature S] <body-file | ->` prints
//! the callback as JSON and exits 0; a callback that fails verification,
//! decryption or decoding exits 1 with one line on stderr; a local problem
//! (unreadable file, bad flags, an encrypted body without `--key`) exits 2.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Schema;

/// Flag parsing shared by both programs: `--name value` or `--name=value`,
/// each at most once, plus positional arguments.
fn flag_parser() -> TokenStream {
    quote! {
        /// The command line: values of the known flags, and the other arguments.
        struct Args {
            flags: ::std::collections::BTreeMap<&'static str, ::std::string::String>,
            positional: ::std::vec::Vec<::std::string::String>,
        }

        /// `--name value` or `--name=value` for each of `known`, at most once each.
        fn parse_args(known: &[&'static str]) -> ::std::result::Result<Args, ::std::string::String> {
            let mut flags = ::std::collections::BTreeMap::new();
            let mut positional = ::std::vec::Vec::new();
            let mut args = ::std::env::args().skip(1);
            while let ::std::option::Option::Some(arg) = args.next() {
                if !arg.starts_with("--") {
                    positional.push(arg);
                    continue;
                }
                let (name, inline) = match arg.split_once('=') {
                    ::std::option::Option::Some((name, value)) => (name.to_owned(), ::std::option::Option::Some(value.to_owned())),
                    ::std::option::Option::None => (arg.clone(), ::std::option::Option::None),
                };
                let ::std::option::Option::Some(flag) = known.iter().find(|k| **k == name) else {
                    return ::std::result::Result::Err(::std::format!("unknown flag `{name}`"));
                };
                let ::std::option::Option::Some(value) = inline.or_else(|| args.next()) else {
                    return ::std::result::Result::Err(::std::format!("`{name}` needs a value"));
                };
                if flags.insert(*flag, value).is_some() {
                    return ::std::result::Result::Err(::std::format!("`{name}` is given twice"));
                }
            }
            ::std::result::Result::Ok(Args { flags, positional })
        }
    }
}

/// `examples/callback.rs`.
pub fn program(schema: &Schema) -> TokenStream {
    let krate = super::crate_ident(schema);
    let usage = format!(
        "usage: cargo run -p {krate} --example callback -- [--key <CallbackUrlKey>] [--token <token>] [--signature <Content-Signature value>] <body-file | ->"
    );
    let doc = format!(
        " Decodes one callback body as received over HTTP:\n \
         `cargo run -p {krate} --example callback -- [--key <CallbackUrlKey>] [--token <token>] [--signature <Content-Signature value>] <body-file | ->`.\n\n \
         With `--token` the signature is checked and required; an encrypted body needs `--key`\n \
         (with a key, plaintext bodies are accepted too). Prints the callback as one line of JSON,\n \
         `{{\"MsgId\": .., \"MsgType\": .., \"MsgVersion\": .., \"MsgData\": {{..}}}}` with every member\n \
         the service sent, and exits 0; the reachability probe prints `{{}}` and a legacy V1 message\n \
         its object, each with a note on stderr, and exit 0 too (a receiver answers them 200).\n \
         Anything wrong with the callback itself (signature missing or wrong, undecodable base64,\n \
         wrong key or padding, decrypted text not a callback) prints one line on stderr and exits 1;\n \
         a local problem (unreadable file, bad flags, an encrypted body without `--key`) exits 2."
    );
    let lines: Vec<&str> = doc.lines().collect();
    let parser = flag_parser();
    quote! {
        #(#![doc = #lines])*

        use ::std::io::Read;
        use ::std::process::ExitCode;

        use #krate::callbacks::{CallbackError, Delivery, Receiver};

        const USAGE: &str = #usage;

        #parser

        /// A local problem: the message, then exit code 2.
        fn local(message: impl ::std::fmt::Display) -> ExitCode {
            ::std::eprintln!("error: {message}");
            ExitCode::from(2)
        }

        fn main() -> ExitCode {
            let args = match parse_args(&["--key", "--token", "--signature"]) {
                ::std::result::Result::Ok(args) => args,
                ::std::result::Result::Err(message) => return local(::std::format!("{message}\n{USAGE}")),
            };
            let [input] = args.positional.as_slice() else {
                return local(::std::format!("give exactly one body file, or `-` for standard input\n{USAGE}"));
            };
            let signature = args.flags.get("--signature");
            if signature.is_some() && !args.flags.contains_key("--token") {
                return local("`--signature` is checked with a token: give `--token` too");
            }
            let mut body = ::std::vec::Vec::new();
            let read = if input == "-" {
                ::std::io::stdin().read_to_end(&mut body).map(drop)
            } else {
                ::std::fs::File::open(input).and_then(|mut file| file.read_to_end(&mut body)).map(drop)
            };
            if let ::std::result::Result::Err(e) = read {
                return local(::std::format!("cannot read `{input}`: {e}"));
            }
            let mut builder = Receiver::builder().allow_plaintext(true);
            if let ::std::option::Option::Some(key) = args.flags.get("--key") {
                builder = builder.callback_key(key.as_str());
            }
            if let ::std::option::Option::Some(token) = args.flags.get("--token") {
                builder = builder.token(token.as_str());
            }
            let receiver = match builder.build() {
                ::std::result::Result::Ok(receiver) => receiver,
                ::std::result::Result::Err(e) => return local(e),
            };
            match receiver.parse(&body, signature.map(::std::string::String::as_str)) {
                ::std::result::Result::Ok(Delivery::Callback(callback)) => {
                    ::std::println!("{}", ::serde_json::to_string(&callback).unwrap_or_default());
                    ExitCode::SUCCESS
                }
                ::std::result::Result::Ok(Delivery::Probe) => {
                    ::std::eprintln!("note: the reachability probe `{{}}`; a receiver answers it with 200");
                    ::std::println!("{{}}");
                    ExitCode::SUCCESS
                }
                ::std::result::Result::Ok(Delivery::LegacyV1(object)) => {
                    ::std::eprintln!("note: a legacy V1 message (no MsgId, MsgType, MsgVersion envelope)");
                    ::std::println!("{}", ::serde_json::Value::Object(object));
                    ExitCode::SUCCESS
                }
                ::std::result::Result::Ok(_) => {
                    ::std::eprintln!("error: a message form this version does not know");
                    ExitCode::from(1)
                }
                ::std::result::Result::Err(CallbackError::KeyMissing) => {
                    local("the body is encrypted: give its `--key <CallbackUrlKey>`")
                }
                ::std::result::Result::Err(e) => {
                    ::std::eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// `examples/receiver.rs`.
pub fn receiver(schema: &Schema) -> TokenStream {
    let krate = super::crate_ident(schema);
    let usage = format!(
        "usage: cargo run -p {krate} --example receiver -- [--key <CallbackUrlKey>] [--token <token>] [--listen <address:port>]"
    );
    let doc = format!(
        " A callback receiver on hyper:\n \
         `cargo run -p {krate} --example receiver -- [--key <CallbackUrlKey>] [--token <token>] [--listen <address:port>]`.\n\n \
         Listens on `--listen` (default `127.0.0.1:8080`; port 0 picks a free one) and prints\n \
         `listening on http://<address>` first. Each POST is checked with a `Receiver`: verified\n \
         callbacks are printed as one line of JSON and answered 200, as is the probe `{{}}`; bodies\n \
         over the size limit are answered 413 unread, every other failure 400 (logged on stderr),\n \
         other methods 405. The platform resends what is not answered 200."
    );
    let lines: Vec<&str> = doc.lines().collect();
    let parser = flag_parser();
    quote! {
        #(#![doc = #lines])*

        use ::std::convert::Infallible;
        use ::std::io::Write;
        use ::std::process::ExitCode;
        use ::std::sync::Arc;

        use ::http_body_util::{BodyExt, Full, Limited};
        use ::hyper::body::{Bytes, Incoming};
        use ::hyper::{Method, Request, Response, StatusCode};
        use #krate::callbacks::{Delivery, Receiver};

        const USAGE: &str = #usage;

        #parser

        fn answer(status: StatusCode, text: &'static str) -> ::std::result::Result<Response<Full<Bytes>>, Infallible> {
            let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
            *response.status_mut() = status;
            ::std::result::Result::Ok(response)
        }

        /// One request: 200 for verified callbacks and the probe, an error status otherwise.
        async fn handle(receiver: Arc<Receiver>, request: Request<Incoming>) -> ::std::result::Result<Response<Full<Bytes>>, Infallible> {
            if request.method() != Method::POST {
                return answer(StatusCode::METHOD_NOT_ALLOWED, "callbacks are POSTed");
            }
            let mut values = request.headers().get_all("content-signature").iter();
            let signature = match (values.next(), values.next()) {
                (::std::option::Option::None, _) => ::std::option::Option::None,
                (::std::option::Option::Some(value), ::std::option::Option::None) => match value.to_str() {
                    ::std::result::Result::Ok(text) => ::std::option::Option::Some(text.to_owned()),
                    ::std::result::Result::Err(_) => return answer(StatusCode::BAD_REQUEST, "refused"),
                },
                _ => return answer(StatusCode::BAD_REQUEST, "refused"),
            };
            let body = match Limited::new(request.into_body(), receiver.max_body_len()).collect().await {
                ::std::result::Result::Ok(collected) => collected.to_bytes(),
                ::std::result::Result::Err(_) => {
                    ::std::eprintln!("refused callback: the body is over the size limit or could not be read");
                    return answer(StatusCode::PAYLOAD_TOO_LARGE, "refused");
                }
            };
            match receiver.parse(&body, signature.as_deref()) {
                ::std::result::Result::Ok(Delivery::Callback(callback)) => {
                    // Hand the callback to your application here (de-duplicate by MsgId).
                    let line = ::serde_json::to_string(&callback).unwrap_or_default();
                    let mut out = ::std::io::stdout().lock();
                    let _ = ::std::writeln!(out, "{line}");
                    let _ = out.flush();
                    answer(StatusCode::OK, "success")
                }
                ::std::result::Result::Ok(Delivery::Probe) => answer(StatusCode::OK, "success"),
                ::std::result::Result::Ok(_) => {
                    ::std::eprintln!("accepted a legacy V1 message");
                    answer(StatusCode::OK, "success")
                }
                ::std::result::Result::Err(error) => {
                    ::std::eprintln!("refused callback: {error}");
                    answer(StatusCode::BAD_REQUEST, "refused")
                }
            }
        }

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> ExitCode {
            let args = match parse_args(&["--key", "--token", "--listen"]) {
                ::std::result::Result::Ok(args) if args.positional.is_empty() => args,
                ::std::result::Result::Ok(_) => {
                    ::std::eprintln!("error: unexpected argument\n{USAGE}");
                    return ExitCode::from(2);
                }
                ::std::result::Result::Err(message) => {
                    ::std::eprintln!("error: {message}\n{USAGE}");
                    return ExitCode::from(2);
                }
            };
            let mut builder = Receiver::builder();
            if let ::std::option::Option::Some(key) = args.flags.get("--key") {
                builder = builder.callback_key(key.as_str());
            }
            if let ::std::option::Option::Some(token) = args.flags.get("--token") {
                builder = builder.token(token.as_str());
            }
            let receiver = match builder.build() {
                ::std::result::Result::Ok(receiver) => Arc::new(receiver),
                ::std::result::Result::Err(e) => {
                    ::std::eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            let address = args.flags.get("--listen").map_or("127.0.0.1:8080", ::std::string::String::as_str);
            let listener = match ::tokio::net::TcpListener::bind(address).await {
                ::std::result::Result::Ok(listener) => listener,
                ::std::result::Result::Err(e) => {
                    ::std::eprintln!("error: cannot listen on {address}: {e}");
                    return ExitCode::from(2);
                }
            };
            if let ::std::result::Result::Ok(local) = listener.local_addr() {
                ::std::println!("listening on http://{local}");
                let _ = ::std::io::stdout().flush();
            }
            loop {
                let ::std::result::Result::Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let receiver = Arc::clone(&receiver);
                ::tokio::spawn(async move {
                    let service = ::hyper::service::service_fn(move |request| handle(Arc::clone(&receiver), request));
                    let io = ::hyper_util::rt::TokioIo::new(stream);
                    if let ::std::result::Result::Err(e) = ::hyper::server::conn::http1::Builder::new().serve_connection(io, service).await {
                        ::std::eprintln!("connection error: {e}");
                    }
                });
            }
        }
    }
}
