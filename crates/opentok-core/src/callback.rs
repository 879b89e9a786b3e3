//! Callbacks: registration calls and the event payloads the service POSTs to them.

use crate::operation::OperationInfo;

/// The operations this module defines, for the operations table.
pub(crate) const OPERATIONS: &[OperationInfo] = &[];
