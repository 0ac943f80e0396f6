//! `examples/call.rs`: call any action from the command line.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Schema;

/// Emits the example program; its logic lives in the runtime's `cli` module.
pub fn emit(schema: &Schema) -> TokenStream {
    let krate = super::crate_ident(schema);
    let usage = format!(
        " Calls one action: `cargo run -p {krate} --example call -- <Action> <request.json | ->`.\n\n \
         Credentials come from `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` and\n \
         `TENCENTCLOUD_SESSION_TOKEN`; `{upper}_ENDPOINT` (a full URL) and `TENCENTCLOUD_REGION`\n \
         are honoured. Prints the response as JSON and exits 0; on an API error prints the\n \
         code, message and request id and exits 1; on a local error exits 2; when the service\n \
         answered but its answer cannot be decoded (the action may have been carried out,\n \
         so do not simply resend it) prints the reason and the body and exits 3.",
        upper = schema.service.env_prefix
    );
    let lines: Vec<&str> = usage.lines().collect();
    quote! {
        #(#![doc = #lines])*

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> ::std::process::ExitCode {
            ::tencentcloud_runtime::cli::run(#krate::Client::builder(), |client: #krate::Client, action: ::std::string::String, request: ::std::string::String| async move {
                client.call_by_name(&action, &request).await
            })
            .await
        }
    }
}
