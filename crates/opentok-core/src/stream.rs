//! Streams: list, get, layout class lists, force mute one, mute all and undo; the stream model.

use crate::operation::OperationInfo;

/// The operations this module defines, for the operations table.
pub(crate) const OPERATIONS: &[OperationInfo] = &[];
