//! Runs the example server: credentials from `OPENTOK_API_KEY`, `OPENTOK_API_SECRET` and
//! (for the emulator) `OPENTOK_API_URL`; listens on `LISTEN` (default `127.0.0.1:3000`).

use opentok::OpenTok;
use opentok_axum_example::{AppState, app};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let ot = OpenTok::from_env()?;
    let listen = std::env::var("LISTEN").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app(AppState::new(ot)))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
