//! A small axum web server on `opentok-sdk`: the routes a video app's backend needs first.
//!
//! | route | does |
//! |---|---|
//! | `POST /rooms` | creates a routed session (a "room"): `201 {"sessionId"}` |
//! | `POST /rooms/{sessionId}/tokens` | mints a client token, body `{"role"?, "data"?}`: `201 {"token", "role"}` |
//! | `POST /rooms/{sessionId}/archives` | starts recording, body `{"name"?}`: `201` and the archive |
//! | `GET /archives/{archiveId}` | the archive as the service reports it |
//! | `POST /archives/{archiveId}/stop` | stops recording: the archive |
//! | `POST /callbacks/opentok` | where the service POSTs events: read with [`CallbackEvent::parse`] |
//! | `GET /events` | the last [`MAX_EVENTS`] callback events received, oldest first |
//!
//! Errors are `{"error", "retryable"}` with a status chosen by [`error_status`] from
//! [`Error::is_client_error`], [`Error::status`] and [`Error::is_retryable`].
//!
//! Callbacks carry no signature: give the callback route a path nobody can guess in
//! production, and put the server behind a reverse proxy that times out idle connections
//! (axum's `serve` keeps them as long as the peer does).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use opentok::archive::{Archive, StartArchive, StopArchive};
use opentok::callback::CallbackEvent;
use opentok::session::{CreateSession, MediaMode};
use opentok::token::{Role, TokenOptions};
use opentok::{Error, OpenTok};
use serde::Deserialize;
use serde_json::{Value, json};

/// How many callback events the server keeps (the oldest is dropped first).
pub const MAX_EVENTS: usize = 100;

/// The largest callback body accepted; the service's are a few kilobytes.
pub const MAX_CALLBACK_BODY: usize = 64 * 1024;

/// What the handlers share: the OpenTok client and the last callback events.
#[derive(Debug, Clone)]
pub struct AppState {
    ot: OpenTok,
    events: Arc<Mutex<VecDeque<CallbackEvent>>>,
}

impl AppState {
    /// State around a configured client (`OpenTok::from_env()`, or one pointed at the
    /// emulator).
    pub fn new(ot: OpenTok) -> Self {
        Self {
            ot,
            events: Arc::default(),
        }
    }

    /// The callback events received, oldest first (at most [`MAX_EVENTS`]).
    pub fn recent_events(&self) -> Vec<CallbackEvent> {
        let events = self.events.lock().unwrap_or_else(PoisonError::into_inner);
        events.iter().cloned().collect()
    }

    fn record(&self, event: CallbackEvent) {
        let mut events = self.events.lock().unwrap_or_else(PoisonError::into_inner);
        if events.len() == MAX_EVENTS {
            events.pop_front();
        }
        events.push_back(event);
    }
}

/// The application: every route above, sharing `state`.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/rooms", post(create_room))
        .route("/rooms/{session_id}/tokens", post(create_token))
        .route("/rooms/{session_id}/archives", post(start_archive))
        .route("/archives/{archive_id}", get(get_archive))
        .route("/archives/{archive_id}/stop", post(stop_archive))
        .route(
            "/callbacks/opentok",
            post(receive_callback).layer(DefaultBodyLimit::max(MAX_CALLBACK_BODY)),
        )
        .route("/events", get(recent_events))
        .with_state(state)
}

/// The status the app answers with when an OpenTok call fails.
///
/// * bad input: the service's own 4xx (404 for an unknown archive, 409 for a session
///   already recorded, …), or 400 when the SDK refused it before sending;
/// * 401 / 403 from the service: this server's credentials are wrong, not the visitor's
///   input, so 500;
/// * worth another try ([`Error::is_retryable`]): 503;
/// * anything else (a 500 from the service, an unreadable reply): 502.
pub fn error_status(e: &Error) -> StatusCode {
    match e.status() {
        Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) => StatusCode::INTERNAL_SERVER_ERROR,
        Some(status) if e.is_client_error() => status,
        None if e.is_client_error() => StatusCode::BAD_REQUEST,
        _ if e.is_retryable() => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::BAD_GATEWAY,
    }
}

/// An OpenTok error as a JSON response. Its text names the field and rule, or the
/// service's status and message; the SDK keeps secrets and tokens out of it.
#[derive(Debug)]
pub struct AppError(pub Error);

impl<E: Into<Error>> From<E> for AppError {
    fn from(e: E) -> Self {
        AppError(e.into())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.0.to_string(), "retryable": self.0.is_retryable() });
        (error_status(&self.0), Json(body)).into_response()
    }
}

async fn create_room(State(app): State<AppState>) -> Result<(StatusCode, Json<Value>), AppError> {
    let session = app
        .ot
        .sessions()
        .create(CreateSession::new().media_mode(MediaMode::Routed))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "sessionId": session.session_id })),
    ))
}

/// The body of `POST /rooms/{sessionId}/tokens`.
#[derive(Debug, Default, Deserialize)]
struct TokenRequest {
    /// `subscriber`, `publisher` (the default), `publisheronly` or `moderator`.
    role: Option<String>,
    /// Connection data the other clients see (at most 1000 characters).
    data: Option<String>,
}

async fn create_token(
    State(app): State<AppState>,
    Path(session_id): Path<String>,
    Json(request): Json<TokenRequest>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let role: Role = request.role.as_deref().unwrap_or("publisher").parse()?;
    let mut options = TokenOptions::new().role(role);
    if let Some(data) = request.data {
        options = options.data(data);
    }
    let token = app.ot.generate_token(&session_id, &options)?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "token": token, "role": role.as_str() })),
    ))
}

/// The body of `POST /rooms/{sessionId}/archives`.
#[derive(Debug, Default, Deserialize)]
struct ArchiveRequest {
    /// The archive's name (at most 80 characters).
    name: Option<String>,
}

async fn start_archive(
    State(app): State<AppState>,
    Path(session_id): Path<String>,
    Json(request): Json<ArchiveRequest>,
) -> Result<(StatusCode, Json<Archive>), AppError> {
    let mut op = StartArchive::new(session_id);
    if let Some(name) = request.name {
        op = op.name(name);
    }
    let archive = app.ot.archives().start(op).await?;
    Ok((StatusCode::CREATED, Json(archive)))
}

async fn get_archive(
    State(app): State<AppState>,
    Path(archive_id): Path<String>,
) -> Result<Json<Archive>, AppError> {
    let op = opentok::archive::GetArchive::new(archive_id);
    Ok(Json(app.ot.archives().get(op).await?))
}

async fn stop_archive(
    State(app): State<AppState>,
    Path(archive_id): Path<String>,
) -> Result<Json<Archive>, AppError> {
    Ok(Json(app.ot.archives().stop(StopArchive::new(archive_id)).await?))
}

/// Reads what the service POSTed and keeps it. Answers 200 quickly (the service retries
/// other statuses); real work belongs in a queue.
async fn receive_callback(State(app): State<AppState>, body: Bytes) -> Response {
    match CallbackEvent::parse(&body) {
        Ok(event) => {
            app.record(event);
            StatusCode::OK.into_response()
        }
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": e.to_string(), "retryable": false })),
        )
            .into_response(),
    }
}

async fn recent_events(State(app): State<AppState>) -> Json<Vec<CallbackEvent>> {
    Json(app.recent_events())
}
