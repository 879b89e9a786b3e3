//! Audio Connector: stream a session's audio to a WebSocket, and stop it.

use crate::operation::OperationInfo;

/// The operations this module defines, for the operations table.
pub(crate) const OPERATIONS: &[OperationInfo] = &[];
