//! The language server: the only module that knows tower-lsp, URIs and line/column positions.
//! `server` takes each message to its handler (`handlers`, one file per family of requests); a
//! handler converts positions to byte offsets (`position`, `context`), calls a pure feature and
//! converts its result back (`convert`). Work beyond one request has a module of its own:
//! `indexing`, `reparse`, `diagnostics` (pushed), `result_ids` and `workspace_check` (pulled),
//! `configuration`, `progress`, `capabilities`.
//! Must not be depended on by the pure core.

mod baselines;
mod capabilities;
mod configuration;
mod context;
mod convert;
mod diagnostics;
mod framing;
mod handlers;
mod indexing;
mod position;
mod progress;
mod reparse;
mod result_ids;
mod server;
mod state;
mod workspace_check;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::Notify;
use tower_lsp::jsonrpc::{Request, Response};
use tower_lsp::{ClientSocket, LspService, Server};
use tower_service::Service;

pub use server::Backend;

/// The custom request that panics inside a handler, available when the environment variable
/// `RAPPORTEUR_TEST_HOOKS` is set; tests use it to prove a panic does not kill the server.
pub const PANIC_METHOD: &str = "rapporteur/debugPanic";

/// The buffer of each pipe between our framing and tower-lsp: a writer waits when it is full,
/// so 1 MB holds many ordinary messages in flight while bounding what a slow reader costs.
const PIPE_CAPACITY: usize = 1 << 20;

/// Builds the service (used by `serve` and by in-process tests).
pub fn service() -> (LspService<Backend>, ClientSocket) {
    service_with(std::env::var_os("RAPPORTEUR_TEST_HOOKS").is_some())
}

/// Builds the service, with the test hooks ([`PANIC_METHOD`]) when `test_hooks` is set.
pub fn service_with(test_hooks: bool) -> (LspService<Backend>, ClientSocket) {
    let mut builder = LspService::build(Backend::new);
    if test_hooks {
        builder = builder.custom_method(PANIC_METHOD, Backend::debug_panic);
    }
    builder.finish()
}

/// Serves the protocol over any pair of streams until the client exits.
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    serve_with(
        input,
        output,
        std::env::var_os("RAPPORTEUR_TEST_HOOKS").is_some(),
    )
    .await;
}

/// [`serve`] with or without the test hooks.
pub async fn serve_with<I, O>(input: I, output: O, test_hooks: bool)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (service, socket) = service_with(test_hooks);
    let exited = Arc::new(Notify::new());
    let service = ExitAware {
        inner: service,
        exited: exited.clone(),
    };
    // tower-lsp reads and writes through pipes: our framing reads the client's bytes and hands
    // on well-formed messages only, and one writer sends both its answers and the server's
    // messages, a whole frame at a time.
    let (to_server, server_in) = tokio::io::duplex(PIPE_CAPACITY);
    let (server_out, from_server) = tokio::io::duplex(PIPE_CAPACITY);
    let (frames, frames_rx) = tokio::sync::mpsc::unbounded_channel();
    let reading = framing::read_frames(input, to_server, frames.clone());
    let forwarding = framing::forward_frames(from_server, frames);
    let writing = framing::write_frames(output, frames_rx);
    let serving = Server::new(server_in, server_out, socket).serve(service);
    // tower-lsp's loop only notices `exit` when the next message or the end of input arrives;
    // a client that sends `exit` and keeps the pipe open must still see the server go.
    tokio::select! {
        _ = async { tokio::join!(reading, forwarding, writing, serving) } => {}
        _ = exited.notified() => {}
    }
}

/// Passes every message to the server and signals once the `exit` notification was handled.
struct ExitAware<S> {
    inner: S,
    exited: Arc<Notify>,
}

impl<S> Service<Request> for ExitAware<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let is_exit = req.method() == "exit";
        let fut = self.inner.call(req);
        let exited = self.exited.clone();
        Box::pin(async move {
            let r = fut.await;
            if is_exit {
                exited.notify_one();
            }
            r
        })
    }
}

/// `rapporteur serve [--stdio]`: logs to stderr (level from `RUST_LOG`), protocol on stdio.
pub fn run_stdio() {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .try_init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("rapporteur: cannot start the async runtime: {e}");
            return;
        }
    };
    runtime.block_on(async {
        serve(tokio::io::stdin(), tokio::io::stdout()).await;
    });
    // Background indexing may still run; do not wait for it.
    runtime.shutdown_background();
}
