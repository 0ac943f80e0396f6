//! The service client: a thin handle over the runtime's client.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc;
use super::type_paths::ident;
use crate::model::Schema;

/// Emits `client.rs`: `SERVICE`, `Client`, `ClientBuilder` and dynamic dispatch by action name.
pub fn emit(schema: &Schema) -> TokenStream {
    let s = &schema.service;
    let (name, version, rate) = (&s.name, &s.api_version, s.rate_limit);
    let krate = super::crate_ident(schema);
    let production = hosts(&s.endpoint, &s.hosts);
    let test = match s.environments.get("test") {
        Some(env) => {
            let hosts = hosts(&env.endpoint, &env.hosts);
            quote!(::std::option::Option::Some(#hosts))
        }
        None => quote!(::std::option::Option::None),
    };
    let arms = schema.actions.iter().map(|a| {
        let wire = &a.name;
        let module = ident(&a.module);
        let meta = ident(&a.static_name);
        let req = ident(&a.request_type);
        let resp = ident(&a.response_type);
        quote! {
            #wire => self.inner.call_json::<crate::types::#req, crate::types::#resp, crate::ErrorCode>(&crate::actions::#module::#meta, request_json).await,
        }
    });
    let client_doc = doc(&format!(
        "Client for `{name}` (API version {version}).\n\n\
         Cheap to clone and safe to share between tasks: clones share one connection pool,\n\
         credentials provider and rate limiter. Build one with [`Client::builder`].\n\n\
         ```no_run\n\
         # fn main() -> Result<(), Box<dyn std::error::Error>> {{\n\
         // Credentials come from the environment or the profile file unless set here.\n\
         let client = {krate}::Client::builder().region(\"ap-guangzhou\").build()?;\n\
         # let _ = client;\n\
         # Ok(()) }}\n\
         ```"
    ));
    let paginator = schema
        .actions
        .iter()
        .any(|a| a.pagination.is_some())
        .then(|| {
            quote! {
                /// The pages of a listing, returned by the `<action>_pages` methods of [`Client`]:
                /// a [`Stream`](tencentcloud_runtime::paginate::Stream) of responses, with
                /// [`next_page`](tencentcloud_runtime::paginate::Paginator::next_page),
                /// [`items`](tencentcloud_runtime::paginate::Paginator::items) and
                /// [`collect_items`](tencentcloud_runtime::paginate::Paginator::collect_items).
                /// `R` is the action's request type; see the runtime's
                /// [`paginate`](tencentcloud_runtime::paginate) module for how pages advance and end.
                pub type Paginator<R> = ::tencentcloud_runtime::paginate::Paginator<R, crate::ErrorCode>;
            }
        });
    quote! {
        /// What the runtime needs to know about the service.
        pub static SERVICE: ::tencentcloud_runtime::ServiceMeta = ::tencentcloud_runtime::ServiceMeta {
            name: #name,
            version: #version,
            production: #production,
            test: #test,
            default_rate_limit: #rate,
        };

        /// Builder for [`Client`]: credentials, endpoint, region, timeouts, retries, rate limits.
        pub type ClientBuilder = ::tencentcloud_runtime::ClientBuilder<Client>;

        /// Every way a call can fail; [`crate::ErrorCode`] types the service's own error codes.
        pub type Error = ::tencentcloud_runtime::Error<crate::ErrorCode>;

        #paginator

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: ::tencentcloud_runtime::Client,
        }

        impl Client {
            /// A builder with the service's defaults.
            pub fn builder() -> ClientBuilder {
                ::tencentcloud_runtime::ClientBuilder::new(&SERVICE)
            }

            /// The service-agnostic client underneath.
            pub fn runtime(&self) -> &::tencentcloud_runtime::Client {
                &self.inner
            }

            /// Calls the action named `action` with a JSON request, checked against
            /// the typed request, and returns the typed response as JSON.
            ///
            /// For tools that choose the action at run time; typed code should call
            /// the action's own method.
            pub async fn call_by_name(
                &self,
                action: &str,
                request_json: &str,
            ) -> ::std::result::Result<::serde_json::Value, ::tencentcloud_runtime::DynamicCallError<crate::ErrorCode>> {
                match action {
                    #(#arms)*
                    other => ::std::result::Result::Err(::tencentcloud_runtime::DynamicCallError::UnknownAction(other.to_owned())),
                }
            }
        }

        impl ::std::convert::From<::tencentcloud_runtime::Client> for Client {
            fn from(inner: ::tencentcloud_runtime::Client) -> Self {
                Self { inner }
            }
        }
    }
}

/// `Hosts::new(endpoint)` with the other hosts of one deployment.
fn hosts(endpoint: &str, by_role: &std::collections::BTreeMap<String, String>) -> TokenStream {
    let file = by_role.get("file").map(|f| quote!(.with_file(#f)));
    quote!(::tencentcloud_runtime::Hosts::new(#endpoint) #file)
}
